-- name: index_framework_insert
-- grain: one row per component × subject level of the framework CSV files $paths (levels "tinh|bo|so"
--        expand to one row each); blank max_points stay NULL (not published)
-- params: $paths (VARCHAR[]: data/reference/frameworks/*.csv except methodology.csv)
-- columns: none
-- scope: all
INSERT INTO index_framework (index_code, level, version, component_code, component_name, parent_code, max_points,
                             min_points, threshold_pct, rate_source, max_confirmed, sort, note, source)
SELECT trim(f.index_code), trim(l.level), trim(f.version), trim(f.component_code), f.component_name,
       nullif(trim(f.parent_code), ''), TRY_CAST(f.max_points AS DOUBLE), TRY_CAST(f.min_points AS DOUBLE),
       TRY_CAST(f.threshold_pct AS DOUBLE), nullif(trim(f.rate_source), ''),
       coalesce(TRY_CAST(f.max_confirmed AS BOOLEAN), false), coalesce(TRY_CAST(f.sort AS INTEGER), 0),
       nullif(f.note, ''), nullif(f.source, '')
FROM read_csv($paths, all_varchar = true, header = true, union_by_name = true) f,
     unnest(string_split(f.levels, '|')) AS l(level);
