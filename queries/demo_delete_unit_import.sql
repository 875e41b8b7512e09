-- name: demo_delete_unit_import
-- grain: every row of a demo directory file (load_batch.is_demo), deleted; the units it brought stay in the
--        directory like every unit (loaders/sample.py: "the unit directory and its merges stay")
-- params: none
-- columns: none
-- scope: all
DELETE FROM unit_import WHERE batch_id IN (SELECT batch_id FROM load_batch WHERE is_demo);
