-- name: dossier_unit_ranking
-- grain: one row per unit with a yearly row in $year (dossier_yearly unit totals), ranked by the chosen
--        on-time definition, with the same unit's previous year
-- params: $year (INTEGER), $unit_ids (INTEGER[]; NULL = every unit), $definition (VARCHAR: default | qd766 | due)
-- columns: rank, unit_id, unit_name, basis, is_complete, recv_total, res_total, res_late, proc_late (dossiers),
--          on_time_pct, on_time_766_pct, on_time_due_pct, online_pct, chosen_pct (%),
--          prev_chosen_pct, prev_online_pct (%), d_chosen_pp, d_online_pp (percentage points)
-- scope: unit
WITH yearly AS (
    SELECT *,
           CASE $definition WHEN 'qd766' THEN on_time_766_pct WHEN 'due' THEN on_time_due_pct
                ELSE on_time_pct END AS chosen_pct
    FROM dossier_yearly
    WHERE linh_vuc IS NULL AND year IN ($year, $year - 1)
      AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
)
SELECT rank() OVER (ORDER BY cur.chosen_pct DESC NULLS LAST, cur.res_late, cur.unit_name) AS rank,
       cur.unit_id, cur.unit_name, cur.basis, cur.is_complete,
       cur.recv_total, cur.res_total, cur.res_late, cur.proc_late,
       cur.on_time_pct, cur.on_time_766_pct, cur.on_time_due_pct, cur.online_pct, cur.chosen_pct,
       prev.chosen_pct AS prev_chosen_pct, prev.online_pct AS prev_online_pct,
       cur.chosen_pct - prev.chosen_pct AS d_chosen_pp,
       cur.online_pct - prev.online_pct AS d_online_pp
FROM yearly cur
LEFT JOIN yearly prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1
WHERE cur.year = $year
ORDER BY rank;
