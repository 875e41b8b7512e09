-- name: plan_task_get
-- grain: the task $task_key of the plan in force of unit $owner_unit_id for $plan_year (no row: no such task)
-- params: $owner_unit_id (INTEGER), $plan_year (INTEGER), $task_key (VARCHAR)
-- columns: task_key, task, lead_unit, deadline
-- scope: unit (owner_unit_id)
SELECT task_key, task, lead_unit, deadline
FROM plan_task_current
WHERE owner_unit_id = $owner_unit_id AND plan_year = $plan_year AND task_key = $task_key;
