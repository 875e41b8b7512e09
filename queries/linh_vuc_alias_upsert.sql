-- name: linh_vuc_alias_upsert
-- grain: the spelling $alias_key (for unit $unit_id, 0 = every unit) mapped to $linh_vuc
-- params: $alias_key (VARCHAR), $unit_id (INTEGER, 0 = every unit), $linh_vuc (VARCHAR)
-- columns: none
-- scope: all
INSERT INTO linh_vuc_alias (alias_key, unit_id, linh_vuc) VALUES ($alias_key, $unit_id, $linh_vuc)
ON CONFLICT (alias_key, unit_id) DO UPDATE SET linh_vuc = excluded.linh_vuc;
