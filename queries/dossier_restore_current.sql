-- name: dossier_restore_current
-- grain: after batch $batch_id was rolled back, each of its dossiers (unit × code) is current again in the latest
--        active batch holding it (none: the dossier is no longer current anywhere)
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
UPDATE dossier SET is_current = coalesce(dossier.batch_id = k.latest, false)
                                AND dossier.data_error IS DISTINCT FROM 'duplicate'
FROM (SELECT d.unit_id, d.code, max(d.batch_id) FILTER (WHERE b.status = 'active') AS latest
      FROM dossier d
      JOIN load_batch b ON b.batch_id = d.batch_id
      SEMI JOIN (SELECT unit_id, code FROM dossier WHERE batch_id = $batch_id) x
             ON x.unit_id = d.unit_id AND x.code = d.code
      GROUP BY d.unit_id, d.code) k
WHERE dossier.unit_id = k.unit_id AND dossier.code = k.code;
