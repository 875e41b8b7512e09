-- name: demo_delete_batches
-- grain: every demo batch (load_batch.is_demo), deleted once its rows are; real batches that replaced one
--        keep the number in `replaces` (a rollback of them then restores nothing)
-- params: none
-- columns: none
-- scope: all
DELETE FROM load_batch WHERE is_demo;
