-- name: export_load_batch
-- grain: one row per loaded file/sheet (table load_batch as stored, every status), by batch_id
-- params: none
-- columns: batch_id, kind, file_name, sha256, sheet, form, period_start, period_end, loaded_at, loaded_by,
--          row_count (dossier rows), status, replaces (INTEGER[]), note
SELECT batch_id, kind, file_name, sha256, sheet, form, period_start, period_end, loaded_at, loaded_by,
       row_count, status, replaces, note
FROM load_batch
ORDER BY batch_id;
