-- name: index_reference_counts
-- grain: one row per reference file: the values of the temporary table reference_stage, and the statistics
--        of national_aggregates.csv ($aggregates_path)
-- params: $aggregates_path (VARCHAR)
-- columns: file, row_count
-- scope: all
SELECT file, count(*) AS row_count FROM reference_stage GROUP BY file
UNION ALL
SELECT 'national_aggregates.csv', count(*) FROM read_csv($aggregates_path, all_varchar = true);
