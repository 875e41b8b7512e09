-- name: unit_delete_lineage
-- grain: the lineage rows that name unit $unit_id, removed
-- params: $unit_id (INTEGER)
-- columns: none
-- scope: all
DELETE FROM unit_lineage WHERE old_unit_id = $unit_id OR new_unit_id = $unit_id;
