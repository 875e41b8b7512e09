-- name: demo_summary
-- grain: one row: how much of the warehouse is demo data (every status), what the removal would delete
-- params: none
-- columns: batches, active_batches, dossier_rows, score_rows, kpi_rows, target_rows, plan_task_rows, dossier_list_rows, real_batches
-- scope: none
SELECT (SELECT count(*) FROM load_batch WHERE is_demo) AS batches,
       (SELECT count(*) FROM load_batch WHERE is_demo AND status = 'active') AS active_batches,
       (SELECT count(*) FROM dossier_count JOIN load_batch USING (batch_id) WHERE is_demo) AS dossier_rows,
       (SELECT count(*) FROM index_score JOIN load_batch USING (batch_id) WHERE is_demo) AS score_rows,
       (SELECT count(*) FROM kpi_value JOIN load_batch USING (batch_id) WHERE is_demo) AS kpi_rows,
       (SELECT count(*) FROM target JOIN load_batch USING (batch_id) WHERE is_demo) AS target_rows,
       (SELECT count(*) FROM plan_task JOIN load_batch USING (batch_id) WHERE is_demo) AS plan_task_rows,
       (SELECT count(*) FROM dossier JOIN load_batch USING (batch_id) WHERE is_demo) AS dossier_list_rows,
       (SELECT count(*) FROM load_batch WHERE NOT is_demo) AS real_batches;
