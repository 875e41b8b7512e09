-- name: lineage_list
-- grain: one row per lineage link old unit → new unit (mergers, splits), newest first
-- params: none
-- columns: old_unit_id, old_name, new_unit_id, new_name, effective_date, share (fraction 0–1; NULL = whole),
--          old_rows_after (dossier rows of the old unit for periods ending on or after the effective date)
-- scope: none
SELECT l.old_unit_id, o.name AS old_name, l.new_unit_id, n.name AS new_name, l.effective_date, l.share,
       (SELECT count(*) FROM dossier_current c
        WHERE c.unit_id = l.old_unit_id AND c.period_end >= l.effective_date) AS old_rows_after
FROM unit_lineage l
JOIN unit o ON o.unit_id = l.old_unit_id
JOIN unit n ON n.unit_id = l.new_unit_id
ORDER BY l.effective_date DESC, o.name, n.name;
