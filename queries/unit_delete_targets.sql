-- name: unit_delete_targets
-- grain: the plan targets of unit $unit_id, removed
-- params: $unit_id (INTEGER)
-- columns: none
-- scope: all
DELETE FROM target WHERE unit_id = $unit_id;
