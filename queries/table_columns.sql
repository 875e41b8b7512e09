-- name: table_columns
-- grain: one row per table of the open database's main schema: its columns with their DuckDB types, in order
--        (the national views copy them, queries/national.py)
-- params: none
-- columns: table_name, columns (list of [column_name, data_type])
-- scope: none
SELECT c.table_name, list([c.column_name, c.data_type] ORDER BY c.column_index) AS columns
FROM duckdb_columns() c
JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
WHERE c.database_name = current_database() AND c.schema_name = 'main'
GROUP BY c.table_name
ORDER BY c.table_name;
