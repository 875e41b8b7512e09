-- name: dossier_supersede
-- grain: the current records of the dossiers (unit × code) in the list registered as incoming_list (units by
--        incoming_units_of_list) stop being current: the list about to be stored under $batch_id is newer
-- params: $batch_id (INTEGER, the new batch: its rows are not there yet)
-- columns: none
-- scope: all
-- A semi join rather than a join on the list's distinct keys: DuckDB builds its table on the smaller side (no
-- current record of these units: nothing to build), where the distinct keys cost a million-row aggregate always.
UPDATE dossier SET is_current = false
WHERE is_current AND batch_id <> $batch_id
  AND EXISTS (SELECT 1 FROM incoming_list i JOIN incoming_units_of_list u ON u.unit = i.unit
              WHERE u.unit_id = dossier.unit_id AND i.code = dossier.code);
