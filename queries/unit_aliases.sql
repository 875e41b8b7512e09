-- name: unit_aliases
-- grain: one row per known spelling of a unit
-- params: none
-- columns: alias_key, unit_id, name
-- scope: none
SELECT a.alias_key, a.unit_id, u.name
FROM unit_alias a
JOIN unit u USING (unit_id);
