-- name: unit_import_unit
-- grain: one unit of a directory file, created or brought up to date (level, code and validity as the file says;
--        a blank code or date keeps the one stored); returns its unit_id
-- params: $unit_id (INTEGER; NULL = a new unit), $name (VARCHAR), $level (VARCHAR), $code (VARCHAR),
--         $valid_from (DATE), $valid_to (DATE)
-- columns: unit_id
-- scope: all
INSERT INTO unit (unit_id, name, level, code, valid_from, valid_to)
VALUES (coalesce($unit_id, nextval('unit_seq')), $name, $level, $code, $valid_from, $valid_to)
ON CONFLICT (unit_id) DO UPDATE SET level = excluded.level, code = coalesce(excluded.code, unit.code),
    valid_from = coalesce(excluded.valid_from, unit.valid_from), valid_to = coalesce(excluded.valid_to, unit.valid_to)
RETURNING unit_id;
