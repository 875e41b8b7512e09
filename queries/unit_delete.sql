-- name: unit_delete
-- grain: the unit $unit_id removed from the directory
--        (called once its rows and spellings belong to another unit)
-- params: $unit_id (INTEGER)
-- columns: none
-- scope: all
DELETE FROM unit WHERE unit_id = $unit_id;
