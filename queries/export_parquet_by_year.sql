-- name: export_parquet_by_year
-- grain: every row of table $table_name, which has a column "year", written as Parquet under
--        $target/province=<name>/year=<year>/ (the column moves into the folder name, as hive partitioning does)
-- params: $table_name (VARCHAR: a table of the catalog with a column year), $province (VARCHAR),
--         $target (VARCHAR: the table's folder)
-- columns: Count (rows written)
-- scope: all
COPY (SELECT *, $province AS province FROM query_table($table_name))
TO $target (FORMAT parquet, PARTITION_BY (province, year));
