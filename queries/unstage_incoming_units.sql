-- name: unstage_incoming_units
-- grain: drops the temporary table stage_incoming_units made
-- params: none
-- columns: none
-- scope: all
DROP TABLE IF EXISTS temp.incoming_units;
