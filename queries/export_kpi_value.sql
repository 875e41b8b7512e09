-- name: export_kpi_value
-- grain: one row per stored KPI value (every batch): KPI × unit × period
-- params: none
-- columns: batch_id, kpi_code, unit_id, period_start, period_end, numerator, denominator, reported_pct, service_level_raw, service_level_std, level_mapped, note, source_row
SELECT batch_id, kpi_code, unit_id, period_start, period_end, numerator, denominator, reported_pct, service_level_raw, service_level_std, level_mapped, note, source_row
FROM kpi_value
ORDER BY batch_id, source_row, kpi_code, unit_id;
