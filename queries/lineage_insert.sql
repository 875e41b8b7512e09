-- name: lineage_insert
-- grain: one lineage link old unit → new unit; recording the same pair again changes its date and share
-- params: $old_unit_id (INTEGER), $new_unit_id (INTEGER), $effective_date (DATE), $share (DOUBLE; NULL = whole)
-- columns: none
-- scope: all
INSERT INTO unit_lineage (old_unit_id, new_unit_id, effective_date, share)
VALUES ($old_unit_id, $new_unit_id, $effective_date, $share)
ON CONFLICT (old_unit_id, new_unit_id) DO UPDATE SET effective_date = excluded.effective_date,
                                                     share = excluded.share;
