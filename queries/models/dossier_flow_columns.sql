-- name: dossier_flow_columns
-- kind: macro
-- params: none
-- grain: one value per call (scalar macro): the list of the Biểu 06 counts that are flows
-- columns: none (a value)
--
-- The counts of what happened during a period (received new, resolved): over several periods they add up.
-- The others are stocks: recv_carry (at the start) and dossier_pending_columns() (at the end); recv_total is
-- new receipts + carry-over. With COLUMNS: `sum(COLUMNS(dossier_flow_columns()))::BIGINT`.
CREATE OR REPLACE MACRO dossier_flow_columns() AS
    ['recv_online', 'recv_offline', 'recv_direct', 'recv_postal', 'res_total', 'res_before', 'res_ontime', 'res_late'];
