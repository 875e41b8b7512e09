-- name: unit_delete_linh_vuc_alias
-- grain: the lĩnh vực renames left with unit $unit_id when it is removed from the directory
-- params: $unit_id (INTEGER)
-- columns: none
-- scope: all
DELETE FROM linh_vuc_alias WHERE unit_id = $unit_id;
