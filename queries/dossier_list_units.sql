-- name: dossier_list_units
-- grain: one row per unit with current dossier records
-- params: $unit_ids (INTEGER[], NULL = every unit)
-- columns: unit_id, name, dossiers
-- scope: unit
SELECT d.unit_id, u.name, count(*) AS dossiers
FROM dossier d JOIN unit u ON u.unit_id = d.unit_id
WHERE d.is_current AND ($unit_ids IS NULL OR list_contains($unit_ids, d.unit_id))
GROUP BY d.unit_id, u.name
ORDER BY u.name;
