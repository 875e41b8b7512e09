-- name: insert_units
-- grain: one new unit per row of the table staged as incoming_units (name, level, alias_key, alias);
--        a name already in the directory is kept as it is (and not returned)
-- params: none
-- columns: unit_id
-- scope: all
INSERT INTO unit (name, level)
SELECT DISTINCT ON (name) name, level FROM incoming_units
ON CONFLICT (name) DO NOTHING
RETURNING unit_id;
