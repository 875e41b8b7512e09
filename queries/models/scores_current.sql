-- name: scores_current
-- kind: view
-- grain: one row per score row of the latest active batch of each index × year × subject × component; a
--        reference batch may give one such key from several sources, one row each
-- columns: batch_id, index_code, year, unit_id, subject_kind, component_code, score, max_score, rank, rank_of,
--          methodology_version, source, flags, note, source_row
-- key: batch_id, index_code, year, unit_id, component_code, source
--
-- "Current" score rows: rows of active batches; for each index × year × subject × component the latest
-- such batch wins (a later file replaces that key, the earlier batch keeps its other keys).
CREATE OR REPLACE VIEW scores_current AS
SELECT s.*
FROM index_score s
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY s.batch_id = max(s.batch_id) OVER (PARTITION BY s.index_code, s.year, s.unit_id, s.component_code);
