-- name: score_insert_rows
-- grain: one index_score row per row of the registered table incoming_scores (index_code, year, unit_id,
--        subject_kind, component_code, score, max_score, rank, rank_of, methodology_version, source, note,
--        source_row), stored under batch $batch_id
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO index_score (batch_id, index_code, year, unit_id, subject_kind, component_code, score, max_score, rank,
                         rank_of, methodology_version, source, flags, note, source_row)
SELECT $batch_id, index_code, year, unit_id, subject_kind, component_code, score, max_score, rank, rank_of,
       methodology_version, source, NULL, note, source_row
FROM incoming_scores;
