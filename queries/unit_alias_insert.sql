-- name: unit_alias_insert
-- grain: one spelling of a unit (kept as it is when its comparison form is already known)
-- params: $alias_key (VARCHAR), $unit_id (INTEGER), $alias (VARCHAR)
-- columns: none
-- scope: all
INSERT INTO unit_alias (alias_key, unit_id, alias)
VALUES ($alias_key, $unit_id, $alias)
ON CONFLICT DO NOTHING;
