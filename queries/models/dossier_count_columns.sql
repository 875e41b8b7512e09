-- name: dossier_count_columns
-- kind: macro
-- params: none
-- grain: one value per call (scalar macro): the list of the thirteen dossier counts an aggregate sums
-- columns: none (a value)
--
-- The one home of the thirteen counts an aggregate of Biểu 06 rows sums: `sum(COLUMNS(dossier_count_columns()))::BIGINT`
-- keeps each column's name (DuckDB expands them in the order of the relation read: dossier_count's order). The optional splits
-- (returned_withdrawn, awaiting_supplement, recv_online_full, recv_online_partial) are not summed across rows.
-- Flows and stocks: dossier_flow_columns(), recv_carry, dossier_pending_columns().
CREATE OR REPLACE MACRO dossier_count_columns() AS
    ['recv_total', 'recv_carry'] || dossier_flow_columns() || dossier_pending_columns();
