-- name: table_primary_keys
-- grain: one row per table of the open database's main schema that has a primary key: the key's columns
-- params: none
-- columns: table_name, key_columns (VARCHAR[])
-- scope: none
SELECT table_name, constraint_column_names AS key_columns
FROM duckdb_constraints()
WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type = 'PRIMARY KEY'
ORDER BY table_name;
