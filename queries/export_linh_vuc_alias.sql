-- name: export_linh_vuc_alias
-- grain: one row per lĩnh vực spelling renamed in the directory
-- params: none
-- columns: alias_key, unit_id, linh_vuc
SELECT alias_key, unit_id, linh_vuc
FROM linh_vuc_alias
ORDER BY alias_key, unit_id;
