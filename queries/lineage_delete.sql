-- name: lineage_delete
-- grain: the lineage link old unit → new unit, removed
-- params: $old_unit_id (INTEGER), $new_unit_id (INTEGER)
-- columns: none
-- scope: all
DELETE FROM unit_lineage WHERE old_unit_id = $old_unit_id AND new_unit_id = $new_unit_id;
