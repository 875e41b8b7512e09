-- name: level_first_period
-- grain: one row: the earliest Biểu 06 period stored for a unit compared at level $level_group (macro level_group)
--        — where that level's figures begin (issue 19: the communes of the two-level government from Q3/2025)
-- params: $level_group (VARCHAR: so | xa | pvhcc | huyen | tinh)
-- columns: period_start, period_end (both NULL when no unit of the level has reported)
-- scope: province
SELECT min(d.period_start) AS period_start, arg_min(d.period_end, d.period_start) AS period_end
FROM dossier_current d
JOIN unit u ON u.unit_id = d.unit_id
WHERE level_group(u.level) = $level_group;
