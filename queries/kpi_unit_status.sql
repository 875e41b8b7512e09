-- name: kpi_unit_status
-- grain: one row per unit × KPI with a value in year $year (periods ending on or before $as_of), against the
--        unit's own target or else the all-units target
-- params: $year (INTEGER), $as_of (DATE), $unit_ids (INTEGER[]; NULL = every unit), $amber_points (DOUBLE)
-- columns: unit_id, unit_name, kpi_code, short_name, work_unit, numerator_label, numerator, denominator,
--          actual_pct (%), value_basis (counts | reported), level_mapped, last_label, comparator, target_pct (%),
--          status (green | amber | red | no_target | no_data), gap_pp (points), gap_units (work units),
--          unit_valid_to (DATE: the day the unit ended — a merger — when it did)
-- scope: unit
WITH v AS (
    SELECT *,
           CASE WHEN numerator IS NOT NULL THEN pct(numerator, denominator) ELSE reported_pct END AS actual_pct,
           CASE WHEN numerator IS NOT NULL THEN 'counts' ELSE 'reported' END AS value_basis
    FROM kpi_unit_year_all($as_of)
    WHERE year = $year AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
), targets AS (
    SELECT v.unit_id, v.kpi_code, t.comparator, t.value
    FROM v
    JOIN target_current t ON t.kpi_code = v.kpi_code AND t.year = v.year
                         AND (t.unit_id IS NULL OR t.unit_id = v.unit_id)
    QUALIFY row_number() OVER (PARTITION BY v.unit_id, v.kpi_code ORDER BY t.unit_id NULLS LAST) = 1
)
SELECT v.unit_id, u.name AS unit_name, v.kpi_code, k.short_name, k.work_unit, k.numerator_label,
       v.numerator, v.denominator, v.actual_pct, v.value_basis, v.level_mapped, v.last_label,
       t.comparator, t.value AS target_pct,
       target_status(v.actual_pct, t.comparator, t.value, $amber_points) AS status,
       target_gap_pp(v.actual_pct, t.comparator, t.value) AS gap_pp,
       CASE WHEN v.value_basis = 'counts' THEN target_gap_units(v.numerator, v.denominator, t.comparator, t.value) END
           AS gap_units, u.valid_to AS unit_valid_to
FROM v
JOIN unit u USING (unit_id)
JOIN kpi k USING (kpi_code)
LEFT JOIN targets t USING (unit_id, kpi_code)
ORDER BY k.sort_order, u.name;
