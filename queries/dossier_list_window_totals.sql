-- name: dossier_list_window_totals
-- grain: one row: Biểu 06 of the chosen units derived from the current dossier records (dossier_list_classified,
--        domain.md §8.2) for the window [$date_from, $date_to], with the previous window [$prev_from, $prev_to] and
--        the same window one year earlier [$ly_from, $ly_to] beside it (any window: a week, a month, a quarter);
--        no row when no dossier counts in the window
-- params: $date_from, $date_to, $prev_from, $prev_to, $ly_from, $ly_to (DATE), $unit_ids (INTEGER[]; NULL = every
--         unit), $label, $prev_label, $ly_label (VARCHAR: how the three windows are named in sentences)
-- columns: period_start, period_end, label, year, quarter (NULL), unit_count, is_demo (BOOLEAN: a demo batch is
--          counted), recv_total, recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
--          proc_total, proc_ontime, proc_late, recv_direct, recv_postal, returned_withdrawn, awaiting_supplement
--          (dossiers),
--          on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num, on_time_due_den,
--          online_num, online_den (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pending_pct,
--          bcci_recv_pct (%),
--          prev_label, prev_unit_count, prev_recv_total, prev_on_time_pct, prev_online_pct, prev_proc_late,
--          ly_label, ly_recv_total, ly_on_time_pct, ly_online_pct, ly_proc_late,
--          d_prev_recv_total, d_prev_on_time_pp, d_prev_online_pp, d_prev_proc_late,
--          d_ly_recv_total, d_ly_on_time_pp, d_ly_online_pp, d_ly_proc_late
--          (the columns of dossier_period_totals, so the bulletin's sentences read either; prev_* and ly_* are NULL
--          when no dossier counts in that window)
-- scope: province
WITH per_unit AS (
    SELECT 'cur' AS w, * FROM dossier_list_unit_counts($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[])
    UNION ALL
    SELECT 'prev', * FROM dossier_list_unit_counts($prev_from::DATE, $prev_to::DATE, $unit_ids::INTEGER[])
    UNION ALL
    SELECT 'ly', * FROM dossier_list_unit_counts($ly_from::DATE, $ly_to::DATE, $unit_ids::INTEGER[])
), summed AS (
    SELECT w, count(*) AS unit_count, sum(COLUMNS(* EXCLUDE (w, unit_id)))::BIGINT
    FROM per_unit
    GROUP BY w
), rated AS (
    SELECT * FROM with_dossier_rates(summed)
), demo AS (
    SELECT coalesce(bool_or(b.is_demo), false) AS is_demo
    FROM dossier d JOIN load_batch b USING (batch_id)
    WHERE d.is_current AND ($unit_ids IS NULL OR list_contains($unit_ids, d.unit_id))
      AND d.received_at::DATE <= $date_to::DATE AND coalesce(d.ended_at::DATE, $date_to::DATE) >= $date_from::DATE
)
SELECT $date_from::DATE AS period_start, $date_to::DATE AS period_end, $label AS label,
       year($date_to::DATE) AS year, NULL::INTEGER AS quarter, c.unit_count, demo.is_demo,
       c.recv_total, c.recv_online, c.recv_offline, c.recv_carry, c.res_total, c.res_before, c.res_ontime,
       c.res_late, c.proc_total, c.proc_ontime, c.proc_late, c.recv_direct, c.recv_postal, c.returned_withdrawn,
       c.awaiting_supplement,
       c.on_time_num, c.on_time_den, c.on_time_766_num, c.on_time_766_den, c.on_time_due_num, c.on_time_due_den,
       c.online_num, c.online_den,
       c.on_time_pct, c.on_time_766_pct, c.on_time_due_pct, c.online_pct, c.completion_pct, c.overdue_pending_pct,
       c.bcci_recv_pct,
       CASE WHEN p.w IS NOT NULL THEN $prev_label END AS prev_label, p.unit_count AS prev_unit_count,
       p.recv_total AS prev_recv_total, p.on_time_pct AS prev_on_time_pct, p.online_pct AS prev_online_pct,
       p.proc_late AS prev_proc_late,
       CASE WHEN ly.w IS NOT NULL THEN $ly_label END AS ly_label, ly.recv_total AS ly_recv_total,
       ly.on_time_pct AS ly_on_time_pct, ly.online_pct AS ly_online_pct, ly.proc_late AS ly_proc_late,
       c.recv_total - p.recv_total AS d_prev_recv_total,
       c.on_time_pct - p.on_time_pct AS d_prev_on_time_pp,
       c.online_pct - p.online_pct AS d_prev_online_pp,
       c.proc_late - p.proc_late AS d_prev_proc_late,
       c.recv_total - ly.recv_total AS d_ly_recv_total,
       c.on_time_pct - ly.on_time_pct AS d_ly_on_time_pp,
       c.online_pct - ly.online_pct AS d_ly_online_pp,
       c.proc_late - ly.proc_late AS d_ly_proc_late
FROM rated c
CROSS JOIN demo
LEFT JOIN rated p ON p.w = 'prev'
LEFT JOIN rated ly ON ly.w = 'ly'
WHERE c.w = 'cur';
