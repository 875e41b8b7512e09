-- name: kpi_aliases
-- grain: one row per other name a file may give a KPI
-- params: none
-- columns: alias, kpi_code, level_raw (the old online level the name implies, or NULL)
-- scope: none
SELECT alias, kpi_code, level_raw
FROM kpi_alias
ORDER BY alias;
