-- name: export_index_framework
-- grain: one row per component of an index framework (index × level × version)
-- params: none
-- columns: index_code, level, version, component_code, component_name, parent_code, max_points, min_points, threshold_pct, rate_source, max_confirmed, sort, note, source
SELECT index_code, level, version, component_code, component_name, parent_code, max_points, min_points, threshold_pct, rate_source, max_confirmed, sort, note, source
FROM index_framework
ORDER BY index_code, level, version, sort, component_code;
