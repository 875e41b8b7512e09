-- name: dossier_list_processing_time
-- grain: one row per procedure × unit with dossiers resolved (statuses 9, 10) in [$date_from, $date_to]: working
--        days from receipt to the end of processing, slowest first
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_name, procedure_code, procedure_name, linh_vuc, resolved (dossiers), median_days, p90_days
--          (working days), late (resolved after their due date)
-- scope: unit
SELECT u.name AS unit_name, d.procedure_code, any_value(d.procedure_name) AS procedure_name,
       any_value(d.linh_vuc) AS linh_vuc, count(*) AS resolved,
       quantile_cont(we.workday_no - wr.workday_no, 0.5) AS median_days,
       quantile_cont(we.workday_no - wr.workday_no, 0.9) AS p90_days,
       count(*) FILTER (WHERE d.ended_at::DATE > d.due_at::DATE) AS late
FROM dossier d
JOIN unit u ON u.unit_id = d.unit_id
JOIN working_day wr ON wr.day = d.received_at::DATE
JOIN working_day we ON we.day = d.ended_at::DATE
WHERE d.is_current AND d.data_error IS NULL AND d.status IN (9, 10)
  AND d.ended_at::DATE BETWEEN $date_from::DATE AND $date_to::DATE
  AND ($unit_ids IS NULL OR list_contains($unit_ids, d.unit_id))
GROUP BY u.name, d.procedure_code
ORDER BY p90_days DESC, median_days DESC, u.name, d.procedure_code;
