-- name: kpi_units_in_force
-- grain: one row per unit of query kpi_units that still exists on $as_of (the last day of a template's
--        period): a unit merged away before then (unit.valid_to, or an outgoing unit_lineage link), or not set up
--        yet (unit.valid_from after it), is left out
-- params: $as_of (DATE)
-- columns: unit_id, name
-- scope: unit
--
-- Units with Biểu 06 reports count at the department level only (macro level_group): the plan's KPIs are the
-- departments'; a commune (issue 19: 78 in the sample) enters the templates once it has a KPI value or a target.
SELECT u.unit_id, u.name
FROM unit u
WHERE u.unit_id IN (SELECT k.unit_id FROM current_key k JOIN unit r ON r.unit_id = k.unit_id
                    WHERE level_group(r.level) = 'so'
                    UNION SELECT unit_id FROM kpi_current
                    UNION SELECT unit_id FROM target_current WHERE unit_id IS NOT NULL)
  AND (u.valid_to IS NULL OR u.valid_to >= $as_of)
  AND (u.valid_from IS NULL OR u.valid_from <= $as_of)
  AND NOT EXISTS (SELECT 1 FROM unit_lineage l WHERE l.old_unit_id = u.unit_id AND l.effective_date <= $as_of)
ORDER BY u.name;
