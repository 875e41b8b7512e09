-- name: unit_merge_rows
-- grain: every dossier row of unit $merge_id (any batch, history included), moved to unit $keep_id
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE dossier_count SET unit_id = $keep_id WHERE unit_id = $merge_id;
