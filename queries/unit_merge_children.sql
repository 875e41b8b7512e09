-- name: unit_merge_children
-- grain: the units whose parent is $merge_id, given $keep_id as parent
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE unit SET parent_id = $keep_id WHERE parent_id = $merge_id;
