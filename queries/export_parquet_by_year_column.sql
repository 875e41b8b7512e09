-- name: export_parquet_by_year_column
-- grain: every row of table $table_name written as Parquet under $target/province=<name>/year=<year>/, the year
--        being the table's integer column $year_column (plan_year), which stays in the file too
-- params: $table_name (VARCHAR), $year_column (VARCHAR: an INTEGER column of the table), $province (VARCHAR),
--         $target (VARCHAR: the table's folder)
-- columns: Count (rows written)
-- scope: all
COPY (SELECT *, $province AS province, COLUMNS($year_column) AS year FROM query_table($table_name))
TO $target (FORMAT parquet, PARTITION_BY (province, year));
