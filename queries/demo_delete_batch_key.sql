-- name: demo_delete_batch_key
-- grain: every row of batch_key stored by a demo batch (load_batch.is_demo), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM batch_key WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
