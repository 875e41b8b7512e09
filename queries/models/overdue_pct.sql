-- name: overdue_pct
-- kind: macro
-- params: res_late, res_total
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Tỷ lệ quá hạn: giải quyết quá hạn / đã giải quyết.
CREATE OR REPLACE MACRO overdue_pct(res_late, res_total) AS
    pct(res_late, res_total);
