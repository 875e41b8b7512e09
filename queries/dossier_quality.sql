-- name: dossier_quality
-- grain: one row per finding over every current dossier row: V1–V4 on a stored row, V5 on a pair of
--        adjacent periods of the same kind (view dossier_quality)
-- params: none
-- columns: check_code (V1 … V5), unit_id, unit_name, linh_vuc (NULL = the unit as a whole),
--          period_label (the period of the row concerned), expected, found, difference (found − expected;
--          dossiers), message (Vietnamese), batch_id, file_name, sheet, source_row (Excel row; NULL for a
--          V5 finding on a unit total summed from several rows)
-- scope: unit
SELECT check_code, unit_id, unit_name, linh_vuc, period_label, expected, found, difference, message,
       batch_id, file_name, sheet, source_row
FROM dossier_quality
ORDER BY unit_name, unit_id, period_end, linh_vuc NULLS FIRST, check_code, source_row, message;
