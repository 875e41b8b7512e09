-- name: score_framework_for
-- grain: one row per (index, subject level, year) asked × component of the framework version in force that
--        year (one row with component_code NULL when that version lists no component; version NULL when no
--        methodology is known for the index, level and year)
-- params: $index_codes (VARCHAR[]), $levels (VARCHAR[]), $years (INTEGER[]) — parallel lists, one entry per triple
-- columns: index_code, level, year, version, version_label, scale_max, component_code, component_name, parent_code,
--          max_points, min_points, sort
-- scope: none
WITH asked AS (
    SELECT DISTINCT unnest($index_codes) AS index_code, unnest($levels) AS level, unnest($years) AS year
), versions AS (
    SELECT a.*, methodology_of(a.index_code, a.level, a.year) AS version FROM asked a
)
SELECT v.index_code, v.level, v.year, v.version, m.label AS version_label, m.scale_max,
       f.component_code, f.component_name, f.parent_code, f.max_points, f.min_points, f.sort
FROM versions v
LEFT JOIN index_methodology m ON m.index_code = v.index_code AND m.level = v.level AND m.version = v.version
LEFT JOIN index_framework f ON f.index_code = v.index_code AND f.level = v.level AND f.version = v.version
ORDER BY v.index_code, v.level, v.year, f.sort, f.component_code;
