-- name: dossier_list_report_only_units
-- grain: one row per unit with a Biểu 06 report in force for exactly [$date_from, $date_to] and no current dossier
--        record at all (it never sent a dossier list): named under the comparison, not compared row by row
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_name
-- scope: unit
SELECT DISTINCT u.name AS unit_name
FROM dossier_current d
JOIN unit u ON u.unit_id = d.unit_id
WHERE d.period_start = $date_from::DATE AND d.period_end = $date_to::DATE
  -- a semi-join, not list_contains: the level's 4.092 departments as a list cost 1,3–3,5 s, this 0,2–0,4 s
  AND ($unit_ids IS NULL OR d.unit_id IN (SELECT unnest($unit_ids)))
  AND d.unit_id NOT IN (SELECT unit_id FROM dossier WHERE is_current)
ORDER BY unit_name;
