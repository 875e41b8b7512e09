-- name: index_methodology_insert
-- grain: one row per methodology version × subject level of the CSV $path (a row for "tinh|bo" gives two)
-- params: $path (VARCHAR: data/reference/frameworks/methodology.csv)
-- columns: none
-- scope: all
INSERT INTO index_methodology (index_code, level, version, year_from, year_to, scale_max, scale_unit, label, note,
                               source, is_demo)
SELECT trim(m.index_code), trim(l.level), trim(m.version), TRY_CAST(m.year_from AS INTEGER),
       TRY_CAST(m.year_to AS INTEGER), TRY_CAST(m.scale_max AS DOUBLE), m.scale_unit, m.label, m.note,
       nullif(m.source, ''), coalesce(TRY_CAST(m.is_demo AS BOOLEAN), false)
FROM read_csv($path, all_varchar = true, header = true) m,
     unnest(string_split(m.levels, '|')) AS l(level);
