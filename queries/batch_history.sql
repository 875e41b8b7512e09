-- name: batch_history
-- grain: one row per loaded file/sheet (load_batch), newest first, with the units it reports
-- params: $kind (VARCHAR; NULL = every kind), $status (VARCHAR; NULL = every status)
-- columns: batch_id, kind, file_name, sha256, sheet, form, period_label, period_start, period_end,
--          loaded_at, loaded_by, row_count, status, replaces, replaced_by, units, recv_total (dossiers)
-- scope: all
SELECT * FROM batch_history_rows($kind, $status, NULL, NULL, 0);
