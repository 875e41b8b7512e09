-- name: batch_rows_targets
-- grain: one row per target a "targets" batch stored (an admin's edit or a workbook), in source order
-- params: $batch_id (INTEGER)
-- columns: source_row, kpi_name, unit_name (NULL = every unit), year, comparator, value (%), removed,
--          source_document
-- scope: all
SELECT t.source_row, coalesce(k.name, t.kpi_code) AS kpi_name, u.name AS unit_name, t.year, t.comparator,
       t.value, t.removed, t.source_document
FROM target t LEFT JOIN unit u USING (unit_id) LEFT JOIN kpi k USING (kpi_code)
WHERE t.batch_id = $batch_id
ORDER BY t.source_row, kpi_name, u.name;
