-- name: presentation_linh_vuc_period
-- grain: one row per lĩnh vực of the chosen units in one stored period, counts summed across the units
--        (rows stored as a unit roll-up, linh_vuc NULL, are left out); the lowest rate of $metric first,
--        lĩnh vực whose denominator for $metric is below $min_dossiers left out (a rate of 3 dossiers is noise)
-- params: $period_start (DATE), $period_end (DATE), $unit_ids (INTEGER[]; NULL = every unit),
--         $metric (VARCHAR: on_time | online), $min_dossiers (INTEGER)
-- columns: linh_vuc, unit_names, recv_total, recv_online, recv_offline, recv_carry,
--          res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late, recv_direct,
--          recv_postal (dossiers),
--          on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num, on_time_due_den,
--          online_num, online_den (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pending_pct,
--          bcci_recv_pct (%), late_total (res_late + proc_late; dossiers), metric_pct (the $metric rate, %),
--          metric_den (its denominator; dossiers)
-- scope: unit
WITH summed AS (
    SELECT linh_vuc, string_agg(DISTINCT unit_name, ', ' ORDER BY unit_name) AS unit_names,
           sum(COLUMNS(dossier_count_columns()))::BIGINT   -- the thirteen counts, each under its own name
    FROM dossier_rates
    WHERE linh_vuc IS NOT NULL AND period_start = $period_start AND period_end = $period_end
      AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
    GROUP BY linh_vuc
), rated AS (
    SELECT *, late_total(res_late, proc_late) AS late_total,
           CASE $metric WHEN 'online' THEN online_pct ELSE on_time_pct END AS metric_pct,
           CASE $metric WHEN 'online' THEN online_den ELSE on_time_den END AS metric_den
    FROM with_dossier_rates(summed)
)
SELECT * FROM rated
WHERE metric_pct IS NOT NULL AND metric_den >= $min_dossiers
ORDER BY metric_pct, late_total DESC, metric_den DESC, linh_vuc;
