-- name: unit_set_level
-- grain: the unit $unit_id with its level changed
-- params: $unit_id (INTEGER), $level (VARCHAR: tinh | so | huyen | xa | phong | don_vi)
-- columns: none
-- scope: all
UPDATE unit SET level = $level WHERE unit_id = $unit_id;
