-- name: dossier_supersede
-- grain: the current records of the dossiers (unit × code) in the list registered as incoming_list (units by
--        incoming_units_of_list) stop being current: the list about to be stored under $batch_id is newer
-- params: $batch_id (INTEGER, the new batch: its rows are not there yet)
-- columns: none
-- scope: all
UPDATE dossier SET is_current = false
FROM (SELECT DISTINCT u.unit_id, i.code
      FROM incoming_list i JOIN incoming_units_of_list u ON u.unit = i.unit) k
WHERE dossier.is_current AND dossier.unit_id = k.unit_id AND dossier.code = k.code
  AND dossier.batch_id <> $batch_id;
