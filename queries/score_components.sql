-- name: score_components
-- grain: one row per top-level component (lĩnh vực, dimension, 766 group) of index $index_code for subject
--        $unit_id in year $year: the components of the framework version in force, and any stored component the
--        framework does not list; sorted by points lost (most first), components without a score last
-- params: $index_code (VARCHAR), $unit_id (INTEGER), $year (INTEGER)
-- columns: component_code, component_name, sort, score, max_score (points), max_confirmed, lost (points),
--          achieved_pct (%), prev_score, prev_max, change (points vs $year − 1), max_changed (the maximum differs
--          from last year's), version, version_label, prev_version, prev_version_label, sources (VARCHAR[]),
--          flags (VARCHAR[])
-- scope: unit
WITH kind AS (
    SELECT any_value(subject_kind) AS level FROM score_values WHERE index_code = $index_code AND unit_id = $unit_id
), versions AS (
    SELECT methodology_of($index_code, k.level, $year) AS version,
           methodology_of($index_code, k.level, $year - 1) AS prev_version, k.level
    FROM kind k
), framework AS (
    SELECT f.* FROM index_framework f, versions v
    WHERE f.index_code = $index_code AND f.level = v.level AND f.version = v.version AND f.parent_code IS NULL
), prev_framework AS (
    SELECT f.* FROM index_framework f, versions v
    WHERE f.index_code = $index_code AND f.level = v.level AND f.version = v.prev_version AND f.parent_code IS NULL
), cur AS (
    SELECT * FROM score_values
    WHERE index_code = $index_code AND unit_id = $unit_id AND year = $year AND component_code IS NOT NULL
), prev AS (
    SELECT * FROM score_values
    WHERE index_code = $index_code AND unit_id = $unit_id AND year = $year - 1 AND component_code IS NOT NULL
), components AS (
    SELECT component_code FROM framework
    UNION
    SELECT c.component_code FROM cur c
    WHERE NOT EXISTS (SELECT 1 FROM index_framework f, versions v
                      WHERE f.index_code = $index_code AND f.level = v.level AND f.version = v.version
                        AND f.component_code = c.component_code AND f.parent_code IS NOT NULL)
), joined AS (
    SELECT x.component_code, coalesce(f.component_name, x.component_code) AS component_name,
           coalesce(f.sort, 9999) AS sort, c.score, coalesce(c.max_score, f.max_points) AS max_score,
           coalesce(f.max_confirmed, c.max_score IS NOT NULL) AS max_confirmed,
           p.score AS prev_score, coalesce(p.max_score, pf.max_points) AS prev_max,
           c.sources, coalesce(c.flags, []) AS flags
    FROM components x
    LEFT JOIN framework f USING (component_code)
    LEFT JOIN prev_framework pf USING (component_code)
    LEFT JOIN cur c USING (component_code)
    LEFT JOIN prev p USING (component_code)
)
SELECT j.component_code, j.component_name, j.sort, j.score, j.max_score, j.max_confirmed,
       j.max_score - j.score AS lost, pct(j.score, j.max_score) AS achieved_pct,
       j.prev_score, j.prev_max, j.score - j.prev_score AS change,
       j.prev_max IS NOT NULL AND j.max_score IS DISTINCT FROM j.prev_max AS max_changed,
       v.version, m.label AS version_label, v.prev_version, pm.label AS prev_version_label, j.sources, j.flags
FROM joined j
CROSS JOIN versions v
LEFT JOIN index_methodology m ON m.index_code = $index_code AND m.level = v.level AND m.version = v.version
LEFT JOIN index_methodology pm ON pm.index_code = $index_code AND pm.level = v.level AND pm.version = v.prev_version
ORDER BY j.score IS NULL, j.max_score - j.score DESC NULLS LAST, j.sort, j.component_code;
