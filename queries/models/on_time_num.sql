-- name: on_time_num
-- kind: macro
-- params: res_before, res_ontime
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Numerator of the on-time rates (default and "đến hạn"): dossiers resolved before or on time (trước hạn +
-- đúng hạn). The one home of this sum: rates, rate columns and KPIs call it.
CREATE OR REPLACE MACRO on_time_num(res_before, res_ontime) AS
    res_before + res_ontime;
