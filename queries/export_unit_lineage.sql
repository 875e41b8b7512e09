-- name: export_unit_lineage
-- grain: one row per lineage link old unit → new unit (table unit_lineage as stored)
-- params: none
-- columns: old_unit_id, new_unit_id, effective_date, share (fraction 0–1; NULL = whole)
SELECT old_unit_id, new_unit_id, effective_date, share
FROM unit_lineage
ORDER BY effective_date, old_unit_id, new_unit_id;
