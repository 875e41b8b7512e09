-- name: dossier_rates
-- grain: one row per unit × lĩnh vực × stored period (linh_vuc NULL = a unit stored as one roll-up row)
-- params: $unit_ids (INTEGER[]; NULL = every unit), $year_from (INTEGER; NULL = from the first year),
--         $year_to (INTEGER; NULL = to the last year), $kind (VARCHAR: month | quarter | half | nine_months |
--         year | other; NULL = every kind), $linh_vuc (VARCHAR, exact name; NULL = every lĩnh vực)
-- columns: unit_id, unit_name, linh_vuc, period_start, period_end, period_kind, period_label,
--          year (reporting year = year of period_end),
--          recv_total, recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
--          proc_total, proc_ontime, proc_late, recv_direct, recv_postal, returned_withdrawn, awaiting_supplement,
--          recv_online_full, recv_online_partial (dossiers; the last six NULL when the file lacks them),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pct,
--          overdue_pending_pct, bcci_recv_pct (%, 0–100, NULL when the denominator is 0)
-- scope: unit
SELECT *
FROM dossier_rates
WHERE ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
  AND ($year_from IS NULL OR year >= $year_from)
  AND ($year_to IS NULL OR year <= $year_to)
  AND ($kind IS NULL OR period_kind = $kind)
  AND ($linh_vuc IS NULL OR linh_vuc = $linh_vuc)
ORDER BY unit_name, linh_vuc NULLS FIRST, period_end;
