-- name: on_time_pct
-- kind: macro
-- params: res_before, res_ontime, res_total
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Tỷ lệ giải quyết đúng hạn (default, "đúng và trước hạn"): (trước hạn + đúng hạn) / đã giải quyết.
CREATE OR REPLACE MACRO on_time_pct(res_before, res_ontime, res_total) AS
    pct(on_time_num(res_before, res_ontime), res_total);
