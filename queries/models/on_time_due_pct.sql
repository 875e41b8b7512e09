-- name: on_time_due_pct
-- kind: macro
-- params: res_before, res_ontime, res_total, proc_late
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- The "đến hạn" definition (Vĩnh Phúc): (trước + đúng hạn) / (đã giải quyết + đang giải quyết quá hạn).
CREATE OR REPLACE MACRO on_time_due_pct(res_before, res_ontime, res_total, proc_late) AS
    pct(on_time_num(res_before, res_ontime), on_time_due_den(res_total, proc_late));
