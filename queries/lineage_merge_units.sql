-- name: lineage_merge_units
-- grain: the lineage rows naming unit $merge_id, copied with $keep_id in its place (a row that would link
--        $keep_id to itself, or that already exists, is not copied); the originals go with unit_delete
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO unit_lineage (old_unit_id, new_unit_id, effective_date, share)
SELECT CASE WHEN old_unit_id = $merge_id THEN $keep_id ELSE old_unit_id END,
       CASE WHEN new_unit_id = $merge_id THEN $keep_id ELSE new_unit_id END,
       effective_date, share
FROM unit_lineage
WHERE (old_unit_id = $merge_id OR new_unit_id = $merge_id)
  AND CASE WHEN old_unit_id = $merge_id THEN $keep_id ELSE old_unit_id END
      <> CASE WHEN new_unit_id = $merge_id THEN $keep_id ELSE new_unit_id END
ON CONFLICT DO NOTHING;
