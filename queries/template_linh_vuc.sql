-- name: template_linh_vuc
-- grain: one row per lĩnh vực stored for the unit (every unit when $unit_id is NULL), most recent use first
-- params: $unit_id (INTEGER; NULL = every unit)
-- columns: linh_vuc, last_period_end
-- scope: none
SELECT linh_vuc, max(period_end) AS last_period_end
FROM dossier_current
WHERE linh_vuc IS NOT NULL AND ($unit_id IS NULL OR unit_id = $unit_id)
GROUP BY linh_vuc
ORDER BY last_period_end DESC, linh_vuc;
