-- name: dossier_rates
-- kind: view
-- grain: one row per unit × lĩnh vực × stored period (dossier_current with names, period and rates)
-- columns: unit_id, unit_name, linh_vuc, period_start, period_end, period_kind, period_label, year, recv_total,
--          recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late, proc_total,
--          proc_ontime, proc_late, recv_direct, recv_postal, returned_withdrawn, awaiting_supplement,
--          recv_online_full, recv_online_partial, on_time_pct, on_time_766_pct, on_time_due_pct, online_pct,
--          completion_pct, overdue_pct, overdue_pending_pct, bcci_recv_pct
-- key: unit_id, linh_vuc, period_start, period_end
--
-- One row per unit × lĩnh vực × stored period (what the dashboard reads), with its rates.
-- linh_vuc NULL = a unit stored as one roll-up row.
CREATE OR REPLACE VIEW dossier_rates AS
SELECT c.unit_id, u.name AS unit_name, c.linh_vuc, c.period_start, c.period_end,
       p.kind AS period_kind, p.label AS period_label, p.year,
       c.recv_total, c.recv_online, c.recv_offline, c.recv_carry,
       c.res_total, c.res_before, c.res_ontime, c.res_late,
       c.proc_total, c.proc_ontime, c.proc_late,
       c.recv_direct, c.recv_postal, c.returned_withdrawn, c.awaiting_supplement,
       c.recv_online_full, c.recv_online_partial,
       on_time_pct(c.res_before, c.res_ontime, c.res_total) AS on_time_pct,
       on_time_766_pct(c.res_before, c.res_ontime, c.proc_ontime, c.res_total, c.proc_total) AS on_time_766_pct,
       on_time_due_pct(c.res_before, c.res_ontime, c.res_total, c.proc_late) AS on_time_due_pct,
       online_pct(c.recv_online, c.recv_offline) AS online_pct,
       completion_pct(c.res_total, c.recv_total) AS completion_pct,
       overdue_pct(c.res_late, c.res_total) AS overdue_pct,
       overdue_pending_pct(c.proc_late, c.proc_total) AS overdue_pending_pct,
       bcci_recv_pct(c.recv_postal, c.recv_online, c.recv_offline) AS bcci_recv_pct
FROM dossier_current c
JOIN unit u USING (unit_id)
JOIN period p USING (period_start, period_end);
