-- name: insert_units
-- grain: one new unit per row of the table staged as incoming_units (name, level, alias_key, alias);
--        a name already in the directory is kept as it is (and not returned)
-- params: none
-- columns: unit_id
-- scope: all
-- NOT IN rather than ON CONFLICT (name) DO NOTHING: the same rows under the one writer (DISTINCT ON keeps one
-- row per name either way), a third cheaper for 1.500 new units (bench/RESULTS.md, h-load4).
INSERT INTO unit (name, level)
SELECT DISTINCT ON (name) name, level FROM incoming_units
WHERE name NOT IN (SELECT name FROM unit)
RETURNING unit_id;
