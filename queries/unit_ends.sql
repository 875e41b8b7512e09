-- name: unit_ends
-- grain: one row per unit that has ceased: its last day (unit.valid_to, or the day before its earliest
--        outgoing unit_lineage link when valid_to was not set) and the units it passed into
-- params: none
-- columns: unit_id, name, last_day (DATE), effective_date (first day under the successor, DATE or NULL),
--          successors (their names joined by ", ", NULL when none is recorded)
-- scope: none
SELECT u.unit_id, u.name,
       least(u.valid_to, CAST(min(l.effective_date) - INTERVAL 1 DAY AS DATE)) AS last_day,
       coalesce(min(l.effective_date), CAST(u.valid_to + INTERVAL 1 DAY AS DATE)) AS effective_date,
       string_agg(DISTINCT n.name, ', ' ORDER BY n.name) AS successors
FROM unit u
LEFT JOIN unit_lineage l ON l.old_unit_id = u.unit_id
LEFT JOIN unit n ON n.unit_id = l.new_unit_id
GROUP BY u.unit_id, u.name, u.valid_to
HAVING u.valid_to IS NOT NULL OR min(l.effective_date) IS NOT NULL
ORDER BY u.name;
