-- name: target_for_units
-- kind: table macro
-- params: unit_ids
-- grain: one row per KPI × year: the target for the units unit_ids
-- columns: kpi_code, year, comparator, value, source_document, note
-- key: kpi_code, year
--
-- The target of each KPI × year for the units `unit_ids`: a unit's own target when exactly one unit is
-- chosen, otherwise (and failing that) the all-units target.
CREATE OR REPLACE MACRO target_for_units(unit_ids) AS TABLE
SELECT kpi_code, year, comparator, value, source_document, note
FROM target_current
WHERE unit_id IS NULL OR (len(coalesce(unit_ids, [])) = 1 AND unit_id = unit_ids[1])
QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY unit_id NULLS LAST) = 1;
