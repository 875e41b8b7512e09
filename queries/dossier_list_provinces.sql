-- name: dossier_list_provinces
-- grain: one row per province (national instance: unit ids carry the province's number, queries/national.py
--        ID_SPAN) with dossiers counted in [$date_from, $date_to]: the Biểu 06 counts derived from the dossier
--        lists (the rules of queries/models/dossier_list_classified.sql) and the QĐ 766 indicators that are plain
--        counts; never a dossier's row. On one province's warehouse: one row, province_no 0. A 766 pair is
--        the sum of its units' pairs (dossier_list_766): NULL when no unit's list has the column.
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit), $id_span (INTEGER)
-- columns: province_no, units (with a counted dossier), recv_total, recv_online, recv_carry, res_total, res_on_time
--          (before or on time), res_late, proc_total, proc_late, returned_withdrawn, awaiting_supplement,
--          online_num, received_count (3.3), payment_num, payment_den (3.6), e_result_num, e_result_den (4.1),
--          digitised_num, digitised_den (4.2), reused_num, reused_den (4.3)
-- scope: province
-- The counts are those of models/dossier_list_unit_counts, written again beside the 766 pairs so that the 34
-- provinces' dossiers are read once: joining that macro to a second aggregate for the pairs read them twice,
-- 16–18 s against 5,6–8,8 s over 34 × 1M dossiers (bench/RESULTS.md, national-dossiers).
WITH per_unit AS (
SELECT c.unit_id,
       count(*) AS recv_total,
       count(*) FILTER (WHERE received_as = 'recv_online') AS recv_online,
       count(*) FILTER (WHERE received_as = 'recv_carry') AS recv_carry,
       count(*) FILTER (WHERE outcome IN ('res_before', 'res_ontime', 'res_late')) AS res_total,
       count(*) FILTER (WHERE outcome IN ('res_before', 'res_ontime')) AS res_on_time,
       count(*) FILTER (WHERE outcome = 'res_late') AS res_late,
       count(*) FILTER (WHERE outcome IN ('proc_ontime', 'proc_late')) AS proc_total,
       count(*) FILTER (WHERE outcome = 'proc_late') AS proc_late,
       count(*) FILTER (WHERE outcome = 'returned_withdrawn') AS returned_withdrawn,
       count(*) FILTER (WHERE outcome = 'awaiting_supplement') AS awaiting_supplement,
       count(*) FILTER (WHERE received_as = 'recv_online') AS online_num,
       count(*) FILTER (WHERE received_as <> 'recv_carry') AS received_count,
       CASE WHEN count(paid_online) > 0 AND count(fee_bearing) > 0
            THEN count(*) FILTER (WHERE received_as <> 'recv_carry' AND fee_bearing AND paid_online) END AS payment_num,
       CASE WHEN count(paid_online) > 0 AND count(fee_bearing) > 0
            THEN count(*) FILTER (WHERE received_as <> 'recv_carry' AND fee_bearing) END AS payment_den,
       CASE WHEN count(e_result) > 0
            THEN count(*) FILTER (WHERE outcome IN ('res_before', 'res_ontime', 'res_late') AND e_result) END
            AS e_result_num,
       CASE WHEN count(e_result) > 0
            THEN count(*) FILTER (WHERE outcome IN ('res_before', 'res_ontime', 'res_late')) END AS e_result_den,
       CASE WHEN count(digitised) > 0
            THEN count(*) FILTER (WHERE received_as <> 'recv_carry' AND digitised) END AS digitised_num,
       CASE WHEN count(digitised) > 0 THEN count(*) FILTER (WHERE received_as <> 'recv_carry') END AS digitised_den,
       CASE WHEN count(reused) > 0
            THEN count(*) FILTER (WHERE received_as <> 'recv_carry' AND reused) END AS reused_num,
       CASE WHEN count(reused) > 0 THEN count(*) FILTER (WHERE received_as <> 'recv_carry') END AS reused_den
FROM dossier_list_classified($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[]) c
GROUP BY c.unit_id
)
-- per unit first: a 766 pair is NULL for a unit whose list lacks the column, and the province sums the others
SELECT unit_id // $id_span AS province_no, count(*) AS units,
       sum(recv_total) AS recv_total, sum(recv_online) AS recv_online, sum(recv_carry) AS recv_carry,
       sum(res_total) AS res_total, sum(res_on_time) AS res_on_time, sum(res_late) AS res_late,
       sum(proc_total) AS proc_total, sum(proc_late) AS proc_late, sum(returned_withdrawn) AS returned_withdrawn,
       sum(awaiting_supplement) AS awaiting_supplement, sum(online_num) AS online_num,
       sum(received_count) AS received_count, sum(payment_num) AS payment_num, sum(payment_den) AS payment_den,
       sum(e_result_num) AS e_result_num, sum(e_result_den) AS e_result_den, sum(digitised_num) AS digitised_num,
       sum(digitised_den) AS digitised_den, sum(reused_num) AS reused_num, sum(reused_den) AS reused_den
FROM per_unit
GROUP BY province_no
ORDER BY province_no;
