-- name: kpi_unit_year
-- kind: table macro
-- params: cutoff
-- grain: one row per unit × KPI × year from the reported values of periods ending by cutoff
-- columns: unit_id, kpi_code, year, numerator, denominator, reported_pct, periods, quarters,
--          last_period_end, last_label, level_mapped, service_levels
-- key: unit_id, kpi_code, year
--
-- Per unit × KPI × year from the reported values, periods ending on or before `cutoff`:
-- flows summed over the periods of the kind that covers most of the year (quarters beat a 6-month
-- report plus …; ties: more periods), stocks from the latest period. Counts are summed only when every
-- chosen period has them; otherwise the latest reported percentage is kept (reported_pct), not summed.
CREATE OR REPLACE MACRO kpi_unit_year(cutoff) AS TABLE
WITH v AS (
    SELECT c.kpi_code, c.unit_id, c.period_start, c.period_end, c.numerator, c.denominator, c.reported_pct,
           c.level_mapped, c.service_level_raw, k.measure, p.year, p.kind AS period_kind, p.label AS period_label,
           datediff('day', c.period_start, c.period_end) + 1 AS days
    FROM kpi_current c
    JOIN kpi k USING (kpi_code)
    JOIN period p USING (period_start, period_end)
    WHERE c.period_end <= cutoff
),
flow_kind AS (
    SELECT unit_id, kpi_code, year, period_kind
    FROM v
    WHERE measure = 'flow'
    GROUP BY unit_id, kpi_code, year, period_kind
    QUALIFY row_number() OVER (PARTITION BY unit_id, kpi_code, year
                               ORDER BY sum(days) DESC, count(*) DESC, period_kind) = 1
),
flows AS (
    SELECT v.* FROM v SEMI JOIN flow_kind f USING (unit_id, kpi_code, year, period_kind)
),
stocks AS (
    SELECT * FROM v WHERE measure = 'stock'
    QUALIFY row_number() OVER (PARTITION BY unit_id, kpi_code, year ORDER BY period_end DESC, period_start DESC) = 1
),
chosen AS (
    SELECT * FROM flows UNION ALL SELECT * FROM stocks
)
SELECT unit_id, kpi_code, year,
       CASE WHEN count(numerator) = count(*) AND count(denominator) = count(*) THEN sum(numerator) END::BIGINT
           AS numerator,
       CASE WHEN count(numerator) = count(*) AND count(denominator) = count(*) THEN sum(denominator) END::BIGINT
           AS denominator,
       CASE WHEN count(numerator) < count(*) OR count(denominator) < count(*)
            THEN arg_max(coalesce(reported_pct, pct(numerator, denominator)), period_end) END AS reported_pct,
       count(*) AS periods,
       count(*) FILTER (WHERE period_kind = 'quarter') AS quarters,
       max(period_end) AS last_period_end,
       arg_max(period_label, period_end) AS last_label,
       bool_or(level_mapped) AS level_mapped,
       string_agg(DISTINCT service_level_raw, ', ') AS service_levels
FROM chosen
GROUP BY unit_id, kpi_code, year;
