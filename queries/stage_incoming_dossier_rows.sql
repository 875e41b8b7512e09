-- name: stage_incoming_dossier_rows
-- grain: one row per element of the lists in $columns (a temporary table of this connection, dropped by
--        unstage_incoming_dossier_rows): the rows a load brings, staged without pandas or pyarrow
-- params: $columns (STRUCT of equal-length lists, one per column, in the target table's order)
-- columns: none
-- scope: all
CREATE OR REPLACE TEMP TABLE incoming_dossier_rows AS
SELECT unnest(COLUMNS(*)) FROM (SELECT unnest($columns));
