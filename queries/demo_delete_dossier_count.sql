-- name: demo_delete_dossier_count
-- grain: every row of dossier_count stored by a demo batch (load_batch.is_demo), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM dossier_count WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
