-- name: score_papi_dimensions
-- grain: one row per PAPI dimension of the framework in force in year $year (D1…D8), plus the total
--        (component_code NULL, first): the province $unit_id, the published national mean and the province
--        ranked first that year — each only where published (NULL otherwise, never estimated)
-- params: $year (INTEGER), $unit_id (INTEGER)
-- columns: component_code, component_name, sort, max_points, score, sources (VARCHAR[]), mean_score,
--          mean_source, best_unit_id, best_unit_name, best_score, best_sources (VARCHAR[])
-- scope: none
WITH dims AS (
    SELECT component_code, component_name, sort, max_points
    FROM index_framework
    WHERE index_code = 'PAPI' AND level = 'tinh' AND version = methodology_of('PAPI', 'tinh', $year)
      AND parent_code IS NULL
    UNION ALL
    SELECT NULL, 'Tổng điểm PAPI', 0, m.scale_max
    FROM index_methodology m
    WHERE m.index_code = 'PAPI' AND m.level = 'tinh' AND m.version = methodology_of('PAPI', 'tinh', $year)
), best AS (
    SELECT unit_id, unit_name FROM score_values
    WHERE index_code = 'PAPI' AND year = $year AND component_code IS NULL AND rank = 1
    ORDER BY unit_name LIMIT 1
), means AS (
    SELECT component_code, any_value(value ORDER BY scope = 'national' DESC) AS value,
           any_value(source ORDER BY scope = 'national' DESC) AS source
    FROM index_aggregate_current
    WHERE index_code = 'PAPI' AND year = $year AND statistic = 'mean' AND NOT is_snapshot
      AND scope IN ('national', 'provinces')
    GROUP BY component_code
)
SELECT d.component_code, d.component_name, d.sort, d.max_points, s.score, s.sources,
       a.value AS mean_score, a.source AS mean_source,
       (SELECT unit_id FROM best) AS best_unit_id, (SELECT unit_name FROM best) AS best_unit_name,
       b.score AS best_score, b.sources AS best_sources
FROM dims d
LEFT JOIN score_values s ON s.index_code = 'PAPI' AND s.year = $year AND s.unit_id = $unit_id
                        AND s.component_code IS NOT DISTINCT FROM d.component_code
LEFT JOIN means a ON a.component_code IS NOT DISTINCT FROM d.component_code
LEFT JOIN score_values b ON b.index_code = 'PAPI' AND b.year = $year AND b.unit_id = (SELECT unit_id FROM best)
                        AND b.component_code IS NOT DISTINCT FROM d.component_code
ORDER BY d.sort;
