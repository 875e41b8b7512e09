-- name: on_time_766_pct
-- kind: macro
-- params: res_before, res_ontime, proc_ontime, res_total, proc_total
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- The QĐ 766 ("đã và đang") definition: (trước + đúng hạn + đang trong hạn) / (đã + đang giải quyết).
CREATE OR REPLACE MACRO on_time_766_pct(res_before, res_ontime, proc_ontime, res_total, proc_total) AS
    pct(on_time_766_num(res_before, res_ontime, proc_ontime), on_time_766_den(res_total, proc_total));
