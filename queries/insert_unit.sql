-- name: insert_unit
-- grain: one new unit
-- params: $name (VARCHAR), $level (VARCHAR)
-- columns: unit_id
INSERT INTO unit (name, level) VALUES ($name, $level) RETURNING unit_id;
