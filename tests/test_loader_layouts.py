"""What offices really send (issue 13 §2), read and stored through the path the command line and the upload page
use (loaders.pipeline inspect_file → commit_file) into a real DuckDB file.

Fixtures: tests/fixtures/layouts/, written by tests/fixtures/make_layout_fixtures.py (the hand-computed totals
asserted here are in its docstrings).
"""

from datetime import date
from pathlib import Path

import pytest

from accounts import system_account
from vocabulary.issues import ERROR, INFO, WARNING
from loaders.pipeline import RefusedFile, commit_file, inspect_file
from tests.test_loader_cli import cli

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
STORED = ("load_batch", "dossier_count", "unit", "unit_alias", "period")


def inspect(con, name, **kwargs):
    return inspect_file(con, name, (LAYOUTS / name).read_bytes(), **kwargs)


def load(con, name, **kwargs):
    report = inspect(con, name, **kwargs)
    assert not report.has_errors, [str(i) for i in report.issues]
    return report, commit_file(con, report, loaded_by="pytest", by=system_account("pytest"))


def said(report, level=None):
    return [(i.level, i.where(), i.message) for i in report.issues if level in (None, i.level)]


def batches(con):
    """(sheet, period_start, period_end, row_count) of every stored batch, in load order."""
    return con.execute("SELECT sheet, period_start, period_end, row_count FROM load_batch ORDER BY batch_id").fetchall()


def everything(con):
    return {t: sorted(con.cursor().table(t).fetchall(), key=repr) for t in STORED}


SUMS = ("sum(recv_total), sum(recv_online), sum(recv_offline), sum(recv_carry), sum(res_total), sum(res_before), "
        "sum(res_ontime), sum(res_late), sum(proc_total), sum(proc_ontime), sum(proc_late)")


# ---------------------------------------------------------------------------
# Notes, instructions, lists, a cover, charts and hidden sheets
# ---------------------------------------------------------------------------

def new_unit(sheet, names):
    return (WARNING, sheet, f"đơn vị mới sẽ được thêm vào danh mục: {names}. Nếu đây là đơn vị đã có nhưng viết khác, "
                            "hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")


SKIPPED = [(INFO, name, f"trang tính \"{name}\" không chứa bảng Báo cáo hồ sơ TTHC (Biểu 06) nên được bỏ qua.")
           for name in ("Bìa", "Ghi chú", "Hướng dẫn", "Danh sách", "Số liệu biểu đồ")] + [
    (INFO, "Biểu đồ", "trang tính \"Biểu đồ\" trống nên được bỏ qua.")]    # a chart sheet: no cells at all


def test_sheets_that_are_not_the_form_are_said_and_skipped_hidden_ones_named_and_left_unread(db):
    report, stored = load(db, "notes_and_hidden_sheets.xlsx")
    assert report.hidden_sheets == ["Biểu 06 (quý II)", "DM"]
    assert said(report) == [
        new_unit("Biểu 06", "Sở Xây dựng"),
        (WARNING, "Biểu 06 (quý II)",
         "trang tính ẩn \"Biểu 06 (quý II)\" có dạng báo cáo nhưng không được đọc. Nếu cần nạp, hãy đánh dấu \"Đọc cả "
         "trang tính ẩn\" (dòng lệnh: --include-hidden); nếu là bản cũ, hãy bỏ qua."),
        (INFO, "DM", "trang tính ẩn \"DM\" không được đọc (đánh dấu \"Đọc cả trang tính ẩn\" hoặc dùng "
                     "--include-hidden nếu cần)."),
        *SKIPPED]
    # the chart sheet "Biểu đồ" holds no cells: named as skipped, nothing read from it
    assert [(s.sheet, len(s.rows)) for s in report.sheets] == [("Biểu 06", 4)]
    assert [(s.batch_id, s.row_count) for s in stored] == [(1, 4)]
    assert batches(db) == [("Biểu 06", date(2024, 6, 15), date(2024, 9, 14), 4)]
    # XAY_DUNG_Q3: 95 = 68 + 21 + 6; 87 = 49 + 36 + 2; 8 = 8 + 0
    assert db.table("dossier_current").aggregate(SUMS).fetchall()[0] == (95, 68, 21, 6, 87, 49, 36, 2, 8, 8, 0)


def test_hidden_sheets_are_read_when_asked_for(db):
    report, stored = load(db, "notes_and_hidden_sheets.xlsx", include_hidden=True)
    assert [(s.sheet, s.period.label, len(s.rows)) for s in report.sheets] == [
        ("Biểu 06", "Quý III/2024", 4), ("Biểu 06 (quý II)", "Quý II/2024", 2)]
    # read in one file, Q2 and Q3 are compared (V5): Nhà ở left 1 pending in Q2, Q3 carries 2 over
    assert said(report) == [
        (WARNING, "Biểu 06!F16", "V5 – lĩnh vực \"Nhà ở\": số từ kỳ trước chuyển sang (2) khác số đang giải quyết cuối "
                                 "kỳ Quý II/2024 trong cùng tệp (1)."),
        new_unit("Biểu 06", "Sở Xây dựng")] + SKIPPED + [
        (INFO, "DM", "trang tính \"DM\" không chứa bảng Báo cáo hồ sơ TTHC (Biểu 06) nên được bỏ qua.")]
    assert batches(db) == [("Biểu 06", date(2024, 6, 15), date(2024, 9, 14), 4),
                           ("Biểu 06 (quý II)", date(2024, 3, 15), date(2024, 6, 14), 2)]
    # XAY_DUNG_Q2_OLD: 42 + 17 = 59 received, 39 + 16 = 55 resolved, 3 + 1 = 4 pending
    assert db.execute("SELECT period_start, sum(recv_total), sum(res_total), sum(proc_total) FROM dossier_current "
                      "GROUP BY ALL ORDER BY ALL").fetchall() == [(date(2024, 3, 15), 59, 55, 4),
                                                                (date(2024, 6, 15), 95, 87, 8)]


def test_a_file_whose_only_form_is_hidden_says_so():
    import io

    import openpyxl

    book = openpyxl.load_workbook(LAYOUTS / "notes_and_hidden_sheets.xlsx")
    book["Biểu 06"].sheet_state = "hidden"
    book.active = 0
    data = io.BytesIO()
    book.save(data)
    report = inspect_file(None, "chi_an.xlsx", data.getvalue())
    assert report.kind is None
    assert said(report, ERROR) == [(ERROR, "", "Tệp chi_an.xlsx: các trang tính đang hiện không có bảng số liệu nào; "
                                              "tệp có trang tính ẩn \"Biểu 06\", \"Biểu 06 (quý II)\", \"DM\" chưa được "
                                              "đọc. Nếu số liệu nằm ở đó, hãy đánh dấu \"Đọc cả trang tính ẩn\" (dòng "
                                              "lệnh: --include-hidden).")]


def test_a_sheet_that_looks_like_the_form_but_is_broken_is_an_error_at_its_cell_notes_are_not(db):
    before = everything(db)
    report = inspect(db, "broken_form_with_notes.xlsx")
    assert report.kind == "dossiers"
    assert said(report) == [
        (ERROR, "Biểu 06!C10",
         "trang tính có dạng Biểu số 06 (\"Số hồ sơ nhận giải quyết\") nhưng không tìm thấy dòng tiêu đề gồm cả "
         "\"Số hồ sơ nhận giải quyết\" và \"Số hồ sơ đã giải quyết\" trong 30 dòng đầu. Hãy sửa dòng tiêu đề theo "
         "đúng mẫu, hoặc xoá trang tính này nếu không phải báo cáo."),
        (INFO, "Ghi chú", "trang tính \"Ghi chú\" không chứa bảng Báo cáo hồ sơ TTHC (Biểu 06) nên được bỏ qua.")]
    with pytest.raises(RefusedFile):
        commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
    assert everything(db) == before


# ---------------------------------------------------------------------------
# Two tables in one sheet
# ---------------------------------------------------------------------------

def test_two_stacked_tables_are_two_batches_with_their_own_periods(db):
    report, stored = load(db, "stacked_two_quarters.xlsx")
    assert [(s.source, s.reporting_unit, s.header_row + 1) for s in report.sheets] == [
        ("Biểu 06", "Sở Nội vụ tỉnh Hà Tĩnh", 10), ("Biểu 06 (bảng 2, dòng 25)", "Sở Nội vụ tỉnh Hà Tĩnh", 25)]
    assert said(report) == [new_unit("Biểu 06", "Sở Nội vụ"), (INFO, "Biểu 06!A25", "bảng thứ 2 trong trang tính (tiêu đề từ dòng 25) được đọc thành "
                                                  "một lô riêng.")]
    assert [s.totals_match for s in report.sheets] == [True, True]
    assert [(s.row_count, s.replaced) for s in stored] == [(3, []), (4, [])]
    assert batches(db) == [("Biểu 06", date(2025, 3, 15), date(2025, 6, 14), 3),
                           ("Biểu 06 (bảng 2, dòng 25)", date(2025, 6, 15), date(2025, 9, 14), 4)]
    # NOI_VU_Q2: 15 + 82 + 15 = 112 = 108 + 4; NOI_VU_Q3: 12 + 92 + 12 + 9 = 125 = 121 + 4
    assert db.execute("SELECT period_start, count(*), sum(recv_total), sum(res_total), sum(proc_total), "
                      "sum(recv_carry) FROM dossier_current GROUP BY ALL ORDER BY ALL").fetchall() == [
        (date(2025, 3, 15), 3, 112, 108, 4, 5), (date(2025, 6, 15), 4, 125, 121, 4, 4)]
    assert db.execute("SELECT count(*) FROM unit").fetchone() == (1,)


def test_a_second_table_for_the_same_unit_and_period_is_named_in_an_error(db):
    before = everything(db)
    report = inspect(db, "stacked_same_period.xlsx")
    assert said(report, ERROR) == [
        (ERROR, "Biểu 06!A25",
         "bảng này (tiêu đề dòng 25) báo cáo cùng đơn vị \"Sở Nội vụ\" và cùng kỳ 15/03/2025 – 14/06/2025 với bảng ở "
         "trang tính \"Biểu 06\" dòng 10; chỉ một bảng được nạp cho mỗi đơn vị và kỳ. Hãy ghi kỳ báo cáo riêng ngay "
         "trên mỗi bảng (\"Từ ngày … đến ngày …\"), hoặc tách thành các tệp riêng.")]
    assert (INFO, "Biểu 06!A25", "bảng thứ 2 không ghi kỳ báo cáo riêng: lấy kỳ của bảng đầu "
                                 "(15/03/2025 – 14/06/2025).") in said(report)
    with pytest.raises(RefusedFile):
        commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
    assert everything(db) == before


# ---------------------------------------------------------------------------
# Four header rows
# ---------------------------------------------------------------------------

def test_four_header_rows_with_ket_qua_giai_quyet_and_tra_dung_thoi_han(db):
    report, stored = load(db, "four_header_rows_thanh_hoa_q3_2024.xlsx")
    (sheet,) = report.sheets
    assert sheet.columns == {
        "recv_total": "C", "recv_online": "D", "recv_direct": "E", "recv_postal": "F", "recv_carry": "G",
        "res_total": "H", "res_before": "I", "res_ontime": "J", "res_late": "K",
        "proc_total": "L", "proc_ontime": "M", "proc_late": "N", "awaiting_supplement": "O", "returned_withdrawn": "P"}
    assert sheet.rows_are_units and sheet.totals_match is True
    assert said(report) == [(INFO, "Thống kê", "tệp không có cột \"Tiếp nhận trực tiếp, dịch vụ bưu chính\": giá trị "
                                              "được tính từ các cột thành phần."),
                            new_unit("Thống kê", "Sở Tư pháp, Sở Xây dựng, UBND xã Quảng Phú")]
    assert batches(db) == [("Thống kê", date(2024, 6, 15), date(2024, 9, 14), 3)]
    assert db.table("dossier_current").aggregate(
        SUMS + ", sum(recv_direct), sum(recv_postal), sum(awaiting_supplement), sum(returned_withdrawn)").fetchall()[0] == (
        928, 630, 269, 29, 871, 540, 325, 6, 53, 50, 3, 235, 34, 10, 4)
    assert db.execute("SELECT u.name, recv_total, res_before, res_ontime, proc_ontime FROM dossier_current "
                      "JOIN unit u USING (unit_id) ORDER BY source_row").fetchall() == [
        ("Sở Tư pháp", 415, 250, 140, 20), ("Sở Xây dựng", 198, 90, 85, 18), ("UBND xã Quảng Phú", 315, 200, 100, 12)]


# ---------------------------------------------------------------------------
# Flat exports: unit and period on every row
# ---------------------------------------------------------------------------

FLAT_BATCHES = [("Sở Tư pháp", date(2024, 12, 15), 2, 1194), ("Sở Tư pháp", date(2025, 3, 15), 2, 1242),
                ("Sở Y tế", date(2024, 12, 15), 2, 366), ("Sở Y tế", date(2025, 3, 15), 2, 364)]


def per_batch(con):
    return con.execute("""
        SELECT u.name, c.period_start, count(*), sum(c.recv_total)
        FROM dossier_current c JOIN unit u USING (unit_id)
        GROUP BY u.name, c.period_start, c.batch_id ORDER BY c.batch_id, u.name""").fetchall()


def test_flat_export_xlsx_is_one_batch_per_unit_and_period(db):
    report, stored = load(db, "flat_export_one_stop.xlsx")
    assert [(s.reporting_unit, s.period.label, [r["label"] for r in s.rows]) for s in report.sheets] == [
        ("Sở Tư pháp tỉnh Hà Tĩnh", "Quý I/2025", ["Hộ tịch", "Lý lịch tư pháp"]),
        ("Sở Tư pháp tỉnh Hà Tĩnh", "Quý II/2025", ["Hộ tịch", "Lý lịch tư pháp"]),
        ("Sở Y tế tỉnh Hà Tĩnh", "Quý I/2025", ["Dược phẩm", "Khám bệnh, chữa bệnh"]),
        ("Sở Y tế tỉnh Hà Tĩnh", "Quý II/2025", ["Dược phẩm", "Khám bệnh, chữa bệnh"])]
    assert report.sheets[0].totals_match is True      # "Tổng cộng" (3.166) = the 8 rows
    assert said(report) == [
        (INFO, "DuLieu", "bảng có cột đơn vị và kỳ báo cáo trên từng dòng: 4 lô (đơn vị × kỳ), 8 dòng."),
        new_unit("DuLieu", "Sở Tư pháp"), new_unit("DuLieu", "Sở Y tế")]
    assert [s.row_count for s in stored] == [2, 2, 2, 2]
    assert per_batch(db) == FLAT_BATCHES
    assert db.execute("SELECT linh_vuc, recv_carry, proc_total FROM dossier_current JOIN unit u USING (unit_id) "
                      "WHERE u.name = 'Sở Tư pháp' ORDER BY period_start, linh_vuc").fetchall() == [
        ("Hộ tịch", 4, 5), ("Lý lịch tư pháp", 50, 60), ("Hộ tịch", 5, 3), ("Lý lịch tư pháp", 60, 62)]


def test_flat_export_csv_rows_are_units_one_batch_each(db):
    report, _ = load(db, "flat_export_database.csv")
    assert [(s.reporting_unit, s.period.label, len(s.rows), s.rows_are_units) for s in report.sheets] == [
        ("Sở Tư pháp tỉnh Hà Tĩnh", "Quý I/2025", 1, True), ("Sở Tư pháp tỉnh Hà Tĩnh", "Quý II/2025", 1, True),
        ("Sở Y tế tỉnh Hà Tĩnh", "Quý I/2025", 1, True), ("Sở Y tế tỉnh Hà Tĩnh", "Quý II/2025", 1, True),
        ("Công an tỉnh Hà Tĩnh", "Quý I/2025", 1, True), ("Công an tỉnh Hà Tĩnh", "Quý II/2025", 1, True)]
    assert per_batch(db) == [(unit, start, 1, received) for unit, start, _, received in FLAT_BATCHES] + [
        ("Công an tỉnh Hà Tĩnh", date(2024, 12, 15), 1, 80), ("Công an tỉnh Hà Tĩnh", date(2025, 3, 15), 1, 95)]
    assert db.execute("SELECT count(*), count(linh_vuc), sum(recv_total) FROM dossier_current").fetchone() == (6, 0, 3341)


def test_flat_export_rows_are_validated_like_reports_errors_at_their_cells(db):
    before = everything(db)
    lines = (LAYOUTS / "flat_export_database.csv").read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("Sở Tư pháp tỉnh Hà Tĩnh;Quý II/2025;2025-03-15;2025-06-14;1242;985;192;65;")
    lines[2] = lines[2].replace(";1242;", ";1243;")             # (3) is no longer 985 + 192 + 65
    lines[5] = lines[5].replace("2024-12-15", "15/13/2024")      # Công an Q1: there is no 13th month
    report = inspect_file(db, "sua.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    assert said(report, ERROR) == [
        (ERROR, "sua!C6", "\"15/13/2024\" không phải ngày (Từ ngày). Hãy ghi ngày dạng 15/06/2024."),
        (ERROR, "sua!E3", "V1 – \"Sở Tư pháp tỉnh Hà Tĩnh\": Tổng số hồ sơ nhận giải quyết là 1.243 nhưng tổng các "
                          "thành phần là 1.242 ((3) = (4) + (5) + (6)). Hãy kiểm tra lại các ô của dòng 3.")]
    with pytest.raises(RefusedFile):
        commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
    assert everything(db) == before


def test_flat_export_v5_against_stored_batches(db):
    load(db, "flat_export_one_stop.xlsx")
    lines = (LAYOUTS / "flat_export_database.csv").read_text(encoding="utf-8").splitlines()
    # a later quarter for Sở Tư pháp whose carried-over (70) is not Q2's pending (3 + 62 = 65)
    lines = lines[:1] + ["Sở Tư pháp tỉnh Hà Tĩnh;Quý III/2025;2025-06-15;2025-09-14;170;80;20;70;150;100;50;0;20;20;0"]
    report = inspect_file(db, "q3.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    assert not report.has_errors
    assert [(i.where(), i.message) for i in report.issues if i.message.startswith("V5")] == [
        ("q3!H2",
         "V5 – đơn vị: số từ kỳ trước chuyển sang (70) khác số đang giải quyết cuối kỳ Quý II/2025 đã lưu (65).")]


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------

def test_command_line_lists_each_batch_and_reads_hidden_sheets_on_request(db_file):
    flat, hidden = LAYOUTS / "flat_export_one_stop.xlsx", LAYOUTS / "notes_and_hidden_sheets.xlsx"
    done = cli(flat, hidden, "--db", db_file, "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (f"ĐÃ NẠP   {flat}: [DuLieu] 2 dòng, Sở Tư pháp tỉnh Hà Tĩnh, Quý I/2025 (15/12/2024 – 14/03/2025); "
                        "[DuLieu] 2 dòng, Sở Tư pháp tỉnh Hà Tĩnh, Quý II/2025 (15/03/2025 – 14/06/2025); "
                        "[DuLieu] 2 dòng, Sở Y tế tỉnh Hà Tĩnh, Quý I/2025 (15/12/2024 – 14/03/2025); "
                        "[DuLieu] 2 dòng, Sở Y tế tỉnh Hà Tĩnh, Quý II/2025 (15/03/2025 – 14/06/2025)")
    assert f"ĐÃ NẠP   {hidden}: [Biểu 06] 4 dòng, Sở Xây dựng tỉnh Hà Tĩnh, Quý III/2024 (15/06/2024 – 14/09/2024)" in lines
    assert ("    [cảnh báo] Biểu 06 (quý II): trang tính ẩn \"Biểu 06 (quý II)\" có dạng báo cáo nhưng không được đọc. "
            "Nếu cần nạp, hãy đánh dấu \"Đọc cả trang tính ẩn\" (dòng lệnh: --include-hidden); nếu là bản cũ, hãy bỏ qua."
            ) in lines
    assert lines[-1] == "Tổng: 2 tệp, 2 nạp được, 0 bị từ chối."

    again = cli(hidden, "--db", db_file, "--include-hidden", "-q")
    assert again.returncode == 0, again.stdout + again.stderr
    # the same bytes are already loaded: said, not stored twice — the hidden sheet is listed as read
    assert again.stdout.splitlines()[0] == (
        f"ĐÃ CÓ    {hidden}: [Biểu 06] 4 dòng, Sở Xây dựng tỉnh Hà Tĩnh, Quý III/2024 (15/06/2024 – 14/09/2024); "
        "[Biểu 06 (quý II)] 2 dòng, Sở Xây dựng tỉnh Hà Tĩnh, Quý II/2024 (15/03/2024 – 14/06/2024)")


def test_flat_export_replacing_one_stored_batch_is_compared_on_that_batch_alone(db):
    from charts.upload import replacement_frame

    good = Path(__file__).resolve().parent / "fixtures" / "good_official_formulas_tu_phap_q2_2025.xlsx"
    commit_file(db, inspect_file(db, good.name, good.read_bytes()), loaded_by="pytest", by=system_account("pytest"))
    report = inspect(db, "flat_export_one_stop.xlsx")
    # "Sở Tư pháp tỉnh Hà Tĩnh" is the unit "Sở Tư pháp" already stored for Q2/2025 (2.885 received)
    assert [(s.reporting_unit, s.period.label) for s in report.replacing] == [("Sở Tư pháp tỉnh Hà Tĩnh", "Quý II/2025")]
    frame = replacement_frame(report)
    assert frame[["Hồ sơ nhận giải quyết", "Đã giải quyết"]].values.tolist() == [["2.885", "2.604"], ["1.242", "1.177"]]
    _, stored = load(db, "flat_export_one_stop.xlsx")
    assert [s.replaced for s in stored] == [[], [1], [], []]


def test_one_column_for_before_and_on_time_is_refused_at_its_header_cell(db):
    before = everything(db)
    report = inspect(db, "one_column_tra_dung_thoi_han.xlsx")
    assert said(report) == [
        (ERROR, "Thống kê!I12", "cột \"Kết quả giải quyết / Số hồ sơ đã giải quyết / Trả đúng thời hạn\" gộp hồ sơ giải "
                               "quyết trước hạn và đúng hạn; Biểu 06 cần hai cột riêng \"Trước hạn\" và \"Đúng hạn\". "
                               "Hãy xuất lại bảng có tách hai cột này, hoặc chép số liệu vào mẫu Biểu số 06/VPCP/KSTT.")]
    with pytest.raises(RefusedFile):
        commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
    assert everything(db) == before


def test_stacked_tables_of_one_period_for_different_units_are_two_batches(db):
    report, stored = load(db, "stacked_by_level.xlsx")
    assert [(s.source, s.rows_are_units, s.period.label) for s in report.sheets] == [
        ("Tổng hợp", True, "Quý III/2024"), ("Tổng hợp (bảng 2, dòng 20)", True, "Quý III/2024")]
    assert said(report, INFO) == [
        (INFO, "Tổng hợp!A20", "bảng thứ 2 không ghi kỳ báo cáo riêng: lấy kỳ của bảng đầu (15/06/2024 – 14/09/2024)."),
        (INFO, "Tổng hợp!A20", "bảng thứ 2 trong trang tính (tiêu đề từ dòng 20) được đọc thành một lô riêng.")]
    assert [(s.row_count, s.replaced) for s in stored] == [(2, []), (2, [])]
    # PROVINCIAL: 125 + 94 = 219; COMMUNES: 92 + 103 = 195
    assert per_batch(db) == [("Sở Tư pháp", date(2024, 6, 15), 1, 125), ("Sở Y tế", date(2024, 6, 15), 1, 94),
                             ("UBND phường Bắc Hồng", date(2024, 6, 15), 1, 103),
                             ("UBND xã Kỳ Anh", date(2024, 6, 15), 1, 92)]


def test_flat_export_with_period_names_only(db):
    """Without "Từ ngày" / "Đến ngày", the "Kỳ báo cáo" of each row gives the period (15→14 convention)."""
    lines = (LAYOUTS / "flat_export_database.csv").read_text(encoding="utf-8").splitlines()
    cut = [";".join(field for i, field in enumerate(line.split(";")) if i not in (2, 3)) for line in lines]
    assert cut[1] == "Sở Tư pháp tỉnh Hà Tĩnh;Quý I/2025;1194;930;210;54;1129;720;398;11;65;63;2"
    report = inspect_file(db, "ky.csv", ("\n".join(cut) + "\n").encode("utf-8"))
    assert not report.has_errors
    assert [(s.reporting_unit, s.period.dates_text(), s.period_source) for s in report.sheets[:2]] == [
        ("Sở Tư pháp tỉnh Hà Tĩnh", "15/12/2024 – 14/03/2025", "label"),
        ("Sở Tư pháp tỉnh Hà Tĩnh", "15/03/2025 – 14/06/2025", "label")]
    assert (INFO, "ky", "kỳ báo cáo của các dòng chỉ ghi tên kỳ được tính theo quy ước 15→14.") in said(report)
    commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
    assert db.execute("SELECT count(DISTINCT batch_id), sum(recv_total) FROM dossier_current").fetchone() == (6, 3341)


def test_v5_between_the_periods_of_one_file():
    """Sở Y tế: Q1/2025 leaves 14 pending; its Q2 row says 15 carried over (and 365 received, so V1 holds)."""
    lines = (LAYOUTS / "flat_export_database.csv").read_text(encoding="utf-8").splitlines()
    assert lines[4] == "Sở Y tế tỉnh Hà Tĩnh;Quý II/2025;2025-03-15;2025-06-14;364;290;60;14;351;270;80;1;13;13;0"
    lines[4] = "Sở Y tế tỉnh Hà Tĩnh;Quý II/2025;2025-03-15;2025-06-14;365;290;60;15;351;270;80;1;13;13;0"
    report = inspect_file(None, "v5.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    assert not report.has_errors
    assert [(w, m) for _, w, m in said(report, WARNING) if m.startswith("V5")] == [
        ("v5!H5", "V5 – đơn vị: số từ kỳ trước chuyển sang (15) khác số đang giải quyết cuối kỳ Quý I/2025 trong cùng "
                  "tệp (14).")]
    # the fixtures as written: every period carries what the one before left pending
    for name in ("flat_export_one_stop.xlsx", "flat_export_database.csv", "stacked_two_quarters.xlsx"):
        assert not [i for i in inspect(None, name).issues if i.message.startswith("V5")], name


def test_flat_export_row_without_unit_or_repeated_is_an_error_at_its_cell():
    lines = (LAYOUTS / "flat_export_database.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("Sở Y tế tỉnh Hà Tĩnh", "")          # row 4: no unit (a CSV row of numbers alone was skipped)
    lines.append(lines[6])                                           # row 8 repeats row 7 (Công an, Q2)
    report = inspect_file(None, "thieu.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    assert said(report, ERROR) == [
        (ERROR, "thieu!A4", "dòng có số liệu nhưng không có tên lĩnh vực / đơn vị."),
        (ERROR, "thieu!A8", "\"Công an tỉnh Hà Tĩnh\" xuất hiện hai lần (dòng 7 và dòng 8). Hãy gộp thành một dòng.")]


def test_a_chart_sheet_is_named_as_skipped_and_the_report_beside_it_loads(db):
    import io

    import openpyxl
    from openpyxl.chart import BarChart, Reference

    from loaders.pipeline import commit_file, inspect_file
    from tests.make_hostile_fixtures import HOSTILE

    book = openpyxl.load_workbook(HOSTILE.parent / "store_tu_phap_q3_2025.xlsx")
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=3, min_row=14, max_row=16))
    book.create_chartsheet("Biểu đồ").add_chart(chart)
    buffer = io.BytesIO()
    book.save(buffer)
    report = inspect_file(db, "co_bieu_do.xlsx", buffer.getvalue())
    assert [str(i) for i in report.issues if i.sheet == "Biểu đồ"] == [
        "[thông tin] Biểu đồ: trang tính \"Biểu đồ\" trống nên được bỏ qua."]
    assert not report.has_errors
    (stored,) = commit_file(db, report, loaded_by="pytest")
    assert stored.row_count == 3


def test_a_period_header_without_a_unit_column_is_said_at_the_rows_not_raised(fixtures_dir):
    """Found by the long fuzz run (case 9374 of seed 1): a header cell reading "Từ ngày … đến ngày …" makes the table
    look like a flat export with a period column but no unit column; it raised TypeError. Each row is now told
    what it lacks, at its cell."""
    import csv
    import io

    from vocabulary.issues import ERROR
    from loaders.pipeline import inspect_file
    text = (fixtures_dir / "good_csv_bom.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    rows[3][2] = "Từ ngày 15/3/2025 đến ngày 14/6/2025"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    report = inspect_file(None, "good_csv_bom.csv", b"\xef\xbb\xbf" + out.getvalue().encode())
    errors = [(i.where(), i.message) for i in report.issues if i.level == ERROR]
    assert errors[0] == ("good_csv_bom!C5", "dòng không ghi kỳ báo cáo. Hãy điền kỳ báo cáo cho mọi dòng (hoặc nhập "
                                            "kỳ khi nạp tệp).")
    assert report.has_errors and len(errors) == len([i for i in report.issues if i.cell and "kỳ báo cáo" in i.message])
