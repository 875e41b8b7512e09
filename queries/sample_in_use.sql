-- name: sample_in_use
-- grain: one row when an active batch came from the bundled demo data, else none
-- params: $loaded_by (VARCHAR: the sample loader's name, loaders.sample.SAMPLE_LOADER)
-- columns: batch_id
SELECT batch_id FROM load_batch WHERE loaded_by = $loaded_by AND status = 'active' LIMIT 1;
