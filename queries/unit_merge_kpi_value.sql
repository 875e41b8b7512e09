-- name: unit_merge_kpi_value
-- grain: the stored KPI values by unit $merge_id (every batch, history included), moved to unit $keep_id
-- params: $keep_id (INTEGER), $merge_id (INTEGER)
-- columns: none
-- scope: all
UPDATE kpi_value SET unit_id = $keep_id WHERE unit_id = $merge_id;
