-- name: kpi_year_totals
-- kind: table macro
-- params: cutoff, unit_ids
-- grain: one row per KPI × year over the units unit_ids (NULL = every unit)
-- columns: kpi_code, year, numerator, denominator, units_counted, units_reported_only, one_reported_pct,
--          quarters_done, by_quarter, level_mapped, last_label, actual_pct, value_basis
-- key: kpi_code, year
--
-- Per KPI × year over the units `unit_ids` (NULL = every unit): numerators and denominators summed over
-- the units that reported counts; a unit that reported only a percentage is not rolled up — its
-- percentage stands alone only when it is the only unit (value_basis 'reported').
CREATE OR REPLACE MACRO kpi_year_totals(cutoff, unit_ids) AS TABLE
WITH t AS (
    SELECT kpi_code, year,
           sum(numerator) FILTER (WHERE numerator IS NOT NULL)::BIGINT AS numerator,
           sum(denominator) FILTER (WHERE numerator IS NOT NULL)::BIGINT AS denominator,
           count(*) FILTER (WHERE numerator IS NOT NULL) AS units_counted,
           count(*) FILTER (WHERE numerator IS NULL) AS units_reported_only,
           any_value(reported_pct) FILTER (WHERE numerator IS NULL) AS one_reported_pct,
           max(quarters) FILTER (WHERE numerator IS NOT NULL) AS quarters_done,
           coalesce(bool_and(periods = quarters) FILTER (WHERE numerator IS NOT NULL), false) AS by_quarter,
           bool_or(level_mapped) AS level_mapped,
           arg_max(last_label, last_period_end) AS last_label
    FROM kpi_unit_year_all(cutoff)
    WHERE unit_ids IS NULL OR list_contains(unit_ids, unit_id)
    GROUP BY kpi_code, year
)
SELECT *,
       CASE WHEN units_counted > 0 THEN pct(numerator, denominator)
            WHEN units_reported_only = 1 THEN one_reported_pct END AS actual_pct,
       CASE WHEN units_counted > 0 THEN 'counts' WHEN units_reported_only = 1 THEN 'reported' END AS value_basis
FROM t;
