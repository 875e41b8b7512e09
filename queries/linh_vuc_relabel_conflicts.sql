-- name: linh_vuc_relabel_conflicts
-- grain: one row per batch × unit × period that holds both lĩnh vực $old_name and $new_name (in the scope
--        $unit_id): re-labelling would give that batch two rows for one unit × lĩnh vực × period
-- params: $old_name (VARCHAR), $new_name (VARCHAR), $unit_id (INTEGER; NULL = every unit)
-- columns: batch_id, file_name, unit_name, period_label
-- scope: all
SELECT d.batch_id, any_value(b.file_name) AS file_name, any_value(u.name) AS unit_name,
       any_value(p.label) AS period_label
FROM dossier_count d
JOIN load_batch b USING (batch_id)
JOIN unit u USING (unit_id)
LEFT JOIN period p ON p.period_start = d.period_start AND p.period_end = d.period_end
WHERE d.linh_vuc IN ($old_name, $new_name) AND ($unit_id IS NULL OR d.unit_id = $unit_id)
GROUP BY d.batch_id, d.unit_id, d.period_start, d.period_end
HAVING count(DISTINCT d.linh_vuc) = 2
ORDER BY d.batch_id, unit_name;
