-- name: model_objects
-- grain: one row per view or macro the open database holds (any schema of its catalog), to drop before the
--        models are created again
-- params: none
-- columns: schema_name, object_name, kind (view | macro | table macro)
SELECT schema_name, view_name AS object_name, 'view' AS kind
FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT DISTINCT schema_name, function_name, CASE function_type WHEN 'table_macro' THEN 'table macro' ELSE 'macro' END
FROM duckdb_functions()
WHERE database_name = current_database() AND function_type IN ('macro', 'table_macro') AND NOT internal
ORDER BY kind, schema_name, object_name;
