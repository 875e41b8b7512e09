-- name: batch_rows_dossier_list
-- grain: one row per dossier record a "dossier_list" batch stored, in source order (the first 2.000: a list
--        holds up to millions; the page "Hồ sơ chi tiết" lists them all with filters)
-- params: $batch_id (INTEGER)
-- columns: source_row, code, unit_name, linh_vuc, status (1–10), received_at (TIMESTAMP), due_at (TIMESTAMP),
--          ended_at (TIMESTAMP), data_error, is_current
-- scope: all
SELECT d.source_row, d.code, u.name AS unit_name, d.linh_vuc, d.status, d.received_at, d.due_at, d.ended_at,
       d.data_error, d.is_current
FROM dossier d JOIN unit u USING (unit_id)
WHERE d.batch_id = $batch_id
ORDER BY d.source_row
LIMIT 2000;
