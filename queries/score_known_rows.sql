-- name: score_known_rows
-- grain: one row per stored current value of index $index_code for subject $unit_id (several per key where
--        sources disagree), newest year first, the total before the components
-- params: $index_code (VARCHAR), $unit_id (INTEGER), $demo_loader (VARCHAR: loaders.sample.SAMPLE_LOADER)
-- columns: year, component_code, component_name, score, max_score, rank, rank_of, source, flags (VARCHAR[]), note,
--          file_name, batch_id, is_demo
-- scope: unit
SELECT s.year, s.component_code, coalesce(f.component_name, s.component_code) AS component_name, s.score,
       s.max_score, s.rank, s.rank_of, s.source, coalesce(s.flags, []) AS flags, s.note, b.file_name, s.batch_id,
       coalesce(m.is_demo, false) OR b.loaded_by = $demo_loader AS is_demo
FROM scores_current s
JOIN load_batch b USING (batch_id)
LEFT JOIN index_methodology m ON m.index_code = s.index_code AND m.level = s.subject_kind
                             AND m.version = s.methodology_version
LEFT JOIN index_framework f ON f.index_code = s.index_code AND f.level = s.subject_kind
                           AND f.version = s.methodology_version AND f.component_code = s.component_code
WHERE s.index_code = $index_code AND s.unit_id = $unit_id
ORDER BY s.year DESC, s.component_code IS NOT NULL, coalesce(f.sort, 9999), s.component_code, s.source_row;
