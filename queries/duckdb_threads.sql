-- name: duckdb_threads
-- grain: the number of threads the DuckDB instance runs a query on (global, as the memory limit)
-- params: $threads (INTEGER)
-- columns: none
-- scope: all
SET threads = $threads;
