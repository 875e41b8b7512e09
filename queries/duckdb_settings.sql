-- name: duckdb_settings
-- grain: one row: the DuckDB instance's memory limit and threads as in force
-- params: none
-- columns: memory_limit, threads
-- scope: none
SELECT current_setting('memory_limit') AS memory_limit, current_setting('threads') AS threads;
