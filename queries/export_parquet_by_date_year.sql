-- name: export_parquet_by_date_year
-- grain: every row of table $table_name written as Parquet under $target/province=<name>/year=<year>/, the year
--        being that of the table's date or timestamp column $date_column (a NULL date: year=__HIVE_DEFAULT_PARTITION__)
-- params: $table_name (VARCHAR), $date_column (VARCHAR: a DATE or TIMESTAMP column of the table),
--         $province (VARCHAR), $target (VARCHAR: the table's folder)
-- columns: Count (rows written)
-- scope: all
COPY (SELECT *, $province AS province, year(COLUMNS($date_column)) AS year FROM query_table($table_name))
TO $target (FORMAT parquet, PARTITION_BY (province, year));
