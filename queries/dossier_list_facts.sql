-- name: dossier_list_facts
-- grain: one row per unit × lĩnh vực with current dossier records touching [$date_from, $date_to]: what explains a
--        derived Biểu 06 that differs from the report (withdrawn and awaiting come from dossier_list_counts)
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_name, linh_vuc, data_errors (records with a data error received by the end, not counted),
--          ended_after_cutoff (resolved within 7 days after the end: a report closed later counts them resolved),
--          late_before_period (resolved in the period, due before its start: late whatever a report says)
-- scope: unit
SELECT u.name AS unit_name, d.linh_vuc,
       count(*) FILTER (WHERE d.data_error IS NOT NULL) AS data_errors,
       count(*) FILTER (WHERE d.data_error IS NULL AND d.status IN (9, 10)
                          AND d.ended_at >= $date_to::DATE + INTERVAL 1 DAY
                          AND d.ended_at < $date_to::DATE + INTERVAL 8 DAY) AS ended_after_cutoff,
       count(*) FILTER (WHERE d.data_error IS NULL AND d.status IN (9, 10)
                          AND d.ended_at >= $date_from::DATE AND d.ended_at < $date_to::DATE + INTERVAL 1 DAY
                          AND d.due_at < $date_from::DATE) AS late_before_period
FROM dossier d
JOIN unit u ON u.unit_id = d.unit_id
-- calendar-date comparisons said on the stored timestamps (x::DATE <= day ⟺ x < day + 1): no cast per row
WHERE d.is_current AND d.received_at < $date_to::DATE + INTERVAL 1 DAY
  AND ($unit_ids IS NULL OR list_contains($unit_ids, d.unit_id))
GROUP BY u.name, d.linh_vuc
ORDER BY u.name, d.linh_vuc NULLS LAST;
