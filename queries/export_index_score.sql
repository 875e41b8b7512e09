-- name: export_index_score
-- grain: one row per stored score (every batch): index × year × subject × component
-- params: none
-- columns: batch_id, index_code, year, unit_id, subject_kind, component_code, score, max_score, rank, rank_of, methodology_version, source, flags, note, source_row
SELECT batch_id, index_code, year, unit_id, subject_kind, component_code, score, max_score, rank, rank_of, methodology_version, source, flags, note, source_row
FROM index_score
ORDER BY batch_id, source_row, index_code, year, unit_id, component_code;
