-- name: score_indices
-- grain: one row per index × subject kind that has current score values (PAR INDEX first, then SIPAS, PAPI,
--        the 766 index, DTI, PCI; departments first within an index)
-- params: $demo_loader (VARCHAR: loaders.sample.SAMPLE_LOADER)
-- columns: index_code, subject_kind (tinh | bo | so | xa | khac), subjects, first_year, last_year, totals, components,
--          demo_only (every value comes from the bundled demo data)
-- scope: none
SELECT index_code, subject_kind, count(DISTINCT unit_id) AS subjects, min(year) AS first_year, max(year) AS last_year,
       count(*) FILTER (WHERE component_code IS NULL) AS totals,
       count(*) FILTER (WHERE component_code IS NOT NULL) AS components,
       bool_and(list_contains(loaded_by, $demo_loader)) AS demo_only
FROM score_values
GROUP BY index_code, subject_kind
ORDER BY list_position(['PAR', 'SIPAS', 'PAPI', 'IDX766', 'DTI', 'PCI'], index_code) NULLS LAST, index_code,
         list_position(['so', 'xa', 'tinh', 'bo', 'khac'], subject_kind);
