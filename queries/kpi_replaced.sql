-- name: kpi_replaced
-- grain: one row per value of the table registered as incoming_kpi_values that replaces a current value
--        (same KPI × unit × period), old and new side by side
-- params: none
-- columns: kpi_code, short_name, unit_name, period_start, period_end, old_numerator, old_denominator, old_reported_pct (%),
--          old_rate_pct (%, of the old counts), new_numerator, new_denominator, new_reported_pct (%),
--          new_rate_pct (%, of the new counts), batch_id, file_name
-- scope: all
SELECT i.kpi_code, k.short_name, u.name AS unit_name, i.period_start, i.period_end,
       c.numerator AS old_numerator, c.denominator AS old_denominator, c.reported_pct AS old_reported_pct,
       pct(c.numerator, c.denominator) AS old_rate_pct,
       i.numerator AS new_numerator, i.denominator AS new_denominator, i.reported_pct AS new_reported_pct,
       pct(i.numerator, i.denominator) AS new_rate_pct,
       c.batch_id, b.file_name
FROM incoming_kpi_values i
JOIN kpi_current c USING (kpi_code, unit_id, period_start, period_end)
JOIN kpi k USING (kpi_code)
JOIN unit u ON u.unit_id = i.unit_id
JOIN load_batch b ON b.batch_id = c.batch_id
ORDER BY k.sort_order, u.name, i.period_end;
