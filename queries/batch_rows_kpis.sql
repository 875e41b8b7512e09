-- name: batch_rows_kpis
-- grain: one row per KPI value a "kpis" batch stored, in the order of the source sheet
-- params: $batch_id (INTEGER)
-- columns: source_row, kpi_name, unit_name, period_start, period_end, numerator, denominator, reported_pct (%),
--          service_level_raw
-- scope: all
SELECT v.source_row, k.name AS kpi_name, u.name AS unit_name, v.period_start, v.period_end, v.numerator,
       v.denominator, v.reported_pct, v.service_level_raw
FROM kpi_value v JOIN unit u USING (unit_id) LEFT JOIN kpi k USING (kpi_code)
WHERE v.batch_id = $batch_id
ORDER BY v.source_row, k.name, u.name;
