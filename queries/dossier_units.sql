-- name: dossier_units
-- grain: one row per unit with at least one current dossier row
-- params: none
-- columns: unit_id, name, level, first_year, last_year
-- scope: unit
-- Read on the unit × period keys of the current rows (current_key: a unit × period of a batch is there exactly
-- when the batch stored rows for it), not on the rows: the same answer from 163.000 keys instead of 6,5 M rows
-- at national scale, where every page's filters ask it first.
SELECT u.unit_id, u.name, u.level, min(p.year) AS first_year, max(p.year) AS last_year
FROM current_key c
JOIN unit u USING (unit_id)
JOIN period p USING (period_start, period_end)
GROUP BY u.unit_id, u.name, u.level
ORDER BY CASE u.level WHEN 'tinh' THEN 0 WHEN 'so' THEN 1 WHEN 'huyen' THEN 2 WHEN 'xa' THEN 3 ELSE 4 END, u.name;
