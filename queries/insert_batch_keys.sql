-- name: insert_batch_keys
-- grain: one row per unit × period of the rows staged as incoming_dossier_rows, for batch $batch_id
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO batch_key (batch_id, unit_id, period_start, period_end)
SELECT DISTINCT $batch_id, unit_id, period_start, period_end FROM incoming_dossier_rows;
