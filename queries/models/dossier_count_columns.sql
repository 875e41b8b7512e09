-- name: dossier_count_columns
-- kind: macro
-- params: none
-- grain: one value per call (scalar macro): the list of the thirteen dossier counts an aggregate sums
-- columns: none (a value)
--
-- The one home of the thirteen counts an aggregate of Biểu 06 rows sums: `sum(COLUMNS(dossier_count_columns()))::BIGINT`
-- keeps each column's name (DuckDB expands them in the order of the relation read: dossier_count's order). The optional splits
-- (returned_withdrawn, awaiting_supplement, recv_online_full, recv_online_partial) are not summed across rows.
CREATE OR REPLACE MACRO dossier_count_columns() AS
    ['recv_total', 'recv_online', 'recv_offline', 'recv_carry', 'res_total', 'res_before', 'res_ontime', 'res_late',
     'proc_total', 'proc_ontime', 'proc_late', 'recv_direct', 'recv_postal'];
