-- name: dossier_list_counts
-- grain: one row per unit × lĩnh vực with any dossier counted in [$date_from, $date_to]: Biểu 06 derived from the
--        current dossier records by domain.md §8.2 (queries/models/dossier_list_classified.sql: dates compared as
--        calendar dates; statuses 1 and 3 and records with a data error count nowhere; a missing channel counts as
--        direct; an export is a snapshot of current statuses)
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_name, linh_vuc (NULL: the list has no lĩnh vực), recv_online, recv_direct, recv_postal, recv_carry,
--          recv_total, res_before, res_ontime, res_late, res_total, proc_ontime, proc_late, proc_total,
--          returned_withdrawn, awaiting_supplement (numbers of dossiers)
-- scope: unit
SELECT u.name AS unit_name, c.linh_vuc,
       count(*) FILTER (WHERE received_as = 'recv_online') AS recv_online,
       count(*) FILTER (WHERE received_as = 'recv_direct') AS recv_direct,
       count(*) FILTER (WHERE received_as = 'recv_postal') AS recv_postal,
       count(*) FILTER (WHERE received_as = 'recv_carry') AS recv_carry,
       count(*) AS recv_total,
       count(*) FILTER (WHERE outcome = 'res_before') AS res_before,
       count(*) FILTER (WHERE outcome = 'res_ontime') AS res_ontime,
       count(*) FILTER (WHERE outcome = 'res_late') AS res_late,
       count(*) FILTER (WHERE outcome IN ('res_before', 'res_ontime', 'res_late')) AS res_total,
       count(*) FILTER (WHERE outcome = 'proc_ontime') AS proc_ontime,
       count(*) FILTER (WHERE outcome = 'proc_late') AS proc_late,
       count(*) FILTER (WHERE outcome IN ('proc_ontime', 'proc_late')) AS proc_total,
       count(*) FILTER (WHERE outcome = 'returned_withdrawn') AS returned_withdrawn,
       count(*) FILTER (WHERE outcome = 'awaiting_supplement') AS awaiting_supplement
FROM dossier_list_classified($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[]) c
JOIN unit u ON u.unit_id = c.unit_id
GROUP BY u.name, c.linh_vuc
ORDER BY u.name, c.linh_vuc NULLS LAST;
