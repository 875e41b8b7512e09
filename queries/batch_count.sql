-- name: batch_count
-- grain: one row
-- params: none
-- columns: batches, dossier_rows
-- scope: none
SELECT (SELECT count(*) FROM load_batch) AS batches, (SELECT count(*) FROM dossier_count) AS dossier_rows;
