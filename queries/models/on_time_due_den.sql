-- name: on_time_due_den
-- kind: macro
-- params: res_total, proc_late
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Denominator of the "đến hạn" on-time rate (Vĩnh Phúc): resolved + pending past their deadline.
CREATE OR REPLACE MACRO on_time_due_den(res_total, proc_late) AS
    res_total + proc_late;
