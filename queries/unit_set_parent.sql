-- name: unit_set_parent
-- grain: one unit's parent (the body it reports to: UBND tỉnh for a commune after 1/7/2025, a district before)
-- params: $unit_id (INTEGER), $parent_id (INTEGER)
-- columns: none
-- scope: all
UPDATE unit SET parent_id = $parent_id WHERE unit_id = $unit_id;
