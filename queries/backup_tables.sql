-- name: backup_tables
-- grain: one row per table of the open database's main schema (to check a backup before restoring it)
-- params: none
-- columns: table_name
-- scope: none
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name;
