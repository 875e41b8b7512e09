-- name: on_time_766_den
-- kind: macro
-- params: res_total, proc_total
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Denominator of the QĐ 766 ("đã và đang") on-time rate: resolved + pending.
CREATE OR REPLACE MACRO on_time_766_den(res_total, proc_total) AS
    res_total + proc_total;
