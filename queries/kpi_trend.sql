-- name: kpi_trend
-- grain: one row per KPI × year from $year_from to $year_to with a value, over the chosen units (whole years;
--        the latest year as far as reported), with that year's target
-- params: $year_from (INTEGER), $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit), $amber_points (DOUBLE)
-- columns: kpi_code, short_name, year, numerator, denominator, actual_pct (%), value_basis (counts | reported),
--          level_mapped, last_label, comparator, target_pct (%), status (green | amber | red | no_target | no_data)
-- scope: unit
SELECT t.kpi_code, k.short_name, t.year, t.numerator, t.denominator, t.actual_pct, t.value_basis, t.level_mapped,
       t.last_label, g.comparator, g.value AS target_pct,
       target_status(t.actual_pct, g.comparator, g.value, $amber_points) AS status
FROM kpi_year_totals(DATE '9999-12-31', $unit_ids) t
JOIN kpi k USING (kpi_code)
LEFT JOIN target_for_units($unit_ids) g USING (kpi_code, year)
WHERE t.year BETWEEN $year_from AND $year_to AND t.actual_pct IS NOT NULL
ORDER BY k.sort_order, t.year;
