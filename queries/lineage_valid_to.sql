-- name: lineage_valid_to
-- grain: the unit $unit_id with valid_to set from its lineage: the day before its earliest link to a
--        successor, NULL when it has none (the unit still exists)
-- params: $unit_id (INTEGER)
-- columns: none
-- scope: all
UPDATE unit
SET valid_to = (SELECT CAST(min(effective_date) - INTERVAL 1 DAY AS DATE)
                FROM unit_lineage WHERE old_unit_id = $unit_id)
WHERE unit_id = $unit_id;
