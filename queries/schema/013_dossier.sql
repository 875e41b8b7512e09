-- Dossier-level lists (domain.md §8) and the working-day calendar they are measured with. Tables only.

-- One row per dossier record as a batch ("dossier_list" kind) carried it. A dossier is its code within its
-- receiving unit; a later export of the same dossier supersedes the earlier record: `is_current` marks the
-- record of the latest active batch (kept by loaders/dossier_list.py on load and on roll back), the earlier
-- ones stay as history. Nothing personal is stored (applicant, ID numbers, phone, e-mail, address, summary).
-- Dates keep their time of day; the counting rules compare calendar dates.
CREATE TABLE IF NOT EXISTS dossier (
    batch_id            INTEGER NOT NULL,
    unit_id             INTEGER NOT NULL,      -- the receiving / processing unit
    code                VARCHAR NOT NULL,      -- MaHoSo
    procedure_code      VARCHAR,               -- MaTTHC
    procedure_name      VARCHAR,               -- TenTTHC
    linh_vuc            VARCHAR,               -- TenLinhVuc (NULL: the export has no lĩnh vực)
    channel             TINYINT,               -- 1 trực tiếp, 2 trực tuyến, 3 BCCI; NULL: not said (counted direct)
    status              TINYINT,               -- 1–10 (domain.md §8.2); NULL: not recognised (a data error)
    received_at         TIMESTAMP,             -- NgayTiepNhan
    due_at              TIMESTAMP,             -- NgayHenTra (NULL: no due date)
    ended_at            TIMESTAMP,             -- NgayKetThucXuLy
    returned_at         TIMESTAMP,             -- NgayTra
    statutory_days      DOUBLE,                -- the procedure's time limit, working days (766 fallback)
    digitised           BOOLEAN,               -- HoSoCoThanhPhanSoHoa
    paid_online         BOOLEAN,               -- DuocThanhToanTrucTuyen
    fee_bearing         BOOLEAN,               -- the procedure charges a fee above 0
    e_result            BOOLEAN,               -- an electronic result is attached
    reused              BOOLEAN,               -- a component re-used from the data stores
    supplement_count    INTEGER,               -- supplement requests (DanhSachHoSoBoSung)
    supplement_first_at TIMESTAMP,             -- the first request
    data_error          VARCHAR,               -- why the record counts nowhere (NULL: sound)
    source_row          INTEGER,               -- row in the source file (1-based, as the analyst sees it)
    is_current          BOOLEAN NOT NULL DEFAULT true
);

-- Days the calendar of the `holidays` package gets wrong, or that an admin decides: the corrections shipped in
-- data/reference/ngay_lam_viec_dieu_chinh.csv (batch_id NULL) and those loaded as the "working_days" kind
-- (the latest active batch naming a day wins).
CREATE TABLE IF NOT EXISTS working_day_override (
    day         DATE NOT NULL,
    is_working  BOOLEAN NOT NULL,
    note        VARCHAR,
    source      VARCHAR,
    batch_id    INTEGER,
    source_row  INTEGER
);

-- The calendar in force, one row per day of the covered years: weekends, the package's holidays and make-up
-- Saturdays, then the overrides. `workday_no` counts working days from the first day covered, so working
-- days between two dates is a difference of two numbers. Rebuilt by loaders/working_days.refresh.
CREATE TABLE IF NOT EXISTS working_day (
    day         DATE PRIMARY KEY,
    is_working  BOOLEAN NOT NULL,
    workday_no  INTEGER NOT NULL,
    note        VARCHAR
);
