-- name: unit_merge_plan_task_lead
-- grain: the plan tasks led by unit $merge_id (every batch, history included), moved to unit $keep_id
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE plan_task SET lead_unit_id = $keep_id WHERE lead_unit_id = $merge_id;
