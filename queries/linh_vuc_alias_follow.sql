-- name: linh_vuc_alias_follow
-- grain: earlier spellings (scope $unit_id, 0 = every unit) that led to $old_name, now led to $linh_vuc,
--        so chains of renames end at the latest name
-- params: $old_name (VARCHAR), $linh_vuc (VARCHAR), $unit_id (INTEGER, 0 = every unit)
-- columns: none
-- scope: all
UPDATE linh_vuc_alias SET linh_vuc = $linh_vuc WHERE linh_vuc = $old_name AND unit_id = $unit_id;
