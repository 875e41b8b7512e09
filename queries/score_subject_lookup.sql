-- name: score_subject_lookup
-- grain: one row per known spelling of a unit (alias_key as loaders.units.alias_key computes it), with the
--        unit's level, to tell a province from a department when a score file leaves "Loại đối tượng" blank
-- params: none
-- columns: alias_key, unit_id, name, level (tinh | so | huyen | xa | phong | don_vi)
-- scope: none
SELECT a.alias_key, a.unit_id, u.name, u.level
FROM unit_alias a
JOIN unit u USING (unit_id);
