-- name: export_index_aggregate
-- grain: one row per published national/regional statistic (mean, min, max…) of an index and year
-- params: none
-- columns: batch_id, index_code, year, scope, statistic, component_code, value, is_snapshot, source
SELECT batch_id, index_code, year, scope, statistic, component_code, value, is_snapshot, source
FROM index_aggregate
ORDER BY batch_id, index_code, year, scope, statistic, component_code;
