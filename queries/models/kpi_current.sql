-- name: kpi_current
-- kind: view
-- grain: one row per KPI × unit × period, from the latest active batch reporting it
-- columns: batch_id, kpi_code, unit_id, period_start, period_end, numerator, denominator, reported_pct,
--          service_level_raw, service_level_std, level_mapped, note, source_row
-- key: kpi_code, unit_id, period_start, period_end
--
-- The values the dashboard reads: rows of active batches, the latest batch per KPI × unit × period
-- (a file correcting a few values leaves the other values of an earlier file in place).
CREATE OR REPLACE VIEW kpi_current AS
SELECT v.*
FROM kpi_value v
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY v.batch_id = max(v.batch_id) OVER (PARTITION BY v.kpi_code, v.unit_id, v.period_start, v.period_end);
