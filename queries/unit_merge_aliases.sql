-- name: unit_merge_aliases
-- grain: every spelling of unit $merge_id, pointed at unit $keep_id
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE unit_alias SET unit_id = $keep_id WHERE unit_id = $merge_id;
