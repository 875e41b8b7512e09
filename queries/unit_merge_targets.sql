-- name: unit_merge_targets
-- grain: the plan targets of unit $merge_id for a KPI and year that unit $keep_id has no target for,
--        moved to $keep_id (the others are dropped with the unit: the kept unit's own target stands)
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE target SET unit_id = $keep_id
WHERE unit_id = $merge_id
  AND NOT EXISTS (SELECT 1 FROM target k
                  WHERE k.unit_id = $keep_id AND k.kpi_code = target.kpi_code AND k.year = target.year);
