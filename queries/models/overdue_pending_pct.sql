-- name: overdue_pending_pct
-- kind: macro
-- params: proc_late, proc_total
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Share of the pending stock that is overdue: đang quá hạn / đang giải quyết.
CREATE OR REPLACE MACRO overdue_pending_pct(proc_late, proc_total) AS
    pct(proc_late, proc_total);
