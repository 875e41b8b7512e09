-- name: insert_period
-- grain: one reporting period (kept if already known)
-- params: $period_start (DATE), $period_end (DATE), $kind (VARCHAR), $label (VARCHAR), $year (INTEGER), $quarter (INTEGER), $is_calendar (BOOLEAN)
-- columns: none
-- scope: all
-- NOT EXISTS rather than ON CONFLICT DO NOTHING: the same rows under the one writer, and DuckDB's conflict
-- handling costs about twice the insert itself (bench/RESULTS.md, h-load4).
INSERT INTO period (period_start, period_end, kind, label, year, quarter, is_calendar)
SELECT $period_start, $period_end, $kind, $label, $year, $quarter, $is_calendar
WHERE NOT EXISTS (SELECT 1 FROM period WHERE period_start = $period_start AND period_end = $period_end);
