-- name: bieu06_units_due
-- grain: one row per unit expected to report for the window [$date_from, $date_to]: a chosen unit (or, when
--        none is chosen, any unit that has ever reported dossier counts) that still exists at the window's end
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[]; NULL = every unit that has reported)
-- columns: unit_id, unit_name, unit_level, first_period_start (the start of its earliest stored period, any
--          date; NULL when it never reported), due_days (days of the window it should cover: from the window's
--          start, or from its first report when that is later — a unit set up inside the window)
-- scope: unit
SELECT u.unit_id, u.name AS unit_name, u.level AS unit_level, min(c.period_start) AS first_period_start,
       ($date_to - greatest($date_from, coalesce(min(c.period_start), $date_from)) + 1)::INTEGER AS due_days
FROM unit u
LEFT JOIN dossier_current c USING (unit_id)
WHERE ($unit_ids IS NULL OR list_contains($unit_ids, u.unit_id))
  AND (u.valid_to IS NULL OR u.valid_to >= $date_to)
  AND (u.valid_from IS NULL OR u.valid_from <= $date_to)
GROUP BY u.unit_id, u.name, u.level
HAVING $unit_ids IS NOT NULL OR count(c.unit_id) > 0
ORDER BY u.name;
