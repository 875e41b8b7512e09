-- name: restore_replaced
-- grain: the batches that $batch_id had replaced, made active again
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
UPDATE load_batch SET status = 'active'
WHERE status = 'replaced'
  AND list_contains((SELECT coalesce(replaces, []) FROM load_batch WHERE batch_id = $batch_id), batch_id);
