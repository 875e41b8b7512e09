-- name: linh_vuc_directory
-- grain: one row per lĩnh vực spelling stored in dossier_count (rows of unit totals, linh_vuc NULL, left out),
--        for one unit or all
-- params: $unit_id (INTEGER; NULL = every unit)
-- columns: linh_vuc, unit_names (the units reporting it, in name order; "N đơn vị" for more than 10), unit_ids (INTEGER[]),
--          unit_count,
--          dossier_rows (rows stored, every batch), current_rows (rows the dashboard reads),
--          first_period_label, last_period_label
-- scope: unit
-- The units' cell: their names, or their count past 10 (model units_named; at national scale this table listed 3,6 M
-- characters of names).
WITH stored AS (
    SELECT d.linh_vuc, count(*) AS dossier_rows,
           arg_min(p.label, d.period_end) AS first_period_label,
           arg_max(p.label, d.period_end) AS last_period_label
    FROM dossier_count d
    LEFT JOIN period p USING (period_start, period_end)
    WHERE d.linh_vuc IS NOT NULL AND ($unit_id IS NULL OR d.unit_id = $unit_id)
    GROUP BY d.linh_vuc
), units AS (
    SELECT DISTINCT d.linh_vuc, d.unit_id, u.name
    FROM dossier_count d JOIN unit u USING (unit_id)
    WHERE d.linh_vuc IS NOT NULL AND ($unit_id IS NULL OR d.unit_id = $unit_id)
), by_unit AS (
    SELECT linh_vuc,
           units_named(count(*), string_agg(name, ', ' ORDER BY name)) AS unit_names,
           list(unit_id ORDER BY name) AS unit_ids, count(*) AS unit_count
    FROM units GROUP BY linh_vuc
), current AS (
    SELECT linh_vuc, count(*) AS current_rows
    FROM dossier_current
    WHERE linh_vuc IS NOT NULL AND ($unit_id IS NULL OR unit_id = $unit_id)
    GROUP BY linh_vuc
)
SELECT s.linh_vuc, b.unit_names, b.unit_ids, b.unit_count::BIGINT AS unit_count,
       s.dossier_rows::BIGINT AS dossier_rows, coalesce(c.current_rows, 0)::BIGINT AS current_rows,
       s.first_period_label, s.last_period_label
FROM stored s
JOIN by_unit b USING (linh_vuc)
LEFT JOIN current c USING (linh_vuc)
ORDER BY s.linh_vuc;
