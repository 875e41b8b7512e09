-- The reform plan (issue 5): the catalogue of operational KPIs, their reported values, the targets
-- (defaults from the plans in ../shared/seeds, loaded from workbooks or edited by an admin) and the
-- plan's task list with the status an analyst sets. Rules from domain.md "Formulas": rates from summed
-- numerators and denominators, a zero denominator gives NULL, a percentage reported without counts is
-- kept as such and never rolled up; TTHC online levels are kept as reported and mapped with a flag (§7.3).
-- The views and macros over these tables are models: queries/models/ (re-created at every start).

-- One row per KPI the dashboard tracks. measure: flow (summed over the periods of a year: dossiers,
-- documents, ratings) | stock (the latest period of the year: accounts, TTHC offered, units inspected).
-- source: kpi_value (reported by the units) | dossier (computed from the Biểu 06 dossier counts).
CREATE TABLE IF NOT EXISTS kpi (
    kpi_code           VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL UNIQUE,   -- Vietnamese, as a report names it
    short_name         VARCHAR NOT NULL,          -- for charts and tables
    work_unit          VARCHAR NOT NULL,          -- what the counts count: "tài khoản", "hồ sơ", "văn bản" …
    numerator_label    VARCHAR NOT NULL,
    denominator_label  VARCHAR NOT NULL,
    measure            VARCHAR NOT NULL,          -- flow | stock
    source             VARCHAR NOT NULL,          -- kpi_value | dossier
    idx766             VARCHAR,                   -- the QĐ 766 indicator it corresponds to, if any
    sort_order         INTEGER NOT NULL,
    note               VARCHAR
);

INSERT INTO kpi VALUES
    ('dossier_online', 'Tỷ lệ hồ sơ tiếp nhận trực tuyến', 'Hồ sơ trực tuyến', 'hồ sơ', 'hồ sơ trực tuyến',
     'hồ sơ mới tiếp nhận', 'flow', 'dossier', '3.3', 10,
     'Tính từ Biểu 06: trực tuyến / (trực tuyến + trực tiếp, bưu chính); không tính hồ sơ kỳ trước chuyển sang.'),
    ('dossier_on_time', 'Tỷ lệ hồ sơ giải quyết đúng hạn', 'Giải quyết đúng hạn', 'hồ sơ', 'hồ sơ trước và đúng hạn',
     'hồ sơ đã giải quyết', 'flow', 'dossier', NULL, 20,
     'Tính từ Biểu 06: (trước hạn + đúng hạn) / đã giải quyết.'),
    ('mailbox_active', 'Tỷ lệ tài khoản Hộp thư công vụ hoạt động', 'Hộp thư công vụ', 'tài khoản',
     'tài khoản hoạt động', 'tài khoản được cấp', 'stock', 'kpi_value', NULL, 30, NULL),
    ('bcci_receipt', 'Tỷ lệ hồ sơ tiếp nhận qua dịch vụ bưu chính công ích', 'Tiếp nhận qua BCCI', 'hồ sơ',
     'hồ sơ tiếp nhận qua BCCI', 'hồ sơ mới tiếp nhận', 'flow', 'kpi_value', '3.3', 40, NULL),
    ('bcci_return', 'Tỷ lệ kết quả giải quyết TTHC trả qua dịch vụ bưu chính công ích', 'Trả kết quả qua BCCI',
     'hồ sơ', 'hồ sơ trả kết quả qua BCCI', 'hồ sơ đã trả kết quả', 'flow', 'kpi_value', NULL, 50,
     'Chưa có công thức chính thức; mẫu số là số hồ sơ đã trả kết quả.'),
    ('digitised', 'Tỷ lệ hồ sơ TTHC được số hóa', 'Số hóa hồ sơ', 'hồ sơ', 'hồ sơ được số hóa',
     'hồ sơ tiếp nhận', 'flow', 'kpi_value', '4.2', 60, NULL),
    ('e_result', 'Tỷ lệ hồ sơ được cấp kết quả điện tử', 'Kết quả điện tử', 'hồ sơ', 'hồ sơ có kết quả điện tử',
     'hồ sơ TTHC yêu cầu kết quả', 'flow', 'kpi_value', '4.1', 70, NULL),
    ('online_payment', 'Tỷ lệ hồ sơ thanh toán trực tuyến', 'Thanh toán trực tuyến', 'hồ sơ',
     'hồ sơ thanh toán trực tuyến', 'hồ sơ có nghĩa vụ tài chính', 'flow', 'kpi_value', '3.6', 80, NULL),
    ('e_documents', 'Tỷ lệ văn bản trao đổi dưới dạng điện tử', 'Văn bản điện tử', 'văn bản',
     'văn bản gửi, nhận điện tử', 'văn bản gửi, nhận', 'flow', 'kpi_value', NULL, 90, NULL),
    ('signed_documents', 'Tỷ lệ văn bản phát hành có ký số', 'Văn bản ký số', 'văn bản', 'văn bản ký số',
     'văn bản phát hành', 'flow', 'kpi_value', NULL, 100, NULL),
    ('tthc_online_full', 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình', 'DVCTT toàn trình', 'TTHC',
     'TTHC toàn trình', 'TTHC thuộc thẩm quyền', 'stock', 'kpi_value', '3.1', 110,
     'Trước NĐ 42/2022: "mức độ 4" được quy đổi gần đúng thành toàn trình (có đánh dấu).'),
    ('tthc_online_partial', 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến một phần', 'DVCTT một phần', 'TTHC',
     'TTHC một phần', 'TTHC thuộc thẩm quyền', 'stock', 'kpi_value', '3.1', 120,
     'Trước NĐ 42/2022: "mức độ 3" được quy đổi gần đúng thành một phần (có đánh dấu).'),
    ('satisfaction', 'Tỷ lệ hài lòng khi giải quyết TTHC (đánh giá tại bộ phận một cửa)', 'Hài lòng (một cửa)',
     'lượt đánh giá', 'lượt hài lòng và rất hài lòng', 'lượt đánh giá', 'flow', 'kpi_value', NULL, 130,
     'Đánh giá của người dân tại bộ phận một cửa, không phải chỉ số SIPAS.'),
    ('inspected_units', 'Tỷ lệ phòng, đơn vị được kiểm tra công tác CCHC', 'Kiểm tra CCHC', 'đơn vị',
     'phòng, đơn vị được kiểm tra', 'phòng, đơn vị', 'stock', 'kpi_value', NULL, 140, NULL)
ON CONFLICT DO NOTHING;

-- Other ways files name a KPI (compared after accents, case and spacing are folded). level_raw: the
-- old online level a name implies ("mức độ 4"), kept with the value and flagged as mapped.
CREATE TABLE IF NOT EXISTS kpi_alias (
    alias      VARCHAR PRIMARY KEY,
    kpi_code   VARCHAR NOT NULL,
    level_raw  VARCHAR
);

INSERT INTO kpi_alias VALUES
    ('Hộp thư công vụ', 'mailbox_active', NULL),
    ('Tài khoản Hộp thư công vụ hoạt động', 'mailbox_active', NULL),
    ('Tiếp nhận hồ sơ qua BCCI', 'bcci_receipt', NULL),
    ('Hồ sơ tiếp nhận qua dịch vụ bưu chính công ích', 'bcci_receipt', NULL),
    ('Trả kết quả qua BCCI', 'bcci_return', NULL),
    ('Kết quả trả qua dịch vụ bưu chính công ích', 'bcci_return', NULL),
    ('Số hóa', 'digitised', NULL),
    ('Hồ sơ được số hóa', 'digitised', NULL),
    ('Hồ sơ có kết quả điện tử', 'e_result', NULL),
    ('Thanh toán trực tuyến', 'online_payment', NULL),
    ('Văn bản điện tử', 'e_documents', NULL),
    ('Văn bản trao đổi dưới dạng điện tử', 'e_documents', NULL),
    ('Ký số', 'signed_documents', NULL),
    ('Văn bản ký số', 'signed_documents', NULL),
    ('TTHC toàn trình', 'tthc_online_full', NULL),
    ('DVCTT toàn trình', 'tthc_online_full', NULL),
    ('TTHC một phần', 'tthc_online_partial', NULL),
    ('DVCTT một phần', 'tthc_online_partial', NULL),
    ('TTHC cung cấp dịch vụ công trực tuyến mức độ 4', 'tthc_online_full', 'mức độ 4'),
    ('DVCTT mức độ 4', 'tthc_online_full', 'mức độ 4'),
    ('TTHC cung cấp dịch vụ công trực tuyến mức độ 3', 'tthc_online_partial', 'mức độ 3'),
    ('DVCTT mức độ 3', 'tthc_online_partial', 'mức độ 3'),
    ('Hài lòng', 'satisfaction', NULL),
    ('Mức độ hài lòng', 'satisfaction', NULL),
    ('Kiểm tra CCHC', 'inspected_units', NULL),
    ('Đơn vị được kiểm tra CCHC', 'inspected_units', NULL),
    ('Hồ sơ trực tuyến', 'dossier_online', NULL),
    ('Tỷ lệ hồ sơ trực tuyến', 'dossier_online', NULL),
    ('Giải quyết đúng hạn', 'dossier_on_time', NULL),
    ('Tỷ lệ giải quyết đúng hạn', 'dossier_on_time', NULL)
ON CONFLICT DO NOTHING;

-- One row per KPI × unit × period as a batch reported it: counts (numerator, denominator), or only a
-- percentage (reported_pct) when the source gives no counts. Online levels: service_level_raw exactly as
-- reported ("mức độ 4", "toàn trình"), service_level_std ∈ toàn trình | một phần | khác, level_mapped =
-- the standard level was inferred from an old "mức độ" (approximate, domain.md §7.3).
CREATE TABLE IF NOT EXISTS kpi_value (
    batch_id           INTEGER NOT NULL,
    kpi_code           VARCHAR NOT NULL,
    unit_id            INTEGER NOT NULL,
    period_start       DATE NOT NULL,
    period_end         DATE NOT NULL,
    numerator          BIGINT,
    denominator        BIGINT,
    reported_pct       DOUBLE,
    service_level_raw  VARCHAR,
    service_level_std  VARCHAR,
    level_mapped       BOOLEAN NOT NULL DEFAULT false,
    note               VARCHAR,
    source_row         INTEGER
);
CREATE INDEX IF NOT EXISTS kpi_value_batch ON kpi_value (batch_id);

-- Targets (table from 004): a loaded or edited target belongs to a batch (kind "targets", or the admin's
-- edit from the page), so history is kept and a roll back brings the previous target back; batch_id
-- NULL = a default seeded by a migration. removed = the admin deleted the target for that key.
ALTER TABLE target ADD COLUMN IF NOT EXISTS batch_id INTEGER;
ALTER TABLE target ADD COLUMN IF NOT EXISTS removed BOOLEAN DEFAULT false;
ALTER TABLE target ADD COLUMN IF NOT EXISTS source_row INTEGER;

-- Defaults from the plans in ../shared/seeds (the dossier targets were seeded by 004).
INSERT INTO target (kpi_code, unit_id, year, comparator, value, source_document, note)
SELECT kpi_code, NULL, unnest(range(year_from, year_to + 1)), '>=', value, source_document, note
FROM (VALUES
    ('mailbox_active', 2021, 2025, 100.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Đảm bảo 100 % tài khoản Hộp thư công vụ hoạt động (QĐ 41/2015/QĐ-UBND)'),
    ('bcci_receipt', 2021, 2025, 10.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Hồ sơ TTHC tiếp nhận qua dịch vụ BCCI tối thiểu 10 % tổng số hồ sơ (theo quy định)'),
    ('bcci_return', 2021, 2025, 20.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Kết quả giải quyết TTHC trả qua dịch vụ BCCI từ 20 % số hồ sơ trở lên (theo quy định)'),
    ('digitised', 2021, 2025, 30.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Số hóa tối thiểu 30 % hồ sơ TTHC nộp trực tiếp hoặc qua bưu điện (tính cho cả năm)'),
    ('satisfaction', 2021, 2021, 90.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt tối thiểu 90 %'),
    ('satisfaction', 2022, 2025, 90.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)',
     'Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt tối thiểu 90 % (đến năm 2025)'),
    ('satisfaction', 2030, 2030, 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025, định hướng 2030)',
     'Mức độ hài lòng đạt tối thiểu 100 % (đến năm 2030)'),
    ('inspected_units', 2021, 2021, 30.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Kiểm tra công tác CCHC tối thiểu 30 % số phòng, đơn vị'),
    ('inspected_units', 2022, 2025, 30.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)',
     'Hàng năm kiểm tra công tác CCHC ít nhất 30 % các phòng, đơn vị thuộc Sở'),
    ('e_documents', 2021, 2021, 100.0, 'Công văn của Sở KH&CN Quảng Bình, tháng 9/2021 (Phụ lục nhiệm vụ nâng cao Chỉ số CCHC năm 2021)',
     'Tỷ lệ văn bản trao đổi với các cơ quan hành chính nhà nước dưới dạng điện tử đạt 100 %'),
    ('signed_documents', 2022, 2025, 100.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)',
     '100 % văn bản thực hiện ký số (hàng năm)'),
    ('online_payment', 2025, 2025, 30.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025 của Sở KH&CN Quảng Trị)',
     'Tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30 % trở lên (đến năm 2025)'),
    ('online_payment', 2030, 2030, 50.0, 'QĐ 333/QĐ-SKHCN ngày 29/12/2021 (Kế hoạch CCHC 2021–2025, định hướng 2030)',
     'Tỷ lệ giao dịch thanh toán trực tuyến đạt từ 50 % trở lên (đến năm 2030)')
) AS seed(kpi_code, year_from, year_to, value, source_document, note)
WHERE NOT EXISTS (SELECT 1 FROM target t WHERE t.kpi_code = seed.kpi_code);

-- The plan's task list: one row per task as a batch stored it. A plan is one unit's plan for one year
-- (owner_unit_id × plan_year); loading it again replaces the earlier version. task_key = area and the
-- task's position in the area ("VII.3"), the key the status an analyst sets is kept under.
CREATE TABLE IF NOT EXISTS plan_task (
    batch_id           INTEGER NOT NULL,
    owner_unit_id      INTEGER NOT NULL,
    plan_year          INTEGER NOT NULL,
    plan_title         VARCHAR,
    task_key           VARCHAR NOT NULL,
    area_code          VARCHAR NOT NULL,       -- I … VII as the plan numbers its areas
    area               VARCHAR NOT NULL,
    task               VARCHAR NOT NULL,
    current_level      VARCHAR,                -- "Hiện tại" as written
    required_level     VARCHAR,                -- "Yêu cầu" as written
    lead_unit          VARCHAR NOT NULL,       -- "Chủ trì" as written
    lead_unit_id       INTEGER,                -- when it names a unit of the directory
    cooperating_units  VARCHAR,
    deadline_text      VARCHAR,                -- "Tháng 10/2021", "Từ nay đến cuối năm 2021" …
    deadline           DATE,                   -- the last day it allows; NULL: none given
    reported_status    VARCHAR,                -- not_started | in_progress | done | late, when the file says
    note               VARCHAR,
    source_row         INTEGER
);
CREATE INDEX IF NOT EXISTS plan_task_batch ON plan_task (batch_id);

-- Statuses set by analysts: history kept, the latest per task counts.
CREATE TABLE IF NOT EXISTS plan_task_status (
    owner_unit_id  INTEGER NOT NULL,
    plan_year      INTEGER NOT NULL,
    task_key       VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,           -- not_started | in_progress | done | late
    note           VARCHAR,
    set_by         VARCHAR NOT NULL,
    set_at         TIMESTAMP NOT NULL          -- Vietnam time
);
