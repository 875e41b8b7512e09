-- name: dossier_pending_columns
-- kind: macro
-- params: none
-- grain: one value per call (scalar macro): the list of the Biểu 06 counts of dossiers pending at a period's end
-- columns: none (a value)
--
-- Stocks at the end of a period (đang giải quyết): over several periods the last one's count stands.
CREATE OR REPLACE MACRO dossier_pending_columns() AS
    ['proc_total', 'proc_ontime', 'proc_late'];
