-- name: dossier_list_reported
-- grain: one row per unit × lĩnh vực of the Biểu 06 reports in force for exactly the period [$date_from, $date_to]
--        (the reports the derived Biểu 06 is compared with), for the units that sent dossier lists or reports
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_name, linh_vuc (NULL = a unit reported as one row), recv_online, recv_offline, recv_carry,
--          recv_total, res_before, res_ontime, res_late, res_total, proc_ontime, proc_late, proc_total
--          (numbers of dossiers as reported)
-- scope: unit
SELECT u.name AS unit_name, d.linh_vuc, d.recv_online, d.recv_offline, d.recv_carry, d.recv_total, d.res_before,
       d.res_ontime, d.res_late, d.res_total, d.proc_ontime, d.proc_late, d.proc_total
FROM dossier_current d
JOIN unit u ON u.unit_id = d.unit_id
WHERE d.period_start = $date_from::DATE AND d.period_end = $date_to::DATE
  AND ($unit_ids IS NULL OR list_contains($unit_ids, d.unit_id))
ORDER BY u.name, d.linh_vuc NULLS LAST;
