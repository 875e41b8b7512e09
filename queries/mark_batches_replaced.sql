-- name: mark_batches_replaced
-- grain: the active batches among $batch_ids, set to replaced (a kind's loader decided they are superseded)
-- params: $batch_ids (INTEGER[])
-- columns: none
-- scope: all
UPDATE load_batch SET status = 'replaced'
WHERE list_contains($batch_ids, batch_id) AND status = 'active';
