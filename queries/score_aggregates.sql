-- name: score_aggregates
-- grain: one row per published mean of index $index_code's total that suits subjects of kind $subject_kind
--        (provinces: the provincial or national mean; ministries: the ministries' mean) per year
-- params: $index_code (VARCHAR), $subject_kind (VARCHAR)
-- columns: year, scope, value, is_snapshot, source
-- scope: none
SELECT year, scope, value, is_snapshot, source
FROM index_aggregate_current
WHERE index_code = $index_code AND statistic = 'mean' AND component_code IS NULL
  AND ((scope IN ('provinces', 'national') AND $subject_kind = 'tinh')
       OR (scope = 'ministries' AND $subject_kind = 'bo'))
QUALIFY row_number() OVER (PARTITION BY year ORDER BY scope = 'provinces' DESC, is_snapshot) = 1
ORDER BY year;
