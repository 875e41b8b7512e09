-- name: unit_get
-- grain: one row for the unit asked for (none when it does not exist)
-- params: $unit_id (INTEGER)
-- columns: unit_id, name, level
-- scope: none
SELECT unit_id, name, level FROM unit WHERE unit_id = $unit_id;
