-- name: kpi_units_in_force
-- grain: one row per unit of query kpi_units that still exists on $as_of (the last day of a template's
--        period): a unit merged away before then (unit.valid_to, or an outgoing unit_lineage link) is left out
-- params: $as_of (DATE)
-- columns: unit_id, name
-- scope: unit
SELECT u.unit_id, u.name
FROM unit u
WHERE u.unit_id IN (SELECT unit_id FROM current_key
                    UNION SELECT unit_id FROM kpi_current
                    UNION SELECT unit_id FROM target_current WHERE unit_id IS NOT NULL)
  AND (u.valid_to IS NULL OR u.valid_to >= $as_of)
  AND NOT EXISTS (SELECT 1 FROM unit_lineage l WHERE l.old_unit_id = u.unit_id AND l.effective_date <= $as_of)
ORDER BY u.name;
