-- name: dossier_list_unit_counts
-- kind: table macro
-- params: date_from, date_to, unit_ids
-- grain: one row per unit with a dossier counted in Biểu 06 for [date_from, date_to] (dossier_list_classified,
--        domain.md §8.2): its counts, under the names of the stored Biểu 06 counts
-- columns: unit_id, recv_total, recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
--          proc_total, proc_ontime, proc_late, recv_direct, recv_postal, returned_withdrawn, awaiting_supplement
-- key: unit_id
--
-- The one place the dossier-list outcomes become the count columns the rate macros (with_dossier_rates) read:
-- the windows of the bulletin (dossier_list_window_totals) and their unit ranking (dossier_list_unit_window).
CREATE OR REPLACE MACRO dossier_list_unit_counts(date_from, date_to, unit_ids) AS TABLE
SELECT unit_id,
       count(*) AS recv_total,
       count(*) FILTER (WHERE received_as = 'recv_online') AS recv_online,
       count(*) FILTER (WHERE received_as IN ('recv_direct', 'recv_postal')) AS recv_offline,
       count(*) FILTER (WHERE received_as = 'recv_carry') AS recv_carry,
       count(*) FILTER (WHERE outcome IN ('res_before', 'res_ontime', 'res_late')) AS res_total,
       count(*) FILTER (WHERE outcome = 'res_before') AS res_before,
       count(*) FILTER (WHERE outcome = 'res_ontime') AS res_ontime,
       count(*) FILTER (WHERE outcome = 'res_late') AS res_late,
       count(*) FILTER (WHERE outcome IN ('proc_ontime', 'proc_late')) AS proc_total,
       count(*) FILTER (WHERE outcome = 'proc_ontime') AS proc_ontime,
       count(*) FILTER (WHERE outcome = 'proc_late') AS proc_late,
       count(*) FILTER (WHERE received_as = 'recv_direct') AS recv_direct,
       count(*) FILTER (WHERE received_as = 'recv_postal') AS recv_postal,
       count(*) FILTER (WHERE outcome = 'returned_withdrawn') AS returned_withdrawn,
       count(*) FILTER (WHERE outcome = 'awaiting_supplement') AS awaiting_supplement
FROM dossier_list_classified(date_from, date_to, unit_ids)
GROUP BY unit_id;
