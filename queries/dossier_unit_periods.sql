-- name: dossier_unit_periods
-- grain: one row per unit × stored period of kind $kind (summed over the unit's lĩnh vực)
-- params: $kind (VARCHAR: quarter | half | nine_months | year | month | other), $year_from (INTEGER),
--         $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: unit_id, unit_name, period_start, period_end, label, year, quarter,
--          recv_total, recv_online, recv_offline, recv_carry, res_total, res_before,
--          res_ontime, res_late, proc_total, proc_ontime, proc_late, recv_direct, recv_postal (dossiers),
--          on_time_num, on_time_den, on_time_766_num, on_time_766_den, on_time_due_num, on_time_due_den,
--          online_num, online_den (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, completion_pct, overdue_pending_pct,
--          bcci_recv_pct (%) — all from the macro with_dossier_rates
-- scope: unit
WITH summed AS (
    SELECT c.unit_id, any_value(u.name) AS unit_name, c.period_start, c.period_end,
           any_value(p.label) AS label, any_value(p.year) AS year, any_value(p.quarter) AS quarter,
           sum(COLUMNS(dossier_count_columns()))::BIGINT   -- the thirteen counts, each under its own name
    FROM dossier_current c
    JOIN period p USING (period_start, period_end)
    JOIN unit u USING (unit_id)
    WHERE p.kind = $kind AND p.year BETWEEN $year_from AND $year_to
      AND ($unit_ids IS NULL OR list_contains($unit_ids, c.unit_id))
    GROUP BY c.unit_id, c.period_start, c.period_end
)
SELECT * FROM with_dossier_rates(summed)
ORDER BY unit_name, period_end;
