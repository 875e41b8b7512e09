-- name: batch_by_sha
-- grain: one row per active batch loaded from a file with this content
-- params: $sha256 (VARCHAR), $kind (VARCHAR)
-- columns: batch_id, file_name, sheet, loaded_at
-- scope: none
SELECT batch_id, file_name, sheet, loaded_at
FROM load_batch
WHERE sha256 = $sha256 AND kind = $kind AND status = 'active'
ORDER BY batch_id;
