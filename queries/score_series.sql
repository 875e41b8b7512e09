-- name: score_series
-- grain: one row per year with a total (or a rank) of index $index_code for subject $unit_id, and for the units
--        it merged with (2025 reorganisation, unit_lineage) — each as reported, never restated
-- params: $index_code (VARCHAR), $unit_id (INTEGER), $demo_loader (VARCHAR: loaders.sample.SAMPLE_LOADER)
-- columns: unit_id, unit_name, relation (chinh | truoc_sap_nhap | sau_sap_nhap), year, score, max_score,
--          score_pct (% of the maximum), rank, rank_of, group_code (PAR INDEX: A | B | duoi_80),
--          methodology_version, methodology_label, scale_unit, sources (VARCHAR[]), alt_scores (DOUBLE[]: other
--          published values), alt_sources (VARCHAR[]), flags (VARCHAR[]), notes, is_demo
-- scope: unit
WITH related AS (
    SELECT DISTINCT unit_id, relation FROM (
        SELECT $unit_id AS unit_id, 'chinh' AS relation
        UNION ALL SELECT old_unit_id, 'truoc_sap_nhap' FROM unit_lineage WHERE new_unit_id = $unit_id
        UNION ALL SELECT new_unit_id, 'sau_sap_nhap' FROM unit_lineage WHERE old_unit_id = $unit_id)
)
SELECT v.unit_id, v.unit_name, r.relation, v.year, v.score, v.max_score, pct(v.score, v.max_score) AS score_pct,
       v.rank, v.rank_of,
       CASE WHEN v.index_code = 'PAR' THEN par_group(pct(v.score, v.max_score)) END AS group_code,
       v.methodology_version, m.label AS methodology_label, m.scale_unit, v.sources, v.alt_scores, v.alt_sources,
       v.flags, v.notes, coalesce(m.is_demo, false) OR list_contains(v.loaded_by, $demo_loader) AS is_demo
FROM score_values v
JOIN related r USING (unit_id)
LEFT JOIN index_methodology m ON m.index_code = v.index_code AND m.level = v.subject_kind
                             AND m.version = v.methodology_version
WHERE v.index_code = $index_code AND v.component_code IS NULL
ORDER BY r.relation <> 'chinh', v.unit_name, v.year;
