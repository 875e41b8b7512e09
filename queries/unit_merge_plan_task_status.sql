-- name: unit_merge_plan_task_status
-- grain: the task statuses set on plans owned by unit $merge_id (every batch, history included), moved to unit $keep_id
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE plan_task_status SET owner_unit_id = $keep_id WHERE owner_unit_id = $merge_id;
