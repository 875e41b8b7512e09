-- name: target_list
-- grain: one row per target in force for year $year (every KPI × unit, NULL unit = all units), for the
--        admin's editor and the list of targets
-- params: $year (INTEGER)
-- columns: kpi_code, short_name, unit_id, unit_name (NULL = all units), comparator (>= | <=), value (%),
--          source_document, note, batch_id (NULL = default from the plans), set_by, set_at
-- scope: unit
SELECT t.kpi_code, k.short_name, t.unit_id, u.name AS unit_name, t.comparator, t.value, t.source_document, t.note,
       t.batch_id, b.loaded_by AS set_by, b.loaded_at AS set_at
FROM target_current t
JOIN kpi k USING (kpi_code)
LEFT JOIN unit u ON u.unit_id = t.unit_id
LEFT JOIN load_batch b ON b.batch_id = t.batch_id
WHERE t.year = $year
ORDER BY k.sort_order, u.name NULLS FIRST;
