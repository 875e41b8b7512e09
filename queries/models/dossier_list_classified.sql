-- name: dossier_list_classified
-- kind: table macro
-- params: date_from, date_to, unit_ids
-- grain: one row per current dossier record counted in Biểu 06 for [date_from, date_to] by the counting rules of
--        domain.md §8.2: received by the end and not ended before the start
-- columns: unit_id, code, procedure_code, procedure_name, linh_vuc, channel, status, received, due, ended,
--          received_at, due_at, ended_at, supplement_count, supplement_first_at, supplement_answered_at,
--          statutory_days, digitised, paid_online, fee_bearing, e_result, reused, received_as, outcome
-- key: unit_id, code
--
-- Dates are compared as calendar dates; statuses 1 and 3 and records with a data error count nowhere; a missing
-- channel counts as direct (channel 1); `ended` is the end of processing of statuses 7, 9, 10 only. received_as is
-- recv_online | recv_direct | recv_postal | recv_carry; outcome is res_before | res_ontime | res_late |
-- returned_withdrawn | proc_ontime | proc_late | awaiting_supplement. Used by queries/dossier_list_counts.sql (the
-- named query) and the dossiers behind its numbers (dossier_list_rows, dossier_list_766), so that every one of
-- them counts by the same rules. unit_ids NULL = every unit.
CREATE OR REPLACE MACRO dossier_list_classified(date_from, date_to, unit_ids) AS TABLE
WITH d AS (
    SELECT unit_id, code, procedure_code, procedure_name, linh_vuc, status, coalesce(channel, 1) AS channel,
           received_at, due_at, ended_at, received_at::DATE AS received, due_at::DATE AS due,
           -- what QĐ 766 needs besides (dossier_list_766), carried here rather than joined back by code
           supplement_count, supplement_first_at, supplement_answered_at, statutory_days, digitised, paid_online,
           fee_bearing, e_result, reused,
           CASE WHEN status IN (7, 9, 10) THEN ended_at::DATE END AS ended
    FROM dossier
    WHERE is_current AND data_error IS NULL AND status NOT IN (1, 3)
      AND (unit_ids IS NULL OR list_contains(unit_ids, unit_id))
      -- counted in the period: received by its end (received <= date_to) and not ended before its start
      -- (ended IS NULL OR ended >= date_from, `ended` being ended_at of statuses 7, 9, 10) — said on the stored
      -- timestamps, no cast and no CASE, so that five years of dossiers ended long ago cost two comparisons each
      AND received_at < date_to::DATE + INTERVAL 1 DAY
      AND (ended_at IS NULL OR ended_at >= date_from::DATE OR status NOT IN (7, 9, 10))
), counted AS (
    SELECT *,
           received >= date_from AS is_new,
           status IN (9, 10) AND ended <= date_to AS is_resolved,
           status IN (2, 4) OR (status IN (7, 9, 10) AND ended > date_to) AS is_pending
    FROM d
)
SELECT unit_id, code, procedure_code, procedure_name, linh_vuc, channel, status, received, due, ended,
       received_at, due_at, ended_at, supplement_count, supplement_first_at, supplement_answered_at,
       statutory_days, digitised, paid_online, fee_bearing, e_result, reused,
       CASE WHEN NOT is_new THEN 'recv_carry' WHEN channel = 2 THEN 'recv_online'
            WHEN channel = 3 THEN 'recv_postal' ELSE 'recv_direct' END AS received_as,
       CASE WHEN is_resolved AND ended < due THEN 'res_before'
            WHEN is_resolved AND (due IS NULL OR ended = due) THEN 'res_ontime'
            WHEN is_resolved THEN 'res_late'
            WHEN status = 7 AND ended <= date_to THEN 'returned_withdrawn'
            WHEN is_pending AND (due IS NULL OR due >= date_to) THEN 'proc_ontime'
            WHEN is_pending THEN 'proc_late'
            ELSE 'awaiting_supplement' END AS outcome
FROM counted;
