-- name: unstage_incoming_dossier_rows
-- grain: drops the temporary table stage_incoming_dossier_rows made
-- params: none
-- columns: none
-- scope: all
DROP TABLE IF EXISTS temp.incoming_dossier_rows;
