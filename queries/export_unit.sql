-- name: export_unit
-- grain: one row per unit of the directory (table unit as stored), by unit_id
-- params: none
-- columns: unit_id, name, level, parent_id, valid_from, valid_to
SELECT unit_id, name, level, parent_id, valid_from, valid_to
FROM unit
ORDER BY unit_id;
