-- name: continuity_check
-- grain: one row per incoming row whose carry-over differs from the pending stock of the adjacent
--        earlier period already stored, or whose pending differs from the adjacent later period's carry (V5)
-- params: none (reads the temporary table incoming_dossier_rows, queries.staged)
-- columns: linh_vuc, source_row, direction, this_value, other_value, other_label
-- scope: all
WITH stored AS (
    SELECT unit_id, linh_vuc, period_start, period_end,
           sum(recv_carry) AS recv_carry, sum(proc_total) AS proc_total
    FROM dossier_current
    WHERE unit_id IN (SELECT DISTINCT unit_id FROM incoming_dossier_rows)
      AND (period_end IN (SELECT DISTINCT CAST(period_start - INTERVAL 1 DAY AS DATE) FROM incoming_dossier_rows)
           OR period_start IN (SELECT DISTINCT CAST(period_end + INTERVAL 1 DAY AS DATE) FROM incoming_dossier_rows))
    GROUP BY GROUPING SETS ((unit_id, linh_vuc, period_start, period_end), (unit_id, period_start, period_end))
), incoming AS (
    SELECT unit_id, linh_vuc, period_start, period_end, recv_carry, proc_total, source_row
    FROM incoming_dossier_rows
)
SELECT i.linh_vuc, i.source_row, 'trước' AS direction, i.recv_carry AS this_value,
       s.proc_total AS other_value, p.label AS other_label
FROM incoming i
JOIN stored s ON s.unit_id = i.unit_id AND s.linh_vuc IS NOT DISTINCT FROM i.linh_vuc
             AND s.period_end = i.period_start - INTERVAL 1 DAY
LEFT JOIN period p ON p.period_start = s.period_start AND p.period_end = s.period_end
WHERE s.proc_total <> i.recv_carry
UNION
SELECT i.linh_vuc, i.source_row, 'sau' AS direction, i.proc_total AS this_value,
       s.recv_carry AS other_value, p.label AS other_label
FROM incoming i
JOIN stored s ON s.unit_id = i.unit_id AND s.linh_vuc IS NOT DISTINCT FROM i.linh_vuc
             AND s.period_start = i.period_end + INTERVAL 1 DAY
LEFT JOIN period p ON p.period_start = s.period_start AND p.period_end = s.period_end
WHERE s.recv_carry <> i.proc_total
ORDER BY source_row, direction;
