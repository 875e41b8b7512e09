-- name: dossier_kpi_unit_year
-- kind: table macro
-- params: cutoff
-- grain: one row per unit × dossier KPI (dossier_online, dossier_on_time) × year, from quarterly Biểu 06
--        reports ending by cutoff
-- columns: unit_id, kpi_code, year, numerator, denominator, reported_pct, periods, quarters,
--          last_period_end, last_label, level_mapped, service_levels
-- key: unit_id, kpi_code, year
--
-- The two dossier KPIs per unit × year, from the quarterly Biểu 06 reports ending on or before `cutoff`.
CREATE OR REPLACE MACRO dossier_kpi_unit_year(cutoff) AS TABLE
WITH q AS (
    SELECT c.unit_id, p.year, c.period_end, p.label,
           sum(c.recv_online) AS recv_online, sum(new_receipts(c.recv_online, c.recv_offline)) AS recv_new,
           sum(on_time_num(c.res_before, c.res_ontime)) AS res_in_time, sum(c.res_total) AS res_total
    FROM dossier_current c
    JOIN period p USING (period_start, period_end)
    WHERE p.kind = 'quarter' AND c.period_end <= cutoff
    GROUP BY c.unit_id, p.year, c.period_end, p.label
),
y AS (
    SELECT unit_id, year, sum(recv_online) AS recv_online, sum(recv_new) AS recv_new,
           sum(res_in_time) AS res_in_time, sum(res_total) AS res_total, count(*) AS quarters,
           max(period_end) AS last_period_end, arg_max(label, period_end) AS last_label
    FROM q GROUP BY unit_id, year
)
SELECT unit_id, 'dossier_online' AS kpi_code, year, recv_online::BIGINT AS numerator, recv_new::BIGINT AS denominator,
       NULL::DOUBLE AS reported_pct, quarters AS periods, quarters, last_period_end, last_label,
       false AS level_mapped,
       NULL::VARCHAR AS service_levels
FROM y
UNION ALL
SELECT unit_id, 'dossier_on_time', year, res_in_time::BIGINT, res_total::BIGINT, NULL::DOUBLE, quarters, quarters,
       last_period_end, last_label, false, NULL::VARCHAR
FROM y;
