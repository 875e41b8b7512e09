-- name: kpi_unit_year_all
-- kind: table macro
-- params: cutoff
-- grain: one row per unit × KPI × year: Biểu 06 where the unit reported dossiers, else reported values
-- columns: unit_id, kpi_code, year, numerator, denominator, reported_pct, periods, quarters,
--          last_period_end, last_label, level_mapped, service_levels
-- key: unit_id, kpi_code, year
--
-- Every KPI per unit × year: the dossier KPIs from Biểu 06 where the unit reported dossiers that year,
-- otherwise from reported values (e.g. "33/90 hồ sơ" in a plan appendix).
CREATE OR REPLACE MACRO kpi_unit_year_all(cutoff) AS TABLE
SELECT * FROM dossier_kpi_unit_year(cutoff)
UNION ALL BY NAME
SELECT k.* FROM kpi_unit_year(cutoff) k
ANTI JOIN dossier_kpi_unit_year(cutoff) d USING (unit_id, kpi_code, year);
