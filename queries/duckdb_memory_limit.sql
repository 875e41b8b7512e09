-- name: duckdb_memory_limit
-- grain: the DuckDB instance's memory limit set (a global setting: every cursor of the connection shares it);
--        beyond it DuckDB spills to its temporary directory beside the file instead of growing the process
-- params: $limit (VARCHAR: "600MB", "1GB" …)
-- columns: none
-- scope: all
SET memory_limit = $limit;
