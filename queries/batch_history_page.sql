-- name: batch_history_page
-- grain: one page of the load history (batch_history): the batches of $kind and $status whose line contains
--        $search (batch_matches), the batch whose number was typed first, then newest first
-- params: $kind (VARCHAR; NULL = every kind), $status (VARCHAR; NULL = every status), $search (VARCHAR; NULL =
--         every batch), $limit (INTEGER: lines per page), $offset (INTEGER: lines skipped)
-- columns: batch_id, kind, file_name, sha256, sheet, form, period_label, period_start, period_end,
--          loaded_at, loaded_by, row_count, status, replaces, replaced_by, units, recv_total (dossiers)
-- scope: all
SELECT * FROM batch_history_rows($kind, $status, $search, $limit, $offset);
