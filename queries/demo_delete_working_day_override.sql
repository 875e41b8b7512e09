-- name: demo_delete_working_day_override
-- grain: every working-day override stored by a demo batch (load_batch.is_demo), deleted (the shipped
--        corrections, batch_id NULL, stay)
-- params: none
-- columns: none
-- scope: all
DELETE FROM working_day_override WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
