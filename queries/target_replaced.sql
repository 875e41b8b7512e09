-- name: target_replaced
-- grain: one row per target of the table registered as incoming_targets that replaces the target in force
--        for the same KPI × unit (NULL = all units) × year, old and new side by side
-- params: none
-- columns: kpi_code, short_name, unit_name (NULL = all units), year, old_comparator, old_value (%),
--          old_source_document, new_comparator, new_value (%), new_source_document, new_removed
-- scope: all
SELECT i.kpi_code, k.short_name, u.name AS unit_name, i.year,
       c.comparator AS old_comparator, c.value AS old_value, c.source_document AS old_source_document,
       i.comparator AS new_comparator, i.value AS new_value, i.source_document AS new_source_document,
       i.removed AS new_removed
FROM incoming_targets i
JOIN target_current c
  ON c.kpi_code = i.kpi_code AND c.unit_id IS NOT DISTINCT FROM i.unit_id AND c.year = i.year
JOIN kpi k ON k.kpi_code = i.kpi_code
LEFT JOIN unit u ON u.unit_id = i.unit_id
ORDER BY k.sort_order, u.name NULLS FIRST, i.year;
