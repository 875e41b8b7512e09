-- name: demo_delete_plan_task
-- grain: every row of plan_task stored by a demo batch (load_batch.is_demo), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM plan_task WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
