-- name: index_reference_stage
-- grain: one row per published value of data/reference — a total (PAR, SIPAS, PAPI, the 766 index) or a PAPI
--        dimension — into the temporary table reference_stage, in index_score's shape: file, source_row,
--        index_code, year, unit_name, subject_kind, component_code, score, rank, rank_of, source, flags, note.
--        Caveats of notes.csv become flags: nguon_khac_nhau (CONFLICT), hang_diem_khong_khop (INCONSISTENT),
--        hang_theo_thu_tu (rank read from an ordered list or "last place"), so_lieu_thoi_diem (a real-time
--        766 snapshot), khong_xep_hang (PAPI did not rate the province that year: a row with no score);
--        corroborating sources are added to the row's source. Nothing is computed from the values.
-- params: $par_path, $sipas_path, $papi_path, $papi_dims_path, $idx766_path, $notes_path, $provinces_path,
--         $sizes_path (VARCHAR: files of data/reference)
-- columns: none
-- scope: all
CREATE OR REPLACE TEMP TABLE reference_stage AS
WITH provinces AS (
    SELECT province FROM read_csv($provinces_path, all_varchar = true)
), sizes AS (
    SELECT index_code, subject_kind, CAST(year_from AS INTEGER) AS year_from, CAST(year_to AS INTEGER) AS year_to,
           CAST(rank_of AS INTEGER) AS rank_of
    FROM read_csv($sizes_path, all_varchar = true)
), par AS (
    SELECT *, row_number() OVER () + 1 AS source_row FROM read_csv($par_path, all_varchar = true)
), sipas AS (
    SELECT *, row_number() OVER () + 1 AS source_row FROM read_csv($sipas_path, all_varchar = true)
), papi AS (
    SELECT *, row_number() OVER () + 1 AS source_row FROM read_csv($papi_path, all_varchar = true)
), papi_dims AS (
    SELECT *, row_number() OVER () + 1 AS source_row FROM read_csv($papi_dims_path, all_varchar = true)
), idx766 AS (
    SELECT *, row_number() OVER () + 1 AS source_row FROM read_csv($idx766_path, all_varchar = true)
), notes AS (
    SELECT file, CAST(year AS INTEGER) AS year, unit, TRY_CAST(score AS DOUBLE) AS score,
           TRY_CAST(rank AS INTEGER) AS rank, source_url, note,
           note LIKE 'CORROBORATING%' AS corroborates,
           list_filter([
               CASE WHEN note LIKE '%CONFLICT%' THEN 'nguon_khac_nhau' END,
               CASE WHEN note LIKE '%INCONSISTENT%' THEN 'hang_diem_khong_khop' END,
               CASE WHEN regexp_matches(note, 'order list|inferred|listed (second|third)|from order|^last|worst-|lowest|described as last|最末')
                    THEN 'hang_theo_thu_tu' END,
               CASE WHEN note LIKE '%snapshot%' THEN 'so_lieu_thoi_diem' END,
               CASE WHEN regexp_matches(note, '^NOT RA(NKED|TED)') THEN 'khong_xep_hang' END
           ], lambda f: f IS NOT NULL) AS flags
    FROM read_csv($notes_path, all_varchar = true)
), published AS (
    SELECT 'par_index.csv' AS file, source_row, 'PAR' AS index_code, CAST(year AS INTEGER) AS year, unit AS unit_name,
           CASE unit_type WHEN 'ministry' THEN 'bo' ELSE 'tinh' END AS subject_kind, NULL::VARCHAR AS component_code,
           TRY_CAST(score_pct AS DOUBLE) AS score, TRY_CAST(rank AS INTEGER) AS rank, source_url
    FROM par
    UNION ALL
    SELECT 'sipas.csv', source_row, 'SIPAS', CAST(year AS INTEGER), unit, 'tinh', NULL,
           TRY_CAST(score_pct AS DOUBLE), TRY_CAST(rank AS INTEGER), source_url
    FROM sipas
    UNION ALL
    SELECT 'papi.csv', source_row, 'PAPI', CAST(year AS INTEGER), province, 'tinh', NULL,
           TRY_CAST(total_score AS DOUBLE), TRY_CAST(rank AS INTEGER), source_url
    FROM papi
    WHERE total_score IS NOT NULL OR rank IS NOT NULL   -- rows with dimensions only: those are in the long file
    UNION ALL
    SELECT 'papi_dimensions_long.csv', source_row, 'PAPI', CAST(year AS INTEGER), province, 'tinh', upper(dimension),
           TRY_CAST(score AS DOUBLE), NULL, source_url
    FROM papi_dims
    UNION ALL
    SELECT 'idx766.csv', source_row, 'IDX766', CAST(year AS INTEGER), unit,
           CASE WHEN unit IN (SELECT province FROM provinces) THEN 'tinh' ELSE 'bo' END, NULL,
           TRY_CAST(score AS DOUBLE), TRY_CAST(rank AS INTEGER), source_url
    FROM idx766
    UNION ALL
    SELECT 'papi.csv', NULL, 'PAPI', year, unit, 'tinh', NULL, NULL, NULL, source_url
    FROM notes
    WHERE file = 'papi.csv' AND list_contains(flags, 'khong_xep_hang')
), annotated AS (
    SELECT p.*,
           (SELECT list_distinct(flatten(list(n.flags))) FROM notes n
            WHERE n.file = p.file AND n.year = p.year AND n.unit = p.unit_name AND n.source_url = p.source_url
              AND NOT n.corroborates) AS own_flags,
           (SELECT string_agg(n.note, ' | ') FROM notes n
            WHERE n.file = p.file AND n.year = p.year AND n.unit = p.unit_name AND n.source_url = p.source_url
              AND NOT n.corroborates) AS note,
           (SELECT string_agg(DISTINCT n.source_url, ' ; ' ORDER BY n.source_url) FROM notes n
            WHERE n.corroborates AND n.file = p.file AND n.year = p.year AND n.unit = p.unit_name
              AND n.source_url <> p.source_url
              AND (n.rank IS NULL OR n.rank = p.rank)
              AND (n.score IS NULL OR abs(n.score - p.score) < 0.01)) AS also_sources
    FROM published p
)
SELECT a.file, a.source_row, a.index_code, a.year, a.unit_name, a.subject_kind, a.component_code, a.score, a.rank,
       CASE WHEN a.rank IS NOT NULL THEN s.rank_of END AS rank_of,
       a.source_url || coalesce(' ; ' || a.also_sources, '') AS source,
       -- a rank caveat means nothing on a value without a rank (a single PAPI dimension "lowest nationally")
       list_filter(coalesce(a.own_flags, []), lambda f: f <> 'hang_theo_thu_tu' OR a.rank IS NOT NULL) AS flags,
       a.note
FROM annotated a
LEFT JOIN sizes s ON s.index_code = a.index_code AND s.subject_kind = a.subject_kind
                 AND a.year BETWEEN s.year_from AND s.year_to;
