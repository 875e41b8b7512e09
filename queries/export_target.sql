-- name: export_target
-- grain: one row per plan target as stored (every batch, removed ones included), by target_id
-- params: none
-- columns: target_id, kpi_code, unit_id, year, comparator, value, source_document, note, batch_id, removed, source_row
SELECT target_id, kpi_code, unit_id, year, comparator, value, source_document, note, batch_id, removed, source_row
FROM target
ORDER BY target_id;
