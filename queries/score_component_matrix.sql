-- name: score_component_matrix
-- grain: one row per subject × stored top-level component of index $index_code, kind $subject_kind, year $year
--        (among $unit_ids), with the points it lost
-- params: $index_code (VARCHAR), $subject_kind (VARCHAR), $year (INTEGER), $unit_ids (INTEGER[]; NULL = every subject)
-- columns: unit_id, unit_name, component_code, component_name, sort, score, max_score, lost (points)
-- scope: unit
SELECT v.unit_id, v.unit_name, v.component_code, coalesce(f.component_name, v.component_code) AS component_name,
       coalesce(f.sort, 9999) AS sort, v.score, coalesce(v.max_score, f.max_points) AS max_score,
       coalesce(v.max_score, f.max_points) - v.score AS lost
FROM score_values v
LEFT JOIN index_framework f ON f.index_code = v.index_code AND f.level = v.subject_kind
                           AND f.version = v.methodology_version AND f.component_code = v.component_code
WHERE v.index_code = $index_code AND v.subject_kind = $subject_kind AND v.year = $year
  AND v.component_code IS NOT NULL AND f.parent_code IS NULL
  AND ($unit_ids IS NULL OR list_contains($unit_ids, v.unit_id))
ORDER BY lower(strip_accents(v.unit_name)), coalesce(f.sort, 9999), v.component_code;
