-- name: kpi_catalogue
-- grain: one row per KPI of the catalogue (table kpi), in the order pages show them
-- params: none
-- columns: kpi_code, name, short_name, work_unit, numerator_label, denominator_label, measure (flow | stock),
--          source (kpi_value | dossier)
-- scope: none
SELECT kpi_code, name, short_name, work_unit, numerator_label, denominator_label, measure, source
FROM kpi
ORDER BY sort_order, kpi_code;
