-- name: insert_period
-- grain: one reporting period (kept if already known)
-- params: $period_start (DATE), $period_end (DATE), $kind (VARCHAR), $label (VARCHAR), $year (INTEGER), $quarter (INTEGER), $is_calendar (BOOLEAN)
-- columns: none
-- scope: all
INSERT INTO period (period_start, period_end, kind, label, year, quarter, is_calendar)
VALUES ($period_start, $period_end, $kind, $label, $year, $quarter, $is_calendar)
ON CONFLICT DO NOTHING;
