-- name: batch_history_count
-- grain: one row: how many batches of the load history match (batch_matches), for the pages of batch_history_page
-- params: $kind (VARCHAR; NULL = every kind), $status (VARCHAR; NULL = every status), $search (VARCHAR; NULL =
--         every batch)
-- columns: batches
-- scope: all
SELECT count(*) AS batches FROM batch_matches($kind, $status, $search);
