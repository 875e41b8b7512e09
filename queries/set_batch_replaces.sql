-- name: set_batch_replaces
-- grain: the batch $batch_id, recording which batches it superseded (so a roll back restores them)
-- params: $batch_id (INTEGER), $replaces (INTEGER[])
-- columns: none
-- scope: all
UPDATE load_batch SET replaces = $replaces WHERE batch_id = $batch_id;
