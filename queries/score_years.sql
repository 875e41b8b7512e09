-- name: score_years
-- grain: one row per year with a total or rank of index $index_code for subjects of kind $subject_kind, newest first
-- params: $index_code (VARCHAR), $subject_kind (VARCHAR)
-- columns: year, subjects (with a total or a rank), scored (with a published score)
-- scope: none
SELECT year, count(DISTINCT unit_id) AS subjects, count(DISTINCT unit_id) FILTER (WHERE score IS NOT NULL) AS scored
FROM score_values
WHERE index_code = $index_code AND subject_kind = $subject_kind AND component_code IS NULL
GROUP BY year
ORDER BY year DESC;
