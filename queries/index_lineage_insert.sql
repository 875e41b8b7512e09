-- name: index_lineage_insert
-- grain: one unit_lineage link per row of the registered table incoming_lineage (old_unit_id, new_unit_id,
--        effective_date): the 2025 reorganisation shipped in data/reference/lineage_2025.csv; a link already
--        recorded (perhaps corrected by an analyst) is kept as it is
-- params: none
-- columns: none
-- scope: all
INSERT INTO unit_lineage (old_unit_id, new_unit_id, effective_date, share)
SELECT old_unit_id, new_unit_id, effective_date, NULL FROM incoming_lineage
ON CONFLICT DO NOTHING;
