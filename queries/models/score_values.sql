-- name: score_values
-- kind: view
-- grain: one row per index × year × subject × component (NULL = total)
-- columns: index_code, year, unit_id, unit_name, unit_level, subject_kind, component_code, score, max_score,
--          rank, rank_of, methodology_version, sources, alt_scores, alt_sources, flags, notes, loaded_by,
--          batch_ids
-- key: index_code, year, unit_id, component_code
--
-- One value per index × year × subject × component, what the pages show. Where sources disagree the
-- primary value is the row not flagged inconsistent, then the most precise, then the first in its file;
-- the others stay visible as alternatives, every source listed.
CREATE OR REPLACE VIEW score_values AS
WITH cur AS (
    SELECT s.*, b.loaded_by, b.file_name,
           row_number() OVER (PARTITION BY s.index_code, s.year, s.unit_id, s.component_code
                              ORDER BY s.score IS NULL,
                                       list_contains(coalesce(s.flags, []), 'hang_diem_khong_khop'),
                                       length(CAST(s.score AS VARCHAR)) DESC, s.source_row, s.batch_id) AS pick
    FROM scores_current s
    JOIN load_batch b USING (batch_id)
)
SELECT c.index_code, c.year, c.unit_id, u.name AS unit_name, u.level AS unit_level,
       any_value(c.subject_kind ORDER BY c.pick) AS subject_kind,
       c.component_code,
       any_value(c.score ORDER BY c.pick) AS score,
       coalesce(any_value(c.max_score ORDER BY c.pick), max(c.max_score)) AS max_score,
       coalesce(any_value(c.rank ORDER BY c.pick), min(c.rank)) AS rank,
       max(c.rank_of) AS rank_of,
       any_value(c.methodology_version ORDER BY c.pick) AS methodology_version,
       list(DISTINCT c.source ORDER BY c.source) FILTER (WHERE c.source IS NOT NULL) AS sources,
       list(c.score ORDER BY c.pick) FILTER (WHERE c.pick > 1 AND c.score IS NOT NULL) AS alt_scores,
       list(c.source ORDER BY c.pick) FILTER (WHERE c.pick > 1 AND c.score IS NOT NULL) AS alt_sources,
       list_distinct(flatten(list(coalesce(c.flags, [])))) AS flags,
       string_agg(DISTINCT c.note, ' | ') AS notes,
       list(DISTINCT c.loaded_by) AS loaded_by,
       list(DISTINCT c.batch_id ORDER BY c.batch_id) AS batch_ids
FROM cur c
JOIN unit u USING (unit_id)
GROUP BY c.index_code, c.year, c.unit_id, u.name, u.level, c.component_code;
