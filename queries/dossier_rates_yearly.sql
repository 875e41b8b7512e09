-- name: dossier_rates_yearly
-- grain: one row per unit × lĩnh vực × reporting year, plus one unit-total row per unit × year
--        (linh_vuc NULL), built from the unit's non-overlapping stored periods of that year (view dossier_yearly)
-- params: $unit_ids (INTEGER[]; NULL = every unit), $year_from (INTEGER; NULL = from the first year),
--         $year_to (INTEGER; NULL = to the last year)
-- columns: unit_id, unit_name, linh_vuc, year, period_count, months_covered (months of 12), is_complete,
--          uses_cumulative (a 6-month, 9-month or year report is among the periods), basis (the periods used),
--          first_period_start, last_period_end,
--          recv_total (new receipts + carry of the first period), recv_online, recv_offline,
--          recv_carry (first period), res_total, res_before, res_ontime, res_late (summed),
--          proc_total, proc_ontime, proc_late (last period), recv_direct, recv_postal, returned_withdrawn,
--          awaiting_supplement (last period), recv_online_full, recv_online_partial (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pct,
--          overdue_pending_pct, bcci_recv_pct (%, 0–100, NULL when the denominator is 0)
-- scope: unit
SELECT *
FROM dossier_yearly
WHERE ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
  AND ($year_from IS NULL OR year >= $year_from)
  AND ($year_to IS NULL OR year <= $year_to)
ORDER BY unit_name, unit_id, year, linh_vuc NULLS FIRST;
