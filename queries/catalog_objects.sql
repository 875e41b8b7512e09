-- name: catalog_objects
-- grain: one row per schema, table, view, macro, sequence and user type of the open database, with what
--        defines it (to compare a backup's catalog with the one this code's migrations build)
-- params: none
-- columns: kind (schema | table | view | macro | table_macro | sequence | type), schema_name, object_name,
--          definition (a table: its columns with types, defaults and generated expressions, its constraints
--          and its indexes; the others: empty)
-- scope: none
WITH table_parts AS (
    SELECT schema_name, table_name,
           string_agg(column_name || ' ' || data_type || coalesce(' DEFAULT ' || column_default, '')
                      || CASE WHEN is_nullable THEN '' ELSE ' NOT NULL' END
                      || CASE WHEN is_generated THEN ' AS ' || coalesce(generation_expression, '?') ELSE '' END,
                      ', ' ORDER BY column_index) AS part
    FROM duckdb_columns()
    WHERE database_name = current_database()
    GROUP BY ALL
    UNION ALL
    SELECT schema_name, table_name,
           string_agg(constraint_type || ' ' || coalesce(constraint_text, '') || ' ' || coalesce(expression, ''),
                      '; ' ORDER BY constraint_type, constraint_text, expression)
    FROM duckdb_constraints()
    WHERE database_name = current_database()
    GROUP BY ALL
    UNION ALL
    SELECT schema_name, table_name, string_agg(coalesce(sql, index_name), '; ' ORDER BY index_name)
    FROM duckdb_indexes()
    WHERE database_name = current_database()
    GROUP BY ALL
)
SELECT 'schema' AS kind, schema_name, schema_name AS object_name, '' AS definition
FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name <> 'pg_catalog'
    AND schema_name <> 'information_schema'
UNION ALL
SELECT 'table', t.schema_name, t.table_name,
       (SELECT string_agg(p.part, ' | ' ORDER BY p.part) FROM table_parts p
        WHERE p.schema_name = t.schema_name AND p.table_name = t.table_name)
FROM duckdb_tables() t WHERE t.database_name = current_database()
UNION ALL
SELECT 'view', schema_name, view_name, '' FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
UNION ALL
SELECT DISTINCT function_type, schema_name, function_name, '' FROM duckdb_functions()
WHERE database_name = current_database() AND function_type IN ('macro', 'table_macro') AND NOT internal
UNION ALL
SELECT 'sequence', schema_name, sequence_name, '' FROM duckdb_sequences()
WHERE database_name = current_database() AND NOT temporary
UNION ALL
SELECT 'type', schema_name, type_name, '' FROM duckdb_types()
WHERE database_name = current_database() AND NOT internal
ORDER BY ALL;
