-- name: dossier_period_totals
-- grain: one row per stored period of kind $kind (summed over the chosen units and all lĩnh vực),
--        with the previous period of the same kind and the same period one year earlier
-- params: $kind (VARCHAR: quarter | half | nine_months | year | month | other), $year_from (INTEGER),
--         $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit), $linh_vuc (VARCHAR; NULL = every lĩnh vực)
-- columns: period_start, period_end, label, year, quarter, unit_count,
--          recv_total, recv_online, recv_offline, recv_carry,
--          res_total, res_before, res_ontime, res_late, proc_total, proc_ontime, proc_late, recv_direct,
--          recv_postal (dossiers),
--          on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num, on_time_due_den,
--          online_num, online_den (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pending_pct,
--          bcci_recv_pct (%),
--          prev_label, prev_unit_count, prev_recv_total, prev_on_time_pct, prev_online_pct, prev_proc_late,
--          ly_label, ly_recv_total, ly_on_time_pct, ly_online_pct, ly_proc_late,
--          d_prev_recv_total, d_prev_on_time_pp, d_prev_online_pp, d_prev_proc_late,
--          d_ly_recv_total, d_ly_on_time_pp, d_ly_online_pp, d_ly_proc_late
-- scope: province
WITH summed AS (
    SELECT c.period_start, c.period_end,
           any_value(p.label) AS label, any_value(p.year) AS year, any_value(p.quarter) AS quarter,
           count(DISTINCT c.unit_id) AS unit_count,
           sum(COLUMNS(dossier_count_columns()))::BIGINT   -- the thirteen counts, each under its own name
    FROM dossier_current c
    JOIN period p USING (period_start, period_end)
    WHERE p.kind = $kind
      AND ($unit_ids IS NULL OR list_contains($unit_ids, c.unit_id))
      AND ($linh_vuc IS NULL OR c.linh_vuc = $linh_vuc)
    GROUP BY c.period_start, c.period_end
), rated AS (
    SELECT * FROM with_dossier_rates(summed)
), compared AS (
    SELECT r.*,
           lag(r.label) OVER w AS prev_label,
           lag(r.unit_count) OVER w AS prev_unit_count,
           lag(r.recv_total) OVER w AS prev_recv_total,
           lag(r.on_time_pct) OVER w AS prev_on_time_pct,
           lag(r.online_pct) OVER w AS prev_online_pct,
           lag(r.proc_late) OVER w AS prev_proc_late,
           ly.label AS ly_label, ly.recv_total AS ly_recv_total, ly.on_time_pct AS ly_on_time_pct,
           ly.online_pct AS ly_online_pct, ly.proc_late AS ly_proc_late
    FROM rated r
    LEFT JOIN rated ly
           ON ly.period_start = r.period_start - INTERVAL 1 YEAR AND ly.period_end = r.period_end - INTERVAL 1 YEAR
    WINDOW w AS (ORDER BY r.period_end)
)
SELECT *,
       recv_total - prev_recv_total AS d_prev_recv_total,
       on_time_pct - prev_on_time_pct AS d_prev_on_time_pp,
       online_pct - prev_online_pct AS d_prev_online_pp,
       proc_late - prev_proc_late AS d_prev_proc_late,
       recv_total - ly_recv_total AS d_ly_recv_total,
       on_time_pct - ly_on_time_pct AS d_ly_on_time_pp,
       online_pct - ly_online_pct AS d_ly_online_pp,
       proc_late - ly_proc_late AS d_ly_proc_late
FROM compared
WHERE year BETWEEN $year_from AND $year_to
ORDER BY period_end;
