-- name: batch_rows_plan_tasks
-- grain: one row per plan task a "plan_tasks" batch stored, in the order of the source sheet
-- params: $batch_id (INTEGER)
-- columns: source_row, area, task, lead_unit, deadline_text, deadline
-- scope: all
SELECT t.source_row, t.area, t.task, t.lead_unit, t.deadline_text, t.deadline
FROM plan_task t
WHERE t.batch_id = $batch_id
ORDER BY t.source_row, t.task_key;
