-- name: demo_delete_dossier
-- grain: every dossier record stored by a demo batch (load_batch.is_demo: the sample's dossier lists), deleted
-- params: none
-- columns: none
-- scope: all
DELETE FROM dossier WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
