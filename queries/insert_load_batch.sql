-- name: insert_load_batch
-- grain: one loaded file/sheet
-- params: $kind, $file_name, $sha256, $sheet, $form, $period_start, $period_end, $loaded_at (TIMESTAMP, Vietnam time),
--         $loaded_by, $row_count, $replaces (INTEGER[]), $note
-- columns: batch_id
-- scope: all
INSERT INTO load_batch (kind, file_name, sha256, sheet, form, period_start, period_end, loaded_at, loaded_by,
                        row_count, replaces, note)
VALUES ($kind, $file_name, $sha256, $sheet, $form, $period_start, $period_end, $loaded_at, $loaded_by,
        $row_count, $replaces, $note)
RETURNING batch_id;
