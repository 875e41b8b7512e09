-- name: model_catalog
-- grain: one row per view or macro the open database holds, with its definition as DuckDB stores it (to tell
--        whether the database already holds exactly the models of this code)
-- params: none
-- columns: kind (view | macro | table_macro), schema_name, object_name, definition (one row per overload)
-- scope: none
SELECT 'view' AS kind, schema_name, view_name AS object_name, sql AS definition
FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT function_type, schema_name, function_name,
       coalesce(macro_definition, '') || ' (' || array_to_string(parameters, ', ') || ')'
FROM duckdb_functions()
WHERE database_name = current_database() AND function_type IN ('macro', 'table_macro') AND NOT internal
ORDER BY ALL;
