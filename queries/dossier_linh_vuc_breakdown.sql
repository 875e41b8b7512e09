-- name: dossier_linh_vuc_breakdown
-- grain: one row per lĩnh vực of the chosen units in $year (dossier_yearly, lĩnh vực summed across units),
--        ordered by the dossiers that pull the on-time rate down (resolved late + pending overdue)
-- params: $year (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: linh_vuc, unit_count, unit_names (the units' names, or "N đơn vị" for more than 10), recv_total, recv_online, recv_offline, res_total, res_before, res_ontime,
--          res_late, proc_total, proc_ontime, proc_late, late_total (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct (%), late_share (% of all late dossiers)
-- scope: unit
-- The units' cell: their names, or their count past 10 (model units_named).
-- dossier_yearly has one row per unit × lĩnh vực × year, so count(*) counts the units.
WITH summed AS (
    SELECT linh_vuc, count(*) AS unit_count,
           units_named(count(*), string_agg(unit_name, ', ' ORDER BY unit_name)) AS unit_names,
           sum(COLUMNS(dossier_count_columns()))::BIGINT   -- the thirteen counts, each under its own name
    FROM dossier_yearly
    WHERE linh_vuc IS NOT NULL AND year = $year
      AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
    GROUP BY linh_vuc
)
SELECT * EXCLUDE (recv_carry, recv_direct, recv_postal), late_total(res_late, proc_late) AS late_total,
       on_time_pct(res_before, res_ontime, res_total) AS on_time_pct,
       on_time_766_pct(res_before, res_ontime, proc_ontime, res_total, proc_total) AS on_time_766_pct,
       on_time_due_pct(res_before, res_ontime, res_total, proc_late) AS on_time_due_pct,
       online_pct(recv_online, recv_offline) AS online_pct,
       pct(late_total(res_late, proc_late), sum(late_total(res_late, proc_late)) OVER ()) AS late_share
FROM summed
ORDER BY late_total DESC, res_total DESC, linh_vuc;
