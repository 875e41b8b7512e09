-- name: duckdb_parquet_metadata_cache
-- grain: the DuckDB instance keeps the footers of the Parquet files it has read (the national connection reads
--        the same files at every query; a file changed on disk is read again, DuckDB compares its time)
-- params: none
-- columns: none
-- scope: all
SET parquet_metadata_cache = true;
