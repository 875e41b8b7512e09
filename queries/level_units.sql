-- name: level_units
-- grain: one row per unit of the directory compared at level $level_group (toan_tinh: every unit summed into the
--        province's total — levels so, huyen, xa; macro level_group)
-- params: $level_group (VARCHAR: so | xa | pvhcc | toan_tinh)
-- columns: unit_id, name
-- scope: none
SELECT unit_id, name
FROM unit
WHERE level_group(level) = $level_group
   OR ($level_group = 'toan_tinh' AND level_group(level) IN ('so', 'huyen', 'xa'))
ORDER BY unit_id;
