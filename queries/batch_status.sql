-- name: batch_status
-- grain: one row for the batch asked for (none when it does not exist)
-- params: $batch_id (INTEGER)
-- columns: batch_id, status, replaces, file_name, replaced_by
-- scope: none
SELECT b.batch_id, b.status, b.replaces, b.file_name,
       (SELECT min(n.batch_id) FROM load_batch n
        WHERE n.status = 'active' AND list_contains(n.replaces, b.batch_id)) AS replaced_by
FROM load_batch b
WHERE b.batch_id = $batch_id;
