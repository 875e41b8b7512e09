-- name: dossier_replaced
-- grain: one row per active batch holding current records of dossiers (unit × code) that the list registered as
--        incoming_list (units by incoming_units_of_list) brings again
-- params: none
-- columns: batch_id, file_name, loaded_at (TIMESTAMP), dossiers (records that would be superseded)
-- scope: all
-- A semi join, as dossier_supersede: nothing to build when no record of these units is current.
SELECT d.batch_id, b.file_name, b.loaded_at, count(*) AS dossiers
FROM dossier d
JOIN load_batch b ON b.batch_id = d.batch_id
WHERE d.is_current AND b.status = 'active'
  AND EXISTS (SELECT 1 FROM incoming_list i JOIN incoming_units_of_list u ON u.unit = i.unit
              WHERE u.unit_id = d.unit_id AND i.code = d.code)
GROUP BY d.batch_id, b.file_name, b.loaded_at
ORDER BY d.batch_id;
