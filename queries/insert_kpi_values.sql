-- name: insert_kpi_values
-- grain: one KPI value per row of the table registered as incoming_kpi_values, stored under $batch_id
-- params: $batch_id (INTEGER)
-- columns: none
-- scope: all
INSERT INTO kpi_value (batch_id, kpi_code, unit_id, period_start, period_end, numerator, denominator, reported_pct,
                       service_level_raw, service_level_std, level_mapped, note, source_row)
SELECT $batch_id, kpi_code, unit_id, period_start, period_end, numerator, denominator, reported_pct,
       service_level_raw, service_level_std, level_mapped, note, source_row
FROM incoming_kpi_values;
