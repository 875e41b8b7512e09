-- name: linh_vuc_relabel
-- grain: the dossier rows (every batch) of lĩnh vực $old_name, for unit $unit_id or all, re-labelled $new_name
-- params: $old_name (VARCHAR), $new_name (VARCHAR), $unit_id (INTEGER; NULL = every unit)
-- columns: none
-- scope: all
UPDATE dossier_count SET linh_vuc = $new_name
WHERE linh_vuc = $old_name AND ($unit_id IS NULL OR unit_id = $unit_id);
