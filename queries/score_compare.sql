-- name: score_compare
-- grain: one row per subject of kind $subject_kind with a total (or a rank) of index $index_code in year $year,
--        among $unit_ids; ranked as published (rank, then score), unranked subjects last
-- params: $index_code (VARCHAR), $subject_kind (VARCHAR), $year (INTEGER), $unit_ids (INTEGER[]; NULL = every
--         subject), $demo_loader (VARCHAR: loaders.sample.SAMPLE_LOADER)
-- columns: unit_id, unit_name, score, max_score, score_pct (%), rank, rank_of, group_code (PAR INDEX: A | B |
--          duoi_80), scale_unit, sources (VARCHAR[]), alt_scores (DOUBLE[]), flags (VARCHAR[]), is_demo,
--          components (component values stored for the subject that year)
-- scope: unit
SELECT v.unit_id, v.unit_name, v.score, v.max_score, pct(v.score, v.max_score) AS score_pct, v.rank, v.rank_of,
       CASE WHEN v.index_code = 'PAR' THEN par_group(pct(v.score, v.max_score)) END AS group_code,
       m.scale_unit, v.sources, v.alt_scores, v.flags,
       coalesce(m.is_demo, false) OR list_contains(v.loaded_by, $demo_loader) AS is_demo,
       (SELECT count(*) FROM score_values c
        WHERE c.index_code = v.index_code AND c.year = v.year AND c.unit_id = v.unit_id
          AND c.component_code IS NOT NULL) AS components
FROM score_values v
LEFT JOIN index_methodology m ON m.index_code = v.index_code AND m.level = v.subject_kind
                             AND m.version = v.methodology_version
WHERE v.index_code = $index_code AND v.subject_kind = $subject_kind AND v.year = $year
  AND v.component_code IS NULL AND ($unit_ids IS NULL OR list_contains($unit_ids, v.unit_id))
ORDER BY v.rank NULLS LAST, v.score DESC NULLS LAST, v.unit_name;
