-- name: batch_rows_units
-- grain: one row per unit a "units" batch (a directory file) listed, in source order
-- params: $batch_id (INTEGER)
-- columns: source_row, name, level, parent_name, code, valid_from (DATE), valid_to (DATE), successors
-- scope: all
SELECT source_row, name, level, parent_name, code, valid_from, valid_to, array_to_string(successors, '; ') AS successors
FROM unit_import
WHERE batch_id = $batch_id
ORDER BY source_row;
