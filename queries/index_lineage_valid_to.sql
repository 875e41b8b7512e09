-- name: index_lineage_valid_to
-- grain: the old units of the registered table incoming_lineage, valid_to set to the day before their earliest
--        link to a successor (as loaders.directory.record_lineage does for one link)
-- params: none
-- columns: none
-- scope: all
UPDATE unit
SET valid_to = (SELECT CAST(min(l.effective_date) - INTERVAL 1 DAY AS DATE)
                FROM unit_lineage l WHERE l.old_unit_id = unit.unit_id)
WHERE unit_id IN (SELECT old_unit_id FROM incoming_lineage);
