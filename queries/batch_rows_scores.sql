-- name: batch_rows_scores
-- grain: one row per score a "scores" batch stored, in the order of the source sheet
-- params: $batch_id (INTEGER)
-- columns: source_row, index_code, year, unit_name, component_code, score, max_score, rank, rank_of, source
-- scope: all
SELECT s.source_row, s.index_code, s.year, u.name AS unit_name, s.component_code, s.score, s.max_score,
       s.rank, s.rank_of, s.source
FROM index_score s JOIN unit u USING (unit_id)
WHERE s.batch_id = $batch_id
ORDER BY s.source_row, s.index_code, s.year, u.name, s.component_code;
