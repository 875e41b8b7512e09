-- name: score_subjects
-- grain: one row per subject with current values of index $index_code at level $subject_kind, by name
-- params: $index_code (VARCHAR), $subject_kind (VARCHAR: tinh | bo | so | xa | khac)
-- columns: unit_id, name, first_year, last_year, years (with a total or a rank), has_components,
--          in_lineage (the unit merged into another or took one over), valid_to (last day of a unit merged away)
-- scope: unit
SELECT v.unit_id, v.unit_name AS name, min(v.year) AS first_year, max(v.year) AS last_year,
       count(DISTINCT v.year) FILTER (WHERE v.component_code IS NULL) AS years,
       bool_or(v.component_code IS NOT NULL) AS has_components,
       EXISTS (SELECT 1 FROM unit_lineage l WHERE v.unit_id IN (l.old_unit_id, l.new_unit_id)) AS in_lineage,
       u.valid_to
FROM score_values v
JOIN unit u USING (unit_id)
WHERE v.index_code = $index_code AND v.subject_kind = $subject_kind
GROUP BY v.unit_id, v.unit_name, u.valid_to
ORDER BY lower(strip_accents(v.unit_name)), v.unit_name;
