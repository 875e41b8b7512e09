-- name: unit_import_insert
-- grain: one row of a directory file, as the file said it, for the batch's history
-- params: $batch_id (INTEGER), $source_row (INTEGER), $unit_id (INTEGER), $name (VARCHAR), $level (VARCHAR),
--         $parent_name (VARCHAR), $code (VARCHAR), $valid_from (DATE), $valid_to (DATE), $successors (VARCHAR[]),
--         $effective_date (DATE)
-- columns: none
-- scope: all
INSERT INTO unit_import VALUES ($batch_id, $source_row, $unit_id, $name, $level, $parent_name, $code, $valid_from,
                                $valid_to, $successors, $effective_date);
