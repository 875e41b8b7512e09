-- name: index_aggregate_insert
-- grain: one index_aggregate row per statistic of national_aggregates.csv ($path), under batch $batch_id; the
--        metric name is split into the statistic (mean, min, max, median, share_satisfied) and the PAPI
--        dimension it is about (mean_d4_… → D4), "snapshot" metrics flagged
-- params: $batch_id (INTEGER), $path (VARCHAR)
-- columns: none
-- scope: all
INSERT INTO index_aggregate (batch_id, index_code, year, scope, statistic, component_code, value, is_snapshot, source)
SELECT $batch_id, "index", CAST(year AS INTEGER), scope,
       regexp_extract(metric, '^(mean|min|max|median|share_satisfied)'),
       nullif(upper(regexp_extract(metric, '_(d[1-8])_', 1)), ''),
       CAST(value AS DOUBLE), metric LIKE '%snapshot%', source_url
FROM read_csv($path, all_varchar = true);
