-- name: insert_targets
-- grain: one target per row of the table registered as incoming_targets, stored under $batch_id
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO target (kpi_code, unit_id, year, comparator, value, source_document, note, batch_id, removed, source_row)
SELECT kpi_code, unit_id, year, comparator, value, source_document, note, $batch_id, removed, source_row
FROM incoming_targets;
