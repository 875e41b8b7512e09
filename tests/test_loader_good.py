"""Good fixtures, one per layout variant: exactly what the loader reads from each, and what it stores.

Numbers are hand-computed from the fixture sources (tests/fixtures/make_fixtures.py; the two example
workbooks are tabled in docs/domain.md, "Example workbooks").
"""

import unicodedata
from datetime import date

import openpyxl
import pytest

from vocabulary.columns import REQUIRED_COUNTS
from vocabulary.issues import ERROR, INFO, WARNING
from loaders.pipeline import commit_file, inspect_file


def c(*values, **optional):
    """Counts in form order (3)…(13): recv_total, online, offline, carry, res_total, before, ontime, late,
    proc_total, proc_ontime, proc_late; optional canonical counts by name."""
    assert len(values) == 11
    return dict(zip(REQUIRED_COUNTS, values)) | optional


def read(fixtures_dir, name, **kwargs):
    """The single dossier sheet of a fixture, read without a database."""
    path = fixtures_dir / name
    report = inspect_file(None, name, path.read_bytes(), **kwargs)
    assert [s.sheet for s in report.sheets] and len(report.sheets) == 1, report.issues
    return report, report.sheets[0]


def rows_by_label(sheet):
    return {row["label"]: row for row in sheet.rows}


def issues(report):
    return [(i.level, i.where(), i.message) for i in report.issues]


OFFICIAL_COLUMNS = dict(zip(REQUIRED_COUNTS, "CDEFGHIJKLM"))


def test_official_form_with_formulas(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_official_formulas_tu_phap_q2_2025.xlsx")
    assert issues(report) == []
    assert sheet.sheet == "Biểu 06"
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "Sở Tư pháp tỉnh Quảng Trị"
    assert sheet.rows_are_units is False
    assert (sheet.period.start, sheet.period.end) == (date(2025, 3, 15), date(2025, 6, 14))
    assert sheet.period_source == "dates"
    assert sheet.period.label == "Quý II/2025"
    assert sheet.columns == OFFICIAL_COLUMNS
    assert [r["label"] for r in sheet.rows] == [
        "Hộ tịch", "Chứng thực", "Lý lịch tư pháp", "Quốc tịch", "Luật sư", "Công chứng", "Đấu giá tài sản",
        "Trợ giúp pháp lý", "Giám định tư pháp"]
    rows = rows_by_label(sheet)
    # (3), (7), (11) are formulas: the cached values are read
    assert rows["Hộ tịch"]["counts"] == c(57, 38, 14, 5, 51, 27, 24, 0, 6, 6, 0)
    assert rows["Hộ tịch"]["row"] + 1 == 14
    assert rows["Lý lịch tư pháp"]["counts"] == c(2688, 1981, 492, 215, 2446, 1579, 860, 7, 242, 228, 14)
    assert rows["Giám định tư pháp"]["counts"] == c(*[0] * 11)
    assert sheet.totals == c(2885, 2062, 574, 249, 2604, 1647, 950, 7, 281, 266, 15)


def test_rollup_by_unit_keeps_unit_rows_only(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_rollup_by_unit_quang_tri_6thang_2025.xlsx")
    assert issues(report) == []
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "UBND tỉnh Quảng Trị"
    assert sheet.rows_are_units is True
    assert (sheet.period.start, sheet.period.end) == (date(2024, 12, 15), date(2025, 6, 14))
    assert (sheet.period.kind, sheet.period.label) == ("half", "6 tháng đầu năm 2025")
    labels = [r["label"] for r in sheet.rows]
    assert len(labels) == 16  # 10 departments + 6 communes; no "Tổng số", "Cấp tỉnh", "Cấp xã"
    assert labels[0] == "Sở Nội vụ" and labels[9] == "Sở Y tế"
    assert labels[10] == "UBND phường Đông Lương" and labels[15] == "UBND xã Hướng Phùng"
    assert not {"Tổng số", "Cấp tỉnh", "Cấp xã"} & set(labels)
    rows = rows_by_label(sheet)
    assert rows["Sở Tư pháp"]["counts"] == c(5187, 4014, 969, 204, 4906, 3063, 1829, 14, 281, 266, 15)
    assert rows["UBND xã Hướng Phùng"]["counts"] == c(622, 136, 483, 3, 609, 365, 238, 6, 13, 12, 1)
    assert sheet.totals == c(40551, 24134, 14423, 1994, 38260, 20443, 17324, 493, 2291, 2102, 189)
    # the rows alone add up to the totals row: nothing double-counted
    assert sum(r["counts"]["recv_total"] for r in sheet.rows) == 40551
    assert sum(r["counts"]["recv_online"] for r in sheet.rows) == 24134


def test_low_two_row_header_without_column_numbers(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_low_header_two_rows.xlsx")
    assert issues(report) == []
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "Sở Xây dựng tỉnh Hà Tĩnh"
    assert (sheet.period.start, sheet.period.end) == (date(2024, 9, 15), date(2024, 12, 14))
    assert sheet.period.label == "Quý IV/2024"
    assert sheet.columns == OFFICIAL_COLUMNS
    assert len(sheet.rows) == 4
    first = sheet.rows[0]
    assert (first["label"], first["row"] + 1) == ("Quy hoạch xây dựng, kiến trúc", 20)  # header rows 18–19
    assert first["counts"] == c(17, 12, 3, 2, 15, 10, 4, 1, 2, 2, 0)
    assert rows_by_label(sheet)["Hoạt động xây dựng"]["counts"] == c(206, 148, 37, 21, 184, 120, 61, 3, 22, 20, 2)
    assert sheet.totals == c(305, 227, 50, 28, 273, 172, 97, 4, 32, 30, 2)


def test_nfd_upper_case_headers_and_older_form_label(fixtures_dir):
    raw = openpyxl.load_workbook(fixtures_dir / "good_nfd_ii06a.xlsx")["Biểu 06"]
    assert raw["C10"].value == unicodedata.normalize("NFD", "TIẾP NHẬN")          # the file really is NFD
    assert raw["B14"].value == unicodedata.normalize("NFD", "Đất  đai") != "Đất  đai"
    report, sheet = read(fixtures_dir, "good_nfd_ii06a.xlsx")
    assert issues(report) == []
    assert sheet.form == "II.06a/VPCP/KSTT"
    assert sheet.reporting_unit == "Sở Tài nguyên và Môi trường tỉnh Hà Tĩnh"  # NFC, double space folded
    assert (sheet.period.start, sheet.period.end) == (date(2023, 12, 15), date(2024, 3, 14))
    assert sheet.columns == OFFICIAL_COLUMNS   # "TIẾP NHẬN", "SỐ LƯỢNG HỒ SƠ ĐÃ GIẢI QUYẾT", line breaks
    # NFD labels with line breaks, NBSP and runs of spaces come out NFC with single spaces
    assert [r["label"] for r in sheet.rows] == ["Đất đai", "Môi trường", "Tài nguyên nước", "Khoáng sản",
                                                 "Đo đạc và bản đồ"]
    assert [len(r["label"]) for r in sheet.rows] == [7, 10, 15, 10, 16]  # precomposed: one code point a letter
    assert sheet.rows[0]["row"] + 1 == 14   # the numeric column-number row 13 (1, 2, … 13) is skipped
    rows = rows_by_label(sheet)
    assert rows["Đất đai"]["counts"] == c(345, 210, 95, 40, 295, 150, 140, 5, 50, 45, 5)
    assert rows["Khoáng sản"]["counts"] == c(7, 4, 1, 2, 6, 2, 3, 1, 1, 0, 1)
    assert sheet.totals == c(397, 247, 104, 46, 342, 175, 161, 6, 55, 49, 6)


def test_system_export_flat_header_split_receipts_and_extra_columns(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_system_export.xlsx")
    assert sheet.sheet == "ThongKe"
    assert sheet.form == "system-export"
    assert sheet.reporting_unit == "Sở Giao thông vận tải tỉnh Hà Tĩnh"
    assert (sheet.period.start, sheet.period.end) == (date(2024, 6, 15), date(2024, 9, 14))
    # another column order; "Tỷ lệ đúng hạn (%)" (L) is mapped to nothing
    assert sheet.columns == {
        "recv_total": "C", "recv_carry": "D", "recv_online": "E", "recv_direct": "F", "recv_postal": "G",
        "res_total": "H", "res_before": "I", "res_ontime": "J", "res_late": "K",
        "proc_total": "M", "proc_ontime": "N", "proc_late": "O",
        "awaiting_supplement": "P", "returned_withdrawn": "Q"}
    # V4 gap of "Đường bộ" (485 − 452 − 30 = 3) is its Trả lại/Rút HS: no warning
    assert issues(report) == [(INFO, "ThongKe", "tệp không có cột \"Tiếp nhận trực tiếp, dịch vụ bưu chính\": "
                                                "giá trị được tính từ các cột thành phần.")]
    rows = rows_by_label(sheet)
    assert len(sheet.rows) == 3
    assert rows["Đường bộ"]["counts"] == c(485, 420, 47, 18, 452, 300, 150, 2, 30, 30, 0, recv_direct=35,
                                           recv_postal=12, awaiting_supplement=7, returned_withdrawn=3)
    assert rows["Đào tạo, sát hạch, cấp giấy phép lái xe"]["counts"] == c(
        1695, 1350, 250, 95, 1595, 1200, 390, 5, 100, 98, 2, recv_direct=210, recv_postal=40,
        awaiting_supplement=12, returned_withdrawn=0)
    assert sheet.totals == c(2202, 1785, 302, 115, 2067, 1510, 549, 8, 132, 130, 2, recv_direct=249,
                             recv_postal=53, awaiting_supplement=20, returned_withdrawn=3)


def test_text_numbers_dot_thousands_dash_and_blank(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_text_numbers.xlsx")
    assert issues(report) == []
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "Công an tỉnh Hà Tĩnh"
    assert (sheet.period.start, sheet.period.end) == (date(2024, 3, 15), date(2024, 6, 14))
    rows = rows_by_label(sheet)
    assert len(sheet.rows) == 4
    # "17.880", "15.452", "2.310", "118" …, "-" and "" are 0
    assert rows["Đăng ký, quản lý cư trú"]["counts"] == c(17880, 15452, 2310, 118, 17701, 12001, 5700, 0, 179, 179, 0)
    # "1 205" with a no-break space; "0" and "-"
    assert rows["Cấp, quản lý căn cước"]["counts"] == c(10205, 8964, 1205, 36, 10171, 9870, 301, 0, 34, 34, 0)
    # a real number cell among text ones, a blank cell, " - "
    assert rows["Xuất nhập cảnh"]["counts"] == c(1032, 1032, 0, 0, 1018, 998, 20, 0, 14, 14, 0)
    assert sheet.totals == c(29190, 25505, 3527, 158, 28956, 22909, 6046, 1, 234, 233, 1)


def test_period_from_label_not_from_signature_date(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_period_label_only.xlsx")
    # "Kỳ báo cáo: Quý III năm 2024" → 15/6–14/9; "Hà Tĩnh, ngày 16 tháng 9 năm 2024" is ignored
    assert (sheet.period.start, sheet.period.end) == (date(2024, 6, 15), date(2024, 9, 14))
    assert sheet.period_source == "label"
    assert sheet.period.label == "Quý III/2024"
    assert sheet.form == "06/VPCP/KSTT"
    raw = openpyxl.load_workbook(fixtures_dir / "good_period_label_only.xlsx")["Biểu 06"]
    assert [raw[ref].value for ref in ("A7", "H22")] == ["Kỳ báo cáo: Quý III năm 2024",
                                                          "Hà Tĩnh, ngày 16 tháng 9 năm 2024"]
    assert issues(report) == [(INFO, "Biểu 06!A7",
                               "kỳ báo cáo lấy theo tên kỳ, ngày theo quy ước 15→14: 15/06/2024 – 14/09/2024.")]
    assert sheet.reporting_unit == "Sở Văn hóa, Thể thao và Du lịch tỉnh Hà Tĩnh"
    assert [r["label"] for r in sheet.rows] == ["Văn hóa", "Thể dục thể thao", "Du lịch"]
    assert rows_by_label(sheet)["Du lịch"]["counts"] == c(38, 31, 4, 3, 34, 20, 14, 0, 4, 4, 0)
    assert sheet.totals == c(73, 57, 11, 5, 66, 40, 25, 1, 7, 7, 0)


def test_calendar_dates_on_second_sheet(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_calendar_dates_second_sheet.xlsx")
    assert sheet.sheet == "Biểu 06"   # the "Thông tin chung" sheet is not a dossier sheet
    assert sheet.form == "06/VPCP/KSTT"
    assert (sheet.period.start, sheet.period.end) == (date(2024, 7, 1), date(2024, 9, 30))  # kept as given
    assert sheet.period_source == "dates"
    assert sheet.period.is_calendar is True
    assert (sheet.period.kind, sheet.period.quarter) == ("quarter", 3)
    assert sheet.period.label == "Quý III/2024 (theo tháng dương lịch)"
    assert issues(report) == [(WARNING, "Biểu 06",
                               "kỳ báo cáo theo tháng dương lịch (01/07/2024 – 30/09/2024), khác quy ước 15→14; "
                               "số liệu được lưu đúng như báo cáo và ghi nhãn riêng."),
                              (INFO, "Thông tin chung",
                               "trang tính \"Thông tin chung\" không chứa bảng Báo cáo hồ sơ TTHC (Biểu 06) nên được "
                               "bỏ qua; kỳ báo cáo được lấy từ ô B3 của trang này.")]
    assert sheet.reporting_unit == "Sở Lao động - Thương binh và Xã hội tỉnh Hà Tĩnh"
    assert len(sheet.rows) == 3
    assert rows_by_label(sheet)["Người có công"]["counts"] == c(85, 45, 30, 10, 77, 50, 25, 2, 8, 7, 1)
    assert sheet.totals == c(134, 66, 53, 15, 121, 78, 41, 2, 13, 12, 1)


def test_csv_utf8_with_bom(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_csv_bom.csv")
    assert issues(report) == []
    assert sheet.sheet == "good_csv_bom"
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "Sở Y tế tỉnh Hà Tĩnh"   # no BOM left on the first cell
    assert (sheet.period.start, sheet.period.end) == (date(2023, 12, 15), date(2024, 6, 14))
    assert sheet.columns == OFFICIAL_COLUMNS
    # all four rows, the first one included (CSV cells are text: the header band stops at the first data row)
    assert [r["label"] for r in sheet.rows] == ["Khám bệnh, chữa bệnh", "Dược phẩm",
                                                 "An toàn thực phẩm và dinh dưỡng", "Trang thiết bị y tế"]
    assert sheet.rows[0]["row"] + 1 == 5
    assert sheet.rows[0]["counts"] == c(212, 140, 60, 12, 192, 150, 40, 2, 20, 18, 2)
    assert sheet.totals == c(697, 547, 100, 50, 640, 478, 154, 8, 57, 53, 4)


def test_total_row_on_top_and_cong_subtotals(fixtures_dir):
    report, sheet = read(fixtures_dir, "good_total_top_and_cong.xlsx")
    assert issues(report) == []   # the top total and both "Cộng" rows agree with their rows
    assert sheet.rows_are_units is True
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "UBND tỉnh Hà Tĩnh"
    assert (sheet.period.start, sheet.period.end) == (date(2024, 9, 15), date(2024, 12, 14))
    assert [r["label"] for r in sheet.rows] == ["Sở Xây dựng", "Sở Tư pháp", "Sở Y tế", "UBND huyện Cẩm Xuyên",
                                                 "UBND thị xã Kỳ Anh"]
    assert rows_by_label(sheet)["UBND thị xã Kỳ Anh"]["counts"] == c(1100, 650, 420, 30, 1062, 700, 360, 2, 38, 36, 2)
    assert sheet.totals == c(5340, 3477, 1620, 243, 5023, 3322, 1677, 24, 317, 301, 16)


def test_cong_subtotal_is_checked_against_its_section(fixtures_dir, tmp_path):
    """The same file with the first "Cộng" off by one: the error names that cell only."""
    wb = openpyxl.load_workbook(fixtures_dir / "good_total_top_and_cong.xlsx")
    ws = wb["Biểu 06"]
    assert (ws["B19"].value, ws["D19"].value) == ("Cộng", 2027)
    ws["D19"] = 2026
    wb.save(tmp_path / "cong.xlsx")
    report = inspect_file(None, "cong.xlsx", (tmp_path / "cong.xlsx").read_bytes())
    assert issues(report) == [(ERROR, "Biểu 06!D19", "dòng \"Cộng\": Tiếp nhận trực tuyến là 2.026 nhưng cộng các "
                                                    "dòng chi tiết được 2.027. Có dòng bị thiếu, thừa hoặc nhập sai.")]


# What each good file leaves in the warehouse: rows stored, Σ recv_total, Σ res_total (totals rows not stored).
STORED = [
    ("good_official_formulas_tu_phap_q2_2025.xlsx", 9, 2885, 2604),
    ("good_rollup_by_unit_quang_tri_6thang_2025.xlsx", 16, 40551, 38260),
    ("good_low_header_two_rows.xlsx", 4, 305, 273),
    ("good_nfd_ii06a.xlsx", 5, 397, 342),
    ("good_system_export.xlsx", 3, 2202, 2067),
    ("good_text_numbers.xlsx", 4, 29190, 28956),
    ("good_period_label_only.xlsx", 3, 73, 66),
    ("good_calendar_dates_second_sheet.xlsx", 3, 134, 121),
    ("good_csv_bom.csv", 4, 697, 640),
    ("good_total_top_and_cong.xlsx", 5, 5340, 5023),
]


@pytest.mark.parametrize("name, rows, recv_total, res_total", STORED)
def test_good_file_is_stored(db, fixtures_dir, name, rows, recv_total, res_total):
    report = inspect_file(db, name, (fixtures_dir / name).read_bytes())
    assert not report.has_errors
    stored = commit_file(db, report, loaded_by="pytest")
    assert [(s.batch_id, s.row_count) for s in stored] == [(1, rows)]
    assert db.execute("SELECT count(*), sum(recv_total), sum(res_total) FROM dossier_count").fetchone() == (
        rows, recv_total, res_total)
    assert db.execute("SELECT row_count, status, file_name FROM load_batch").fetchall() == [(rows, "active", name)]


def test_stored_split_receipts_and_optional_columns(db, fixtures_dir):
    name = "good_system_export.xlsx"
    commit_file(db, inspect_file(db, name, (fixtures_dir / name).read_bytes()), loaded_by="pytest")
    assert db.execute("""
        SELECT u.name, d.linh_vuc, d.recv_online, d.recv_direct, d.recv_postal, d.recv_offline,
               d.awaiting_supplement, d.returned_withdrawn, d.recv_online_full, d.source_row, b.form
        FROM dossier_count d JOIN unit u USING (unit_id) JOIN load_batch b USING (batch_id)
        ORDER BY d.source_row""").fetchall() == [
        ("Sở Giao thông vận tải", "Đường bộ", 420, 35, 12, 47, 7, 3, None, 7, "system-export"),
        ("Sở Giao thông vận tải", "Đường thủy nội địa", 15, 4, 1, 5, 1, 0, None, 8, "system-export"),
        ("Sở Giao thông vận tải", "Đào tạo, sát hạch, cấp giấy phép lái xe", 1350, 210, 40, 250, 12, 0, None, 9,
         "system-export"),
    ]


def test_stored_official_form_has_no_split_and_nfc_names(db, fixtures_dir):
    name = "good_nfd_ii06a.xlsx"
    commit_file(db, inspect_file(db, name, (fixtures_dir / name).read_bytes()), loaded_by="pytest")
    assert db.execute("SELECT count(*) FROM dossier_count WHERE recv_direct IS NULL AND recv_postal IS NULL "
                      "AND returned_withdrawn IS NULL").fetchone() == (5,)
    assert db.execute("SELECT linh_vuc FROM dossier_count ORDER BY source_row").fetchall() == [
        ("Đất đai",), ("Môi trường",), ("Tài nguyên nước",), ("Khoáng sản",), ("Đo đạc và bản đồ",)]
    assert db.execute("SELECT name, level FROM unit").fetchall() == [("Sở Tài nguyên và Môi trường", "so")]
    assert db.execute("SELECT form, period_start, period_end FROM load_batch").fetchall() == [
        ("II.06a/VPCP/KSTT", date(2023, 12, 15), date(2024, 3, 14))]
    assert db.execute("SELECT kind, label, year, quarter, is_calendar FROM period").fetchall() == [
        ("quarter", "Quý I/2024", 2024, 1, False)]
