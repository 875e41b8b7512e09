-- name: new_receipts
-- kind: macro
-- params: recv_online, recv_offline
-- grain: one value per call (scalar macro)
-- columns: none (a value)
--
-- Dossiers newly received in a period (trực tuyến + trực tiếp, bưu chính), carry-over excluded: the
-- denominator of the online and BCCI receipt rates, and with the carry-over the total received (cột 3).
CREATE OR REPLACE MACRO new_receipts(recv_online, recv_offline) AS
    recv_online + recv_offline;
