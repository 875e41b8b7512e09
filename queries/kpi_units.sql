-- name: kpi_units
-- grain: one row per unit that has dossier reports, KPI values or a target of its own in force (the units a
--        target can be set for on the page), by name
-- params: none
-- columns: unit_id, name
-- scope: unit
SELECT u.unit_id, u.name
FROM unit u
WHERE u.unit_id IN (SELECT unit_id FROM current_key
                    UNION SELECT unit_id FROM kpi_current
                    UNION SELECT unit_id FROM target_current WHERE unit_id IS NOT NULL)
ORDER BY u.name;
