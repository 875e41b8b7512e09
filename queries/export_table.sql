-- name: export_table
-- grain: every row of table $table_name as stored — every batch and status, the history included — for the
--        export of "Quản lý dữ liệu" (reports/export.py) and `python -m queries`; the columns are the table's
--        own, so the schema (queries/schema/) stays their one home
-- params: $table_name (VARCHAR: a table of the catalog, reports.export.tables)
-- columns: * (the table's columns, in the table's order)
-- scope: all
SELECT * FROM query_table($table_name) ORDER BY ALL;
