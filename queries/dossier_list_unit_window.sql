-- name: dossier_list_unit_window
-- grain: one row per chosen unit with dossiers counted in [$date_from, $date_to] (Biểu 06 derived from the current
--        dossier records, dossier_list_classified), the lowest rate of $metric first; units whose denominator for
--        $metric is below $min_dossiers left out — the columns of presentation_unit_period, for any window
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[]; NULL = every unit),
--         $metric (VARCHAR: on_time | online), $min_dossiers (INTEGER)
-- columns: unit_id, unit_name, recv_total, recv_online, recv_offline, recv_carry,
--          res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late, recv_direct,
--          recv_postal (dossiers),
--          on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num, on_time_due_den,
--          online_num, online_den (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pending_pct,
--          bcci_recv_pct (%), late_total (res_late + proc_late; dossiers), metric_pct (the $metric rate, %),
--          metric_den (its denominator; dossiers)
-- scope: unit
WITH summed AS (
    SELECT c.unit_id, u.name AS unit_name, c.* EXCLUDE (unit_id, returned_withdrawn, awaiting_supplement)
    FROM dossier_list_unit_counts($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[]) c
    JOIN unit u ON u.unit_id = c.unit_id
), rated AS (
    SELECT *, late_total(res_late, proc_late) AS late_total,
           CASE $metric WHEN 'online' THEN online_pct ELSE on_time_pct END AS metric_pct,
           CASE $metric WHEN 'online' THEN online_den ELSE on_time_den END AS metric_den
    FROM with_dossier_rates(summed)
)
SELECT * FROM rated
WHERE metric_pct IS NOT NULL AND metric_den >= $min_dossiers
ORDER BY metric_pct, late_total DESC, metric_den DESC, unit_name;
