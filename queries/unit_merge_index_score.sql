-- name: unit_merge_index_score
-- grain: the stored index scores by unit $merge_id (every batch, history included), moved to unit $keep_id
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE index_score SET unit_id = $keep_id WHERE unit_id = $merge_id;
