-- The reform plan (issue 5): the catalogue of operational KPIs, their reported values, the targets
-- (defaults from the plans in ../shared/seeds, loaded from workbooks or edited by an admin) and the
-- plan's task list with the status an analyst sets. Rules from domain.md "Formulas": rates from summed
-- numerators and denominators, a zero denominator gives NULL, a percentage reported without counts is
-- kept as such and never rolled up; TTHC online levels are kept as reported and mapped with a flag (§7.3).

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

-- The values the dashboard reads: rows of active batches, the latest batch per KPI × unit × period
-- (a file correcting a few values leaves the other values of an earlier file in place).
CREATE OR REPLACE VIEW kpi_current AS
SELECT v.*
FROM kpi_value v
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY v.batch_id = max(v.batch_id) OVER (PARTITION BY v.kpi_code, v.unit_id, v.period_start, v.period_end);


-- Targets (table from 004): a loaded or edited target belongs to a batch (kind "targets", or the admin's
-- edit from the page), so history is kept and a roll back brings the previous target back; batch_id
-- NULL = a default seeded by a migration. removed = the admin deleted the target for that key.
ALTER TABLE target ADD COLUMN IF NOT EXISTS batch_id INTEGER;
ALTER TABLE target ADD COLUMN IF NOT EXISTS removed BOOLEAN DEFAULT false;
ALTER TABLE target ADD COLUMN IF NOT EXISTS source_row INTEGER;

-- The target in force for each KPI × unit (NULL = all units) × year: the latest active batch's, else the default.
CREATE OR REPLACE VIEW target_current AS
SELECT t.target_id, t.kpi_code, t.unit_id, t.year, t.comparator, t.value, t.source_document, t.note, t.batch_id
FROM target t
LEFT JOIN load_batch b USING (batch_id)
WHERE t.batch_id IS NULL OR b.status = 'active'
QUALIFY row_number() OVER (PARTITION BY t.kpi_code, t.unit_id, t.year
                           ORDER BY coalesce(t.batch_id, 0) DESC, t.target_id DESC) = 1
    AND NOT coalesce(t.removed, false);

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

CREATE OR REPLACE VIEW plan_task_current AS
SELECT t.*
FROM plan_task t
JOIN load_batch b USING (batch_id)
WHERE b.status = 'active'
QUALIFY t.batch_id = max(t.batch_id) OVER (PARTITION BY t.owner_unit_id, t.plan_year);

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


-- Status of a value against its target (the one home of the rule; the page states it):
-- green = met (exactly on the target counts as met), amber = missed by at most amber_points percentage
-- points, red = missed by more; no_target / no_data when either side is missing.
CREATE OR REPLACE MACRO target_met(actual, comparator, target) AS
    CASE WHEN actual IS NULL OR target IS NULL THEN NULL
         WHEN comparator = '<=' THEN actual <= target + 1e-9
         ELSE actual >= target - 1e-9 END;

CREATE OR REPLACE MACRO target_status(actual, comparator, target, amber_points) AS
    CASE WHEN target IS NULL THEN 'no_target'
         WHEN actual IS NULL THEN 'no_data'
         WHEN target_met(actual, comparator, target) THEN 'green'
         WHEN abs(actual - target) <= amber_points + 1e-9 THEN 'amber'
         ELSE 'red' END;

-- Distance to the target in percentage points, negative when short of it.
CREATE OR REPLACE MACRO target_gap_pp(actual, comparator, target) AS
    CASE WHEN comparator = '<=' THEN target - actual ELSE actual - target END;

-- The gap in units of work with the denominator as it stands: how many more counted items (≥) or how
-- many fewer (≤) reach the target. 42 of 56 accounts active, target 100 % → 56 − 42 = 14.
CREATE OR REPLACE MACRO target_gap_units(num, den, comparator, target) AS
    CASE WHEN num IS NULL OR den IS NULL OR den = 0 OR target IS NULL THEN NULL
         WHEN comparator = '<=' THEN greatest(num - floor(round(target * den / 100.0, 6)), 0)::BIGINT
         ELSE greatest(ceil(round(target * den / 100.0, 6)) - num, 0)::BIGINT END;

-- A task's status: done or late as set stand; else past its deadline → late; else as set; else by date
-- (before its plan year → not started, during it → in progress).
CREATE OR REPLACE MACRO task_status(chosen, deadline, today, plan_year) AS
    CASE WHEN chosen = 'done' THEN 'done'
         WHEN chosen = 'late' THEN 'late'
         WHEN deadline IS NOT NULL AND deadline < today THEN 'late'
         WHEN chosen IN ('in_progress', 'not_started') THEN chosen
         WHEN today < make_date(plan_year, 1, 1) THEN 'not_started'
         ELSE 'in_progress' END;


-- Per unit × KPI × year from the reported values, periods ending on or before `cutoff`:
-- flows summed over the periods of the kind that covers most of the year (quarters beat a 6-month
-- report plus …; ties: more periods), stocks from the latest period. Counts are summed only when every
-- chosen period has them; otherwise the latest reported percentage is kept (reported_pct), not summed.
CREATE OR REPLACE MACRO kpi_unit_year(cutoff) AS TABLE
WITH v AS (
    SELECT c.kpi_code, c.unit_id, c.period_start, c.period_end, c.numerator, c.denominator, c.reported_pct,
           c.level_mapped, c.service_level_raw, k.measure, p.year, p.kind AS period_kind, p.label AS period_label,
           datediff('day', c.period_start, c.period_end) + 1 AS days
    FROM kpi_current c
    JOIN kpi k USING (kpi_code)
    JOIN period p USING (period_start, period_end)
    WHERE c.period_end <= cutoff
),
flow_kind AS (
    SELECT unit_id, kpi_code, year, period_kind
    FROM v
    WHERE measure = 'flow'
    GROUP BY unit_id, kpi_code, year, period_kind
    QUALIFY row_number() OVER (PARTITION BY unit_id, kpi_code, year
                               ORDER BY sum(days) DESC, count(*) DESC, period_kind) = 1
),
flows AS (
    SELECT v.* FROM v SEMI JOIN flow_kind f USING (unit_id, kpi_code, year, period_kind)
),
stocks AS (
    SELECT * FROM v WHERE measure = 'stock'
    QUALIFY row_number() OVER (PARTITION BY unit_id, kpi_code, year ORDER BY period_end DESC, period_start DESC) = 1
),
chosen AS (
    SELECT * FROM flows UNION ALL SELECT * FROM stocks
)
SELECT unit_id, kpi_code, year,
       CASE WHEN count(numerator) = count(*) AND count(denominator) = count(*) THEN sum(numerator) END::BIGINT
           AS numerator,
       CASE WHEN count(numerator) = count(*) AND count(denominator) = count(*) THEN sum(denominator) END::BIGINT
           AS denominator,
       CASE WHEN count(numerator) < count(*) OR count(denominator) < count(*)
            THEN arg_max(coalesce(reported_pct, pct(numerator, denominator)), period_end) END AS reported_pct,
       count(*) AS periods,
       count(*) FILTER (WHERE period_kind = 'quarter') AS quarters,
       max(period_end) AS last_period_end,
       arg_max(period_label, period_end) AS last_label,
       bool_or(level_mapped) AS level_mapped,
       string_agg(DISTINCT service_level_raw, ', ') AS service_levels
FROM chosen
GROUP BY unit_id, kpi_code, year;

-- The two dossier KPIs per unit × year, from the quarterly Biểu 06 reports ending on or before `cutoff`.
CREATE OR REPLACE MACRO dossier_kpi_unit_year(cutoff) AS TABLE
WITH q AS (
    SELECT c.unit_id, p.year, c.period_end, p.label,
           sum(c.recv_online) AS recv_online, sum(c.recv_online + c.recv_offline) AS recv_new,
           sum(c.res_before + c.res_ontime) AS res_in_time, sum(c.res_total) AS res_total
    FROM dossier_current c
    JOIN period p USING (period_start, period_end)
    WHERE p.kind = 'quarter' AND c.period_end <= cutoff
    GROUP BY c.unit_id, p.year, c.period_end, p.label
),
y AS (
    SELECT unit_id, year, sum(recv_online) AS recv_online, sum(recv_new) AS recv_new,
           sum(res_in_time) AS res_in_time, sum(res_total) AS res_total, count(*) AS quarters,
           max(period_end) AS last_period_end, arg_max(label, period_end) AS last_label
    FROM q GROUP BY unit_id, year
)
SELECT unit_id, 'dossier_online' AS kpi_code, year, recv_online::BIGINT AS numerator, recv_new::BIGINT AS denominator,
       NULL::DOUBLE AS reported_pct, quarters AS periods, quarters, last_period_end, last_label,
       false AS level_mapped,
       NULL::VARCHAR AS service_levels
FROM y
UNION ALL
SELECT unit_id, 'dossier_on_time', year, res_in_time::BIGINT, res_total::BIGINT, NULL::DOUBLE, quarters, quarters,
       last_period_end, last_label, false, NULL::VARCHAR
FROM y;

-- Every KPI per unit × year: the dossier KPIs from Biểu 06 where the unit reported dossiers that year,
-- otherwise from reported values (e.g. "33/90 hồ sơ" in a plan appendix).
CREATE OR REPLACE MACRO kpi_unit_year_all(cutoff) AS TABLE
SELECT * FROM dossier_kpi_unit_year(cutoff)
UNION ALL BY NAME
SELECT k.* FROM kpi_unit_year(cutoff) k
ANTI JOIN dossier_kpi_unit_year(cutoff) d USING (unit_id, kpi_code, year);

-- Per KPI × year over the units `unit_ids` (NULL = every unit): numerators and denominators summed over
-- the units that reported counts; a unit that reported only a percentage is not rolled up — its
-- percentage stands alone only when it is the only unit (value_basis 'reported').
CREATE OR REPLACE MACRO kpi_year_totals(cutoff, unit_ids) AS TABLE
WITH t AS (
    SELECT kpi_code, year,
           sum(numerator) FILTER (WHERE numerator IS NOT NULL)::BIGINT AS numerator,
           sum(denominator) FILTER (WHERE numerator IS NOT NULL)::BIGINT AS denominator,
           count(*) FILTER (WHERE numerator IS NOT NULL) AS units_counted,
           count(*) FILTER (WHERE numerator IS NULL) AS units_reported_only,
           any_value(reported_pct) FILTER (WHERE numerator IS NULL) AS one_reported_pct,
           max(quarters) FILTER (WHERE numerator IS NOT NULL) AS quarters_done,
           coalesce(bool_and(periods = quarters) FILTER (WHERE numerator IS NOT NULL), false) AS by_quarter,
           bool_or(level_mapped) AS level_mapped,
           arg_max(last_label, last_period_end) AS last_label
    FROM kpi_unit_year_all(cutoff)
    WHERE unit_ids IS NULL OR list_contains(unit_ids, unit_id)
    GROUP BY kpi_code, year
)
SELECT *,
       CASE WHEN units_counted > 0 THEN pct(numerator, denominator)
            WHEN units_reported_only = 1 THEN one_reported_pct END AS actual_pct,
       CASE WHEN units_counted > 0 THEN 'counts' WHEN units_reported_only = 1 THEN 'reported' END AS value_basis
FROM t;

-- The target of each KPI × year for the units `unit_ids`: a unit's own target when exactly one unit is
-- chosen, otherwise (and failing that) the all-units target.
CREATE OR REPLACE MACRO target_for_units(unit_ids) AS TABLE
SELECT kpi_code, year, comparator, value, source_document, note
FROM target_current
WHERE unit_id IS NULL OR (len(coalesce(unit_ids, [])) = 1 AND unit_id = unit_ids[1])
QUALIFY row_number() OVER (PARTITION BY kpi_code, year ORDER BY unit_id NULLS LAST) = 1;

-- The tasks of the plans in force with their status on `today`: the latest status an analyst set, else the
-- file's, then macro task_status; due_soon = not done and the deadline within `due_days` days.
CREATE OR REPLACE MACRO plan_tasks_on(today, due_days) AS TABLE
WITH latest AS (
    SELECT owner_unit_id, plan_year, task_key, status, set_by, set_at, note
    FROM plan_task_status
    QUALIFY row_number() OVER (PARTITION BY owner_unit_id, plan_year, task_key ORDER BY set_at DESC) = 1
), tasks AS (
    SELECT t.*, s.status AS set_status, s.set_by, s.set_at, s.note AS set_note,
           task_status(coalesce(s.status, t.reported_status), t.deadline, today, t.plan_year) AS status
    FROM plan_task_current t
    LEFT JOIN latest s USING (owner_unit_id, plan_year, task_key)
)
SELECT *,
       coalesce(status IN ('not_started', 'in_progress') AND deadline BETWEEN today AND today + due_days, false)
           AS due_soon,
       CASE WHEN status = 'late' AND deadline < today THEN datediff('day', deadline, today) END AS days_overdue,
       datediff('day', today, deadline) AS days_left
FROM tasks;
