-- name: completion_pct
-- kind: macro
-- params: res_total, recv_total
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Tỷ lệ giải quyết: đã giải quyết / tổng số nhận (carry-over included).
CREATE OR REPLACE MACRO completion_pct(res_total, recv_total) AS
    pct(res_total, recv_total);
