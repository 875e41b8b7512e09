-- name: score_breaks
-- grain: one row per break in a subject's series: a change of methodology version of index $index_code at level
--        $subject_kind (between after_year − 1 and after_year), and each 2025 reorganisation link of unit
--        $unit_id (the first year reported by the new unit is after_year)
-- params: $index_code (VARCHAR), $subject_kind (VARCHAR), $unit_id (INTEGER)
-- columns: break_kind (phuong_phap | sap_nhap), after_year, label (new methodology), prev_label, note, source,
--          direction (vao: another unit merged into this one | ra: this unit merged into another), other_unit_id,
--          other_name, effective_date
-- scope: unit
WITH versions AS (
    SELECT version, label, note, source, year_from,
           lag(label) OVER (ORDER BY coalesce(year_from, 0)) AS prev_label
    FROM index_methodology
    WHERE index_code = $index_code AND level = $subject_kind
)
SELECT 'phuong_phap' AS break_kind, year_from AS after_year, label, prev_label, note, source,
       NULL::VARCHAR AS direction, NULL::INTEGER AS other_unit_id, NULL::VARCHAR AS other_name,
       NULL::DATE AS effective_date
FROM versions
WHERE prev_label IS NOT NULL AND year_from IS NOT NULL
UNION ALL
SELECT 'sap_nhap', year(l.effective_date), NULL, NULL, NULL, NULL, 'vao', l.old_unit_id, o.name, l.effective_date
FROM unit_lineage l JOIN unit o ON o.unit_id = l.old_unit_id
WHERE l.new_unit_id = $unit_id
UNION ALL
SELECT 'sap_nhap', year(l.effective_date), NULL, NULL, NULL, NULL, 'ra', l.new_unit_id, n.name, l.effective_date
FROM unit_lineage l JOIN unit n ON n.unit_id = l.new_unit_id
WHERE l.old_unit_id = $unit_id
ORDER BY after_year, break_kind, other_name;
