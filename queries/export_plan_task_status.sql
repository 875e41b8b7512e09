-- name: export_plan_task_status
-- grain: one row per status set by an analyst on a task (history)
-- params: none
-- columns: owner_unit_id, plan_year, task_key, status, note, set_by, set_at
SELECT owner_unit_id, plan_year, task_key, status, note, set_by, set_at
FROM plan_task_status
ORDER BY owner_unit_id, plan_year, task_key, set_at;
