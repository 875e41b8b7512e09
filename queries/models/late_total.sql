-- name: late_total
-- kind: macro
-- params: res_late, proc_late
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Dossiers that pull the on-time rate down: resolved late + pending past their deadline (the numerator of a
-- lĩnh vực's share of all late dossiers, and the order of the "where it goes wrong" lists).
CREATE OR REPLACE MACRO late_total(res_late, proc_late) AS
    res_late + proc_late;
