-- name: dossier_list_rows
-- grain: one row per current dossier behind a number of the derived Biểu 06 for [$date_from, $date_to]: those
--        $measure counts (a column of dossier_list_counts), by queries/models/dossier_list_classified.sql
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit), $measure (VARCHAR: recv_online |
--         recv_direct | recv_postal | recv_carry | recv_total | res_before | res_ontime | res_late | res_total |
--         proc_ontime | proc_late | proc_total | returned_withdrawn | awaiting_supplement — a count column of
--         dossier_list_counts), $linh_vuc (VARCHAR, NULL = every lĩnh vực)
-- columns: code, unit_name, procedure_name, linh_vuc, channel (1–3), status (1–10), received_at, due_at, ended_at
--          (TIMESTAMP), days_late (working days after the due date: at the end for a resolved dossier, at
--          $date_to for one pending; NULL when not late or outside the calendar), received_as, outcome
-- scope: unit
SELECT c.code, u.name AS unit_name, c.procedure_name, c.linh_vuc, c.channel, c.status, c.received_at, c.due_at,
       c.ended_at,
       CASE WHEN c.outcome = 'res_late' THEN we.workday_no - wd.workday_no
            WHEN c.outcome = 'proc_late' THEN wt.workday_no - wd.workday_no END AS days_late,
       c.received_as, c.outcome
FROM dossier_list_classified($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[]) c
JOIN unit u ON u.unit_id = c.unit_id
LEFT JOIN working_day wd ON wd.day = c.due
LEFT JOIN working_day we ON we.day = c.ended
LEFT JOIN working_day wt ON wt.day = $date_to::DATE
WHERE ($linh_vuc IS NULL OR c.linh_vuc = $linh_vuc)
  AND (c.received_as = $measure OR c.outcome = $measure OR $measure = 'recv_total'
       OR ($measure = 'res_total' AND c.outcome IN ('res_before', 'res_ontime', 'res_late'))
       OR ($measure = 'proc_total' AND c.outcome IN ('proc_ontime', 'proc_late')))
ORDER BY days_late DESC NULLS LAST, c.received_at, c.code;
