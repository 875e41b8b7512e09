-- name: dossier_list_766
-- grain: one row per unit with dossiers counted in [$date_from, $date_to], the most dossiers first: the numerators and denominators of the
--        QĐ 766 indicators computable from a dossier list (domain.md §8.3); a pair is NULL when the list has no
--        column for it ("không có dữ liệu", never 0)
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_id, unit_name,
--          on_time_num, on_time_den (2.1: resolved, withdrawn or still in process, on time by the 766 rules: end =
--          end of processing or, for a stopped dossier, the day it was stopped; else the single unanswered
--          supplement request, else the period end; more than one supplement request is late; without a due date
--          the procedure's time limit in working days, less the working days taken to answer a single supplement
--          request, without that on time),
--          resolved_count, working_days_sum (2.2: dossiers received in the period and now in status 9/10 — also
--          those that ended after the period — working days from receipt to the end of processing),
--          online_num, received_count (3.3: channel 2 ÷ receipts in the period),
--          payment_num, payment_den (3.6: paid online ÷ receipts of fee-bearing procedures),
--          e_result_num, e_result_den (4.1: electronic result ÷ resolved in the period),
--          digitised_num, digitised_den (4.2), reused_num, reused_den (4.3: ÷ receipts in the period)
-- scope: unit
WITH c AS (
    SELECT c.*, c.supplement_first_at::DATE AS supplement_first, c.supplement_answered_at::DATE AS supplement_answered,
           CASE WHEN c.ended <= $date_to::DATE THEN c.ended
                -- "Dừng xử lý" is an end state of QĐ 766: a stopped dossier ends when it was stopped
                WHEN c.status = 8 AND c.ended_at::DATE <= $date_to::DATE THEN c.ended_at::DATE
                WHEN c.status = 5 AND c.supplement_count = 1 AND c.supplement_first_at IS NOT NULL
                     THEN c.supplement_first_at::DATE
                ELSE $date_to::DATE END AS end_766
    FROM dossier_list_classified($date_from::DATE, $date_to::DATE, $unit_ids::INTEGER[]) c
), judged AS (
    SELECT c.*,
           c.received_as <> 'recv_carry' AS is_new,
           c.outcome IN ('res_before', 'res_ontime', 'res_late') AS is_resolved,
           coalesce(c.supplement_count, 0) <= 1 AND (
               CASE WHEN c.due IS NOT NULL THEN c.end_766 <= c.due
                    -- without a due date: working days from receipt to end, less the time the citizen took to
                    -- answer a (single) supplement request, against the procedure's time limit
                    WHEN c.statutory_days IS NOT NULL
                         THEN we.workday_no - wr.workday_no - coalesce(wa.workday_no - wq.workday_no, 0)
                              <= c.statutory_days
                    ELSE true END) AS on_time_766,
           c.status IN (9, 10) AND c.ended IS NOT NULL AS is_done,
           wd.workday_no - wr.workday_no AS working_days
    FROM c
    LEFT JOIN working_day wr ON wr.day = c.received
    LEFT JOIN working_day we ON we.day = c.end_766
    LEFT JOIN working_day wd ON wd.day = c.ended
    LEFT JOIN working_day wq ON wq.day = c.supplement_first AND c.supplement_count = 1
    LEFT JOIN working_day wa ON wa.day = c.supplement_answered AND c.supplement_count = 1
)
SELECT j.unit_id, u.name AS unit_name,
       count(*) FILTER (WHERE on_time_766) AS on_time_num, count(*) AS on_time_den,
       count(*) FILTER (WHERE is_new AND is_done AND working_days IS NOT NULL) AS resolved_count,
       sum(working_days) FILTER (WHERE is_new AND is_done) AS working_days_sum,
       count(*) FILTER (WHERE is_new AND channel = 2) AS online_num,
       count(*) FILTER (WHERE is_new) AS received_count,
       CASE WHEN count(paid_online) > 0 AND count(fee_bearing) > 0
            THEN count(*) FILTER (WHERE is_new AND fee_bearing AND paid_online) END AS payment_num,
       CASE WHEN count(paid_online) > 0 AND count(fee_bearing) > 0
            THEN count(*) FILTER (WHERE is_new AND fee_bearing) END AS payment_den,
       CASE WHEN count(e_result) > 0 THEN count(*) FILTER (WHERE is_resolved AND e_result) END AS e_result_num,
       CASE WHEN count(e_result) > 0 THEN count(*) FILTER (WHERE is_resolved) END AS e_result_den,
       CASE WHEN count(digitised) > 0 THEN count(*) FILTER (WHERE is_new AND digitised) END AS digitised_num,
       CASE WHEN count(digitised) > 0 THEN count(*) FILTER (WHERE is_new) END AS digitised_den,
       CASE WHEN count(reused) > 0 THEN count(*) FILTER (WHERE is_new AND reused) END AS reused_num,
       CASE WHEN count(reused) > 0 THEN count(*) FILTER (WHERE is_new) END AS reused_den
FROM judged j
JOIN unit u ON u.unit_id = j.unit_id
GROUP BY j.unit_id, u.name
ORDER BY count(*) DESC, u.name;
