-- name: dossier_targets
-- grain: one row per dossier KPI × year with a target that applies to the chosen units
--        (a unit's own target wins over the all-units one; with several units chosen, only all-units targets)
-- params: $year_from (INTEGER), $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: kpi_code, year, comparator, value (%), source_document, note
SELECT kpi_code, year, comparator, value, source_document, note
FROM target_current
WHERE kpi_code IN ('dossier_on_time', 'dossier_online')
  AND year BETWEEN $year_from AND $year_to
  AND (unit_id IS NULL OR (len(coalesce($unit_ids, [])) = 1 AND unit_id = $unit_ids[1]))
QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY unit_id NULLS LAST) = 1
ORDER BY kpi_code, year;
