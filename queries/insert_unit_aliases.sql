-- name: insert_unit_aliases
-- grain: one spelling per row of incoming_units, joined to the unit just created under that name (or the unit
--        already named so); returns the spellings stored (a key already known is kept as it is, not returned)
-- params: none
-- columns: alias_key, unit_id
-- scope: all
INSERT INTO unit_alias (alias_key, unit_id, alias)
SELECT i.alias_key, u.unit_id, i.alias
FROM incoming_units i
JOIN unit u ON u.name = i.name
ON CONFLICT DO NOTHING
RETURNING alias_key, unit_id;
