-- name: dossier_list_counts
-- grain: one row per unit × lĩnh vực with any dossier counted in [$date_from, $date_to]: Biểu 06 derived from the
--        current dossier records by domain.md §8.2 (dates compared as calendar dates; statuses 1 and 3 and records
--        with a data error count nowhere; a missing channel counts as direct; an export is a snapshot of statuses)
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_name, linh_vuc (NULL: the list has no lĩnh vực), recv_online, recv_direct, recv_postal, recv_carry,
--          recv_total, res_before, res_ontime, res_late, res_total, proc_ontime, proc_late, proc_total,
--          returned_withdrawn, awaiting_supplement (numbers of dossiers)
WITH d AS (
    SELECT unit_id, linh_vuc, status, coalesce(channel, 1) AS channel,
           received_at::DATE AS received, due_at::DATE AS due,
           CASE WHEN status IN (7, 9, 10) THEN ended_at::DATE END AS ended
    FROM dossier
    WHERE is_current AND data_error IS NULL AND status NOT IN (1, 3)
      AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
), counted AS (
    -- exactly the dossiers of recv_total: received by the end, not ended before the start
    SELECT *,
           received >= $date_from AS is_new,
           status IN (9, 10) AND ended <= $date_to AS is_resolved,
           status IN (2, 4) OR (status IN (7, 9, 10) AND ended > $date_to) AS is_pending
    FROM d
    WHERE received <= $date_to AND (ended IS NULL OR ended >= $date_from)
)
SELECT u.name AS unit_name, c.linh_vuc,
       count(*) FILTER (WHERE is_new AND channel = 2) AS recv_online,
       count(*) FILTER (WHERE is_new AND channel NOT IN (2, 3)) AS recv_direct,
       count(*) FILTER (WHERE is_new AND channel = 3) AS recv_postal,
       count(*) FILTER (WHERE NOT is_new) AS recv_carry,
       count(*) AS recv_total,
       count(*) FILTER (WHERE is_resolved AND ended < due) AS res_before,
       count(*) FILTER (WHERE is_resolved AND (due IS NULL OR ended = due)) AS res_ontime,
       count(*) FILTER (WHERE is_resolved AND ended > due) AS res_late,
       count(*) FILTER (WHERE is_resolved) AS res_total,
       count(*) FILTER (WHERE is_pending AND (due IS NULL OR due >= $date_to)) AS proc_ontime,
       count(*) FILTER (WHERE is_pending AND due < $date_to) AS proc_late,
       count(*) FILTER (WHERE is_pending) AS proc_total,
       count(*) FILTER (WHERE status = 7 AND ended <= $date_to) AS returned_withdrawn,
       count(*) FILTER (WHERE status IN (5, 6, 8)) AS awaiting_supplement
FROM counted c
JOIN unit u ON u.unit_id = c.unit_id
GROUP BY u.name, c.linh_vuc
ORDER BY u.name, c.linh_vuc NULLS LAST;
