-- name: demo_delete_index_score
-- grain: every row of index_score stored by a demo batch (load_batch.is_demo), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM index_score WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
