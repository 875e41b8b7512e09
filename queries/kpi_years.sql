-- name: kpi_years
-- grain: one row per reporting year with dossier reports or KPI values, with its latest reported quarter
-- params: none
-- columns: year, last_quarter (1–4: quarter of the latest period end that year)
-- scope: none
SELECT year, max(quarter(period_end)) AS last_quarter
FROM (SELECT DISTINCT p.year, p.period_end FROM dossier_current c JOIN period p USING (period_start, period_end)
      UNION
      SELECT DISTINCT p.year, p.period_end FROM kpi_current c JOIN period p USING (period_start, period_end))
GROUP BY year
ORDER BY year;
