-- name: index_reference_insert
-- grain: one index_score row per value of reference file $file in the temporary table reference_stage, under
--        batch $batch_id; subjects through the registered table reference_units (unit_name, unit_id); the
--        methodology version in force that year and the framework's maximum (scale of the total, or of the
--        dimension) are recorded with the value
-- params: $batch_id (INTEGER), $file (VARCHAR)
-- columns: none
-- scope: all
INSERT INTO index_score (batch_id, index_code, year, unit_id, subject_kind, component_code, score, max_score, rank,
                         rank_of, methodology_version, source, flags, note, source_row)
SELECT $batch_id, s.index_code, s.year, u.unit_id, s.subject_kind, s.component_code, s.score,
       CASE WHEN s.component_code IS NULL THEN m.scale_max ELSE f.max_points END,
       s.rank, s.rank_of, m.version, s.source, s.flags, s.note, s.source_row
FROM reference_stage s
JOIN reference_units u USING (unit_name)
LEFT JOIN index_methodology m ON m.index_code = s.index_code AND m.level = s.subject_kind
                             AND m.version = methodology_of(s.index_code, s.subject_kind, s.year)
LEFT JOIN index_framework f ON f.index_code = s.index_code AND f.level = s.subject_kind AND f.version = m.version
                           AND f.component_code = s.component_code
WHERE s.file = $file;
