-- name: export_target
-- grain: one row per plan target (table target as stored), by target_id
-- params: none
-- columns: target_id, kpi_code, unit_id (NULL = every unit), year, comparator, value (%), source_document, note
SELECT target_id, kpi_code, unit_id, year, comparator, value, source_document, note
FROM target
ORDER BY target_id;
