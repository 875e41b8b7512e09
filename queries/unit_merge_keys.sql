-- name: unit_merge_keys
-- grain: every batch key of unit $merge_id moved to unit $keep_id (follows unit_merge_rows)
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE batch_key SET unit_id = $keep_id WHERE unit_id = $merge_id;
