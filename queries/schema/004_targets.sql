-- Plan targets (DESIGN.md "target"): per KPI, year and unit (NULL = every unit), with the document
-- that set them. Seeded with the dossier targets of the reform plans in ../shared/seeds; an admin
-- edits them later (issue: reform plan & targets).
CREATE SEQUENCE IF NOT EXISTS target_seq START 1;
CREATE TABLE IF NOT EXISTS target (
    target_id        INTEGER PRIMARY KEY DEFAULT nextval('target_seq'),
    kpi_code         VARCHAR NOT NULL,      -- dossier_on_time | dossier_online | …
    unit_id          INTEGER,               -- NULL = all units
    year             INTEGER NOT NULL,
    comparator       VARCHAR NOT NULL DEFAULT '>=',   -- >= | <=
    value            DOUBLE NOT NULL,       -- percent 0–100 for rates
    source_document  VARCHAR,
    note             VARCHAR
);

INSERT INTO target (kpi_code, unit_id, year, comparator, value, source_document, note)
SELECT * FROM (VALUES
    ('dossier_on_time', NULL, 2021, '>=', 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)', 'Hồ sơ giải quyết đúng hạn và trước hạn hàng năm đạt 100 %'),
    ('dossier_on_time', NULL, 2022, '>=', 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)', 'Hồ sơ giải quyết đúng hạn và trước hạn hàng năm đạt 100 %'),
    ('dossier_on_time', NULL, 2023, '>=', 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)', 'Hồ sơ giải quyết đúng hạn và trước hạn hàng năm đạt 100 %'),
    ('dossier_on_time', NULL, 2024, '>=', 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)', 'Hồ sơ giải quyết đúng hạn và trước hạn hàng năm đạt 100 %'),
    ('dossier_on_time', NULL, 2025, '>=', 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)', 'Hồ sơ giải quyết đúng hạn và trước hạn hàng năm đạt 100 %'),
    ('dossier_online', NULL, 2021, '>=', 30.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)', 'Tối thiểu 30 % tổng số hồ sơ được giải quyết trực tuyến'),
    ('dossier_online', NULL, 2025, '>=', 50.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)', 'Tỷ lệ hồ sơ giải quyết trực tuyến trên tổng số hồ sơ đạt tối thiểu 50 % (đến năm 2025)'),
    ('dossier_online', NULL, 2030, '>=', 80.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025, định hướng 2030)', 'Tỷ lệ hồ sơ giải quyết trực tuyến đạt tối thiểu 80 % (đến năm 2030)')
) AS seed(kpi_code, unit_id, year, comparator, value, source_document, note)
WHERE NOT EXISTS (SELECT 1 FROM target);
