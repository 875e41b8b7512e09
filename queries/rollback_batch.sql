-- name: rollback_batch
-- grain: the batch $batch_id set to rolled_back (history kept: its rows stay in dossier_count)
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
UPDATE load_batch SET status = 'rolled_back' WHERE batch_id = $batch_id AND status = 'active';
