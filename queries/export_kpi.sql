-- name: export_kpi
-- grain: one row per KPI of the catalogue
-- params: none
-- columns: kpi_code, name, short_name, work_unit, numerator_label, denominator_label, measure, source, idx766, sort_order, note
SELECT kpi_code, name, short_name, work_unit, numerator_label, denominator_label, measure, source, idx766, sort_order, note
FROM kpi
ORDER BY sort_order, kpi_code;
