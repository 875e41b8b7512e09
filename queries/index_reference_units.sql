-- name: index_reference_units
-- grain: one row per subject named in the temporary table reference_stage, with its kind (tinh | bo)
-- params: none
-- columns: unit_name, subject_kind
-- scope: all
SELECT DISTINCT unit_name, subject_kind FROM reference_stage ORDER BY subject_kind, unit_name;
