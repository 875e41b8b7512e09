-- name: score_replacement
-- grain: one row per key of the registered table incoming_score_keys (index_code, year, unit_id,
--        component_code, score, rank) already shown from an active batch — what loading the file would replace
-- params: none
-- columns: index_code, year, unit_name, component_name, old_score, new_score, old_rank, new_rank,
--          old_batch_id, old_file_name
-- scope: all
SELECT i.index_code, i.year, u.name AS unit_name,
       coalesce(f.component_name, i.component_code) AS component_name,
       c.score AS old_score, i.score AS new_score, c.rank AS old_rank, i.rank AS new_rank,
       c.batch_id AS old_batch_id, b.file_name AS old_file_name
FROM incoming_score_keys i
JOIN scores_current c ON c.index_code = i.index_code AND c.year = i.year AND c.unit_id = i.unit_id
                     AND c.component_code IS NOT DISTINCT FROM i.component_code
JOIN load_batch b ON b.batch_id = c.batch_id
JOIN unit u ON u.unit_id = i.unit_id
LEFT JOIN index_framework f ON f.index_code = c.index_code AND f.level = c.subject_kind
                           AND f.version = c.methodology_version AND f.component_code = c.component_code
ORDER BY i.index_code, i.year, u.name, c.component_code NULLS FIRST, c.source_row;
