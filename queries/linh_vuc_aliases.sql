-- name: linh_vuc_aliases
-- grain: one row per renamed lĩnh vực spelling and scope
-- params: none
-- columns: alias_key (match key of the old spelling), unit_id (0 = every unit), linh_vuc (the name to store)
-- scope: none
SELECT alias_key, unit_id, linh_vuc FROM linh_vuc_alias ORDER BY alias_key, unit_id;
