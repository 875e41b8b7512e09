-- name: insert_unit_alias
-- grain: one spelling of a unit (kept if already known)
-- params: $alias_key (VARCHAR), $unit_id (INTEGER), $alias (VARCHAR)
-- columns: none
INSERT INTO unit_alias (alias_key, unit_id, alias) VALUES ($alias_key, $unit_id, $alias)
ON CONFLICT DO NOTHING;
