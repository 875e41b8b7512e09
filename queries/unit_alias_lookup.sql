-- name: unit_alias_lookup
-- grain: one row when the comparison form of a spelling is already known (none otherwise)
-- params: $alias_key (VARCHAR: loaders.units.alias_key of the spelling)
-- columns: alias_key, unit_id, alias, unit_name
-- scope: none
SELECT a.alias_key, a.unit_id, a.alias, u.name AS unit_name
FROM unit_alias a
JOIN unit u USING (unit_id)
WHERE a.alias_key = $alias_key;
