-- name: kpi_values
-- grain: one row per KPI value in force (kpi_current) of a period ending in year $year, for the chosen units
-- params: $year (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: short_name, unit_name, period_label, numerator, denominator, rate_pct (%), reported_pct (%),
--          service_level_raw, service_level_std, level_mapped, note, file_name, batch_id
-- scope: unit
SELECT k.short_name, u.name AS unit_name, p.label AS period_label, c.numerator, c.denominator,
       pct(c.numerator, c.denominator) AS rate_pct, c.reported_pct, c.service_level_raw, c.service_level_std,
       c.level_mapped, c.note, b.file_name, c.batch_id
FROM kpi_current c
JOIN kpi k USING (kpi_code)
JOIN unit u USING (unit_id)
JOIN period p USING (period_start, period_end)
JOIN load_batch b ON b.batch_id = c.batch_id
WHERE p.year = $year AND ($unit_ids IS NULL OR list_contains($unit_ids, c.unit_id))
ORDER BY k.sort_order, u.name, c.period_end;
