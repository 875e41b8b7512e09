-- name: mark_replaced
-- grain: the batches among $batch_ids that no longer contribute any current row
-- params: $batch_ids (INTEGER[])
-- columns: none
-- scope: all
UPDATE load_batch SET status = 'replaced'
WHERE list_contains($batch_ids, batch_id)
  AND status = 'active'
  AND batch_id NOT IN (SELECT DISTINCT batch_id FROM dossier_current);
