-- name: with_dossier_rates
-- kind: table macro
-- params: t
-- grain: the grain of t: one row per row of t, with its rate columns
-- columns: every column of t, on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num,
--          on_time_due_den, online_num, online_den (dossiers), on_time_pct, on_time_766_pct,
--          on_time_due_pct, online_pct, completion_pct, overdue_pending_pct, bcci_recv_pct (%)
-- key: that of t
--
-- The rate columns every dossier aggregate shows, in one place: a table macro over any relation that
-- has the canonical summed counts (a CTE works: `SELECT * FROM with_dossier_rates(summed)`). Numerators
-- and denominators come with the rates so that pages can show how each rate was computed.
CREATE OR REPLACE MACRO with_dossier_rates(t) AS TABLE
SELECT *,
       on_time_num(res_before, res_ontime) AS on_time_num, res_total AS on_time_den,
       on_time_766_num(res_before, res_ontime, proc_ontime) AS on_time_766_num,
       on_time_766_den(res_total, proc_total) AS on_time_766_den,
       on_time_num(res_before, res_ontime) AS on_time_due_num, on_time_due_den(res_total, proc_late) AS on_time_due_den,
       recv_online AS online_num, new_receipts(recv_online, recv_offline) AS online_den,
       on_time_pct(res_before, res_ontime, res_total) AS on_time_pct,
       on_time_766_pct(res_before, res_ontime, proc_ontime, res_total, proc_total) AS on_time_766_pct,
       on_time_due_pct(res_before, res_ontime, res_total, proc_late) AS on_time_due_pct,
       online_pct(recv_online, recv_offline) AS online_pct,
       completion_pct(res_total, recv_total) AS completion_pct,
       overdue_pending_pct(proc_late, proc_total) AS overdue_pending_pct,
       bcci_recv_pct(recv_postal, recv_online, recv_offline) AS bcci_recv_pct
FROM query_table(t);
