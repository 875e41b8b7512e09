-- name: bcci_recv_pct
-- kind: macro
-- params: recv_postal, recv_online, recv_offline
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- BCCI receipt rate: qua BCCI / new receipts; NULL unless the file split trực tiếp from bưu chính.
CREATE OR REPLACE MACRO bcci_recv_pct(recv_postal, recv_online, recv_offline) AS
    CASE WHEN recv_postal IS NULL THEN NULL ELSE pct(recv_postal, new_receipts(recv_online, recv_offline)) END;
