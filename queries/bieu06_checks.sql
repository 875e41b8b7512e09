-- name: bieu06_checks
-- grain: one row per data-quality finding (view dossier_quality: V1–V5) on a stored period inside the window
--        [$date_from, $date_to] of one of the chosen units — what goes into the consolidated Biểu 06
-- params: $date_from (DATE), $date_to (DATE), $unit_ids (INTEGER[]; NULL = every unit)
-- columns: check_code, unit_name, linh_vuc, period_label, expected, found, difference (dossiers), message,
--          file_name, sheet, source_row
-- scope: unit
SELECT check_code, unit_name, linh_vuc, period_label, expected, found, difference, message,
       file_name, sheet, source_row
FROM dossier_quality
WHERE period_start >= $date_from AND period_end <= $date_to
  AND ($unit_ids IS NULL OR list_contains($unit_ids, unit_id))
ORDER BY check_code, unit_name, period_start, linh_vuc NULLS FIRST;
