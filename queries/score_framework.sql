-- name: score_framework
-- grain: one row per component of every methodology version of index $index_code at level $level (a version
--        with no component listed gives one row with component_code NULL), oldest version first
-- params: $index_code (VARCHAR; NULL = every index), $level (VARCHAR; NULL = every level)
-- columns: index_code, level, version, version_label, year_from, year_to, scale_max, scale_unit, is_demo,
--          version_note, version_source, component_code, component_name, parent_code, max_points, max_confirmed,
--          threshold_pct, note, source
-- scope: none
SELECT m.index_code, m.level, m.version, m.label AS version_label, m.year_from, m.year_to, m.scale_max, m.scale_unit,
       m.is_demo, m.note AS version_note, m.source AS version_source,
       f.component_code, f.component_name, f.parent_code, f.max_points, f.max_confirmed, f.threshold_pct, f.note, f.source
FROM index_methodology m
LEFT JOIN index_framework f ON f.index_code = m.index_code AND f.level = m.level AND f.version = m.version
WHERE ($index_code IS NULL OR m.index_code = $index_code) AND ($level IS NULL OR m.level = $level)
ORDER BY list_position(['PAR', 'SIPAS', 'PAPI', 'IDX766', 'DTI', 'PCI'], m.index_code), m.level,
         coalesce(m.year_from, 0), f.sort, f.component_code;
