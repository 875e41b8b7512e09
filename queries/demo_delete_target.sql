-- name: demo_delete_target
-- grain: every row of target stored by a demo batch (load_batch.is_demo), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM target WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
