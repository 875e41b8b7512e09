-- name: export_unit_alias
-- grain: one row per known spelling of a unit (table unit_alias as stored)
-- params: none
-- columns: alias_key, unit_id, alias
SELECT alias_key, unit_id, alias
FROM unit_alias
ORDER BY unit_id, alias_key;
