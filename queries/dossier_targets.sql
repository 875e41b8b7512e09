-- name: dossier_targets
-- grain: one row per dossier KPI × year from $year_from to $year_to with a target in force for the chosen units
--        (a unit's own target wins over the all-units one; with several units chosen, only all-units targets).
--        A year without a target row of its own takes the nearest later one: a plan's goal "by year Y" (đến năm
--        2025) governs the years leading up to Y, back to the year after the previous target (none before the
--        first target of the KPI).
-- params: $year_from (INTEGER), $year_to (INTEGER), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: kpi_code, year, comparator, value (%), source_document, note, target_year (the year the target is set
--          for: > year when carried)
-- scope: unit
WITH chosen AS (
    SELECT kpi_code, year, comparator, value, source_document, note, min(year) OVER (PARTITION BY kpi_code) AS first_year
    FROM target_current
    WHERE kpi_code IN ('dossier_on_time', 'dossier_online')
      AND (unit_id IS NULL OR (len(coalesce($unit_ids, [])) = 1 AND unit_id = $unit_ids[1]))
    QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY unit_id NULLS LAST) = 1
), years AS (
    SELECT unnest(range($year_from, $year_to + 1)) AS year
)
SELECT c.kpi_code, y.year, c.comparator, c.value, c.source_document, c.note, c.year AS target_year
FROM years y
JOIN chosen c ON c.year >= y.year AND y.year >= c.first_year
QUALIFY row_number() OVER (PARTITION BY c.kpi_code, y.year ORDER BY c.year) = 1
ORDER BY kpi_code, year;
