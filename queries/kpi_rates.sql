-- name: kpi_rates
-- grain: one row per pair of the lists $numerators, $denominators, in their order: the KPI's rate (macro pct),
--        for the checks and texts of a file not stored yet (a reported rate beside its counts, the values a
--        load would replace, the figures of a plan appendix)
-- params: $numerators (DOUBLE[]), $denominators (DOUBLE[])
-- columns: position (1-based), rate_pct (%, NULL when the denominator is 0 or NULL)
-- scope: none
SELECT i AS position, pct($numerators[i], $denominators[i]) AS rate_pct
FROM range(1, len($numerators) + 1) AS pairs(i)
ORDER BY i;
