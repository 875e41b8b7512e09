-- name: export_index_methodology
-- grain: one row per index × level × methodology version
-- params: none
-- columns: index_code, level, version, year_from, year_to, scale_max, scale_unit, label, note, source, is_demo
SELECT index_code, level, version, year_from, year_to, scale_max, scale_unit, label, note, source, is_demo
FROM index_methodology
ORDER BY index_code, level, version;
