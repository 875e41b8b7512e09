-- name: insert_dossier_rows
-- grain: the rows of one batch, from the temporary table incoming_dossier_rows (queries.staged)
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO dossier_count BY NAME
SELECT $batch_id AS batch_id, * FROM incoming_dossier_rows;
