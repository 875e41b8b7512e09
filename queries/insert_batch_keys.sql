-- name: insert_batch_keys
-- grain: one row per unit × period of batch $batch_id
-- params: $batch_id (INTEGER), $unit_ids (INTEGER[]; the batch's units, each once), $period_start (DATE),
--         $period_end (DATE)
-- columns: none
-- scope: all
INSERT INTO batch_key (batch_id, unit_id, period_start, period_end)
SELECT $batch_id, unnest($unit_ids::INTEGER[]), $period_start, $period_end;
