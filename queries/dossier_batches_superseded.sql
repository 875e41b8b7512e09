-- name: dossier_batches_superseded
-- grain: one row per active "dossier_list" batch (other than $batch_id) none of whose records is current any
--        more: a later list brought every one of its dossiers again
-- params: $batch_id (INTEGER)
-- columns: batch_id
-- scope: all
SELECT b.batch_id
FROM load_batch b
WHERE b.kind = 'dossier_list' AND b.status = 'active' AND b.batch_id <> $batch_id
  AND EXISTS (SELECT 1 FROM dossier d WHERE d.batch_id = b.batch_id)
  AND NOT EXISTS (SELECT 1 FROM dossier d WHERE d.batch_id = b.batch_id AND d.is_current)
ORDER BY b.batch_id;
