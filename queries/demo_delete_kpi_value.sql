-- name: demo_delete_kpi_value
-- grain: every row of kpi_value stored by a demo batch (load_batch.is_demo), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM kpi_value WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
