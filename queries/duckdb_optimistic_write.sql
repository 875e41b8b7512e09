-- name: duckdb_optimistic_write
-- grain: whether DuckDB writes a large append to the file before its transaction commits (global to the instance)
-- params: $on (BOOLEAN)
-- columns: none
-- scope: all
SET enable_optimistic_write = $on;
