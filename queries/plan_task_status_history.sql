-- name: plan_task_status_history
-- grain: one row per status an analyst set for task $task_key of the plan of unit $owner_unit_id for $plan_year,
--        newest first
-- params: $owner_unit_id (INTEGER), $plan_year (INTEGER), $task_key (VARCHAR)
-- columns: status, note, set_by, set_at
-- scope: unit (owner_unit_id)
SELECT status, note, set_by, set_at
FROM plan_task_status
WHERE owner_unit_id = $owner_unit_id AND plan_year = $plan_year AND task_key = $task_key
ORDER BY set_at DESC;
