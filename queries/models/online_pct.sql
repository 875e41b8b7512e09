-- name: online_pct
-- kind: macro
-- params: recv_online, recv_offline
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Tỷ lệ tiếp nhận trực tuyến: online / NEW receipts (online + trực tiếp, bưu chính); carry-over excluded.
CREATE OR REPLACE MACRO online_pct(recv_online, recv_offline) AS
    pct(recv_online, new_receipts(recv_online, recv_offline));
