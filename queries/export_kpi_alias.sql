-- name: export_kpi_alias
-- grain: one row per accepted spelling of a KPI
-- params: none
-- columns: alias, kpi_code, level_raw
SELECT alias, kpi_code, level_raw
FROM kpi_alias
ORDER BY alias;
