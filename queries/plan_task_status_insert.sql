-- name: plan_task_status_insert
-- grain: one status set by an analyst for one task (history kept; the latest counts)
-- params: $owner_unit_id (INTEGER), $plan_year (INTEGER), $task_key (VARCHAR), $status (VARCHAR),
--         $note (VARCHAR), $set_by (VARCHAR), $set_at (TIMESTAMP, Vietnam time)
-- columns: none
-- scope: all
INSERT INTO plan_task_status (owner_unit_id, plan_year, task_key, status, note, set_by, set_at)
VALUES ($owner_unit_id, $plan_year, $task_key, $status, $note, $set_by, $set_at);
