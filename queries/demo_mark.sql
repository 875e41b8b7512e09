-- name: demo_mark
-- grain: the batches $batch_ids marked as demo data (loaders/sample.py stores them through the analyst's path)
-- params: $batch_ids (INTEGER[])
-- columns: none
-- scope: all
UPDATE load_batch SET is_demo = true WHERE list_contains($batch_ids, batch_id);
