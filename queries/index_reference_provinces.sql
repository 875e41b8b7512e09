-- name: index_reference_provinces
-- grain: one row per province of data/reference/province_names.csv (the 63 spellings before the 2025 merger)
-- params: $path (VARCHAR)
-- columns: province, province_ascii
-- scope: all
SELECT province, province_ascii FROM read_csv($path, all_varchar = true) ORDER BY province;
