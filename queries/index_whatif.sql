-- name: index_whatif
-- grain: one row per QĐ 766 indicator with a threshold in the framework in force in year $year for level $level:
--        its rate now, its points by the rule points = min(rate, T) / T × max points (domain.md §5.2) and the
--        points gained if the rate reached T; the most to gain first, indicators without a rate last
-- params: $year (INTEGER), $level (VARCHAR: tinh | bo | so | khac), $codes (VARCHAR[]: indicators whose rate the
--         analyst typed), $rates (DOUBLE[]: those rates, %), $online_pct (DOUBLE: stored online rate of the
--         unit that year, % of new receipts), $on_time_766_pct (DOUBLE: stored QĐ 766 on-time rate, %)
-- columns: component_code, component_name, group_code, group_name, threshold_pct (%), max_points, max_confirmed,
--          rate (%), rate_source (ho_so: stored dossier data | nhap: typed | NULL: none), points_now, points_max,
--          gain (points), note, sort (the indicator's place in the framework)
-- scope: none
WITH typed AS (
    SELECT unnest(coalesce($codes, []::VARCHAR[])) AS component_code, unnest(coalesce($rates, []::DOUBLE[])) AS rate
), indicators AS (
    SELECT f.*, g.component_name AS group_name,
           coalesce(t.rate, CASE f.rate_source WHEN 'dossier_online' THEN $online_pct
                                               WHEN 'dossier_on_time_766' THEN $on_time_766_pct END) AS rate,
           CASE WHEN t.rate IS NOT NULL THEN 'nhap'
                WHEN f.rate_source = 'dossier_online' AND $online_pct IS NOT NULL THEN 'ho_so'
                WHEN f.rate_source = 'dossier_on_time_766' AND $on_time_766_pct IS NOT NULL THEN 'ho_so' END
               AS rate_source_used
    FROM index_framework f
    LEFT JOIN index_framework g ON g.index_code = f.index_code AND g.level = f.level AND g.version = f.version
                               AND g.component_code = f.parent_code
    LEFT JOIN typed t ON t.component_code = f.component_code
    WHERE f.index_code = 'IDX766' AND f.level = $level AND f.version = methodology_of('IDX766', $level, $year)
      AND f.threshold_pct IS NOT NULL
)
SELECT component_code, component_name, parent_code AS group_code, group_name, threshold_pct, max_points, max_confirmed,
       rate, rate_source_used AS rate_source,
       idx766_points(rate, threshold_pct, max_points) AS points_now, max_points AS points_max,
       max_points - idx766_points(rate, threshold_pct, max_points) AS gain, note, sort
FROM indicators
ORDER BY gain DESC NULLS LAST, sort;
