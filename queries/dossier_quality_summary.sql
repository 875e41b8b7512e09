-- name: dossier_quality_summary
-- grain: one row per check V1–V5 (all five, with 0 where nothing was found)
-- params: none
-- columns: check_code, check_name, rule, findings (rows)
-- scope: province
WITH checks(check_code, check_name, rule) AS (
    VALUES ('V1', 'V1 – Tổng nhận', '(3) = (4) + (5) + (6): tổng nhận = trực tuyến + trực tiếp, bưu chính + kỳ trước'),
           ('V2', 'V2 – Đã giải quyết', '(7) = (8) + (9) + (10): đã giải quyết = trước hạn + đúng hạn + quá hạn'),
           ('V3', 'V3 – Đang giải quyết', '(11) = (12) + (13): đang giải quyết = trong hạn + quá hạn'),
           ('V4', 'V4 – Cân đối', '(3) = (7) + (11), trừ hồ sơ trả lại/rút khi có cột riêng'),
           ('V5', 'V5 – Chuyển kỳ', 'Số kỳ trước chuyển sang = số đang giải quyết cuối kỳ liền trước')
)
SELECT c.check_code, c.check_name, c.rule, count(q.check_code) AS findings
FROM checks c
LEFT JOIN dossier_quality q USING (check_code)
GROUP BY ALL
ORDER BY c.check_code;
