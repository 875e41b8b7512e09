-- name: export_period
-- grain: one row per reporting period met so far (table period as stored)
-- params: none
-- columns: period_start, period_end, kind, label, year, quarter, is_calendar
SELECT period_start, period_end, kind, label, year, quarter, is_calendar
FROM period
ORDER BY period_end, period_start;
