-- name: bieu06_rows_from_dossiers
-- grain: one row per form row of the consolidated Biểu 06 for the window [$date_from, $date_to], derived from the
--        stored dossier lists (the counting rules of dossier_list_classified, as dossier_list_counts): per unit
--        (when $by = 'unit') or per lĩnh vực (when $by = 'linh_vuc'; a list without lĩnh vực counts under its unit)
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[]; NULL = every unit),
--         $by (VARCHAR: unit | linh_vuc)
-- columns: row_label, unit_id (NULL by lĩnh vực), unit_level (NULL by lĩnh vực), unit_count, period_count,
--          first_period_start, last_period_end, covered_days (the window's days: a list covers what it covers),
--          basis (the source),
--          recv_total, recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
--          proc_total, proc_ontime, proc_late (dossiers)
-- scope: unit
--
-- The same columns as bieu06_rows, so the workbook is written the same way. (3) counts every dossier received or
-- carried over; withdrawn and awaiting-supplement dossiers are in (3) but neither in (7) nor (11), which the
-- check sheet's V4 then shows — as a unit's own report would.
SELECT CASE WHEN $by = 'unit' THEN u.name ELSE coalesce(c.linh_vuc, u.name) END AS row_label,
       CASE WHEN $by = 'unit' THEN c.unit_id END AS unit_id,
       CASE WHEN $by = 'unit' THEN u.level END AS unit_level,
       count(DISTINCT c.unit_id) AS unit_count,
       1 AS period_count,
       $date_from::DATE AS first_period_start,
       $date_to::DATE AS last_period_end,
       $date_to::DATE - $date_from::DATE + 1 AS covered_days,
       'danh sách hồ sơ' AS basis,
       count(*) AS recv_total,
       count(*) FILTER (WHERE c.received_as = 'recv_online') AS recv_online,
       count(*) FILTER (WHERE c.received_as IN ('recv_direct', 'recv_postal')) AS recv_offline,
       count(*) FILTER (WHERE c.received_as = 'recv_carry') AS recv_carry,
       count(*) FILTER (WHERE c.outcome IN ('res_before', 'res_ontime', 'res_late')) AS res_total,
       count(*) FILTER (WHERE c.outcome = 'res_before') AS res_before,
       count(*) FILTER (WHERE c.outcome = 'res_ontime') AS res_ontime,
       count(*) FILTER (WHERE c.outcome = 'res_late') AS res_late,
       count(*) FILTER (WHERE c.outcome IN ('proc_ontime', 'proc_late')) AS proc_total,
       count(*) FILTER (WHERE c.outcome = 'proc_ontime') AS proc_ontime,
       count(*) FILTER (WHERE c.outcome = 'proc_late') AS proc_late
FROM dossier_list_classified($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[]) c
JOIN unit u ON u.unit_id = c.unit_id
GROUP BY ALL
ORDER BY row_label;
