-- name: unit_merge_linh_vuc_alias
-- grain: the lĩnh vực renames of unit $merge_id that unit $keep_id has no rename of the same spelling for,
--        moved to $keep_id (later files of the merged unit's spelling load into $keep_id and keep the rename;
--        where both renamed one spelling, the kept unit's rename stands and the other goes with the unit)
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE linh_vuc_alias SET unit_id = $keep_id
WHERE unit_id = $merge_id
  AND NOT EXISTS (SELECT 1 FROM linh_vuc_alias k WHERE k.unit_id = $keep_id AND k.alias_key = linh_vuc_alias.alias_key);
