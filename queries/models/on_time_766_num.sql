-- name: on_time_766_num
-- kind: macro
-- params: res_before, res_ontime, proc_ontime
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Numerator of the QĐ 766 ("đã và đang") on-time rate: resolved before or on time + pending within time.
CREATE OR REPLACE MACRO on_time_766_num(res_before, res_ontime, proc_ontime) AS
    on_time_num(res_before, res_ontime) + proc_ontime;
