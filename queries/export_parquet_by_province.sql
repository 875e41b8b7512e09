-- name: export_parquet_by_province
-- grain: every row of table $table_name as stored, written as Parquet under $target/province=<name>/
--        (python -m reports export-parquet, reports/parquet_export.py; the layout: queries/national.py)
-- params: $table_name (VARCHAR: a table of the catalog), $province (VARCHAR: the exporting province's name),
--         $target (VARCHAR: the table's folder)
-- columns: Count (rows written)
-- scope: all
COPY (SELECT *, $province AS province FROM query_table($table_name))
TO $target (FORMAT parquet, PARTITION_BY (province));
