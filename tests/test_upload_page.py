"""The "Nạp dữ liệu" page driven with real fixture workbooks: what it shows, and what it stores."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import queries
from tests.sample_db import ROOT

PAGE = str(ROOT / "pages" / "upload.py")
FIXTURES = ROOT / "tests" / "fixtures"
GOOD = FIXTURES / "good_official_formulas_tu_phap_q2_2025.xlsx"       # Sở Tư pháp Q2/2025, 2.885 received
CORRECTED = FIXTURES / "store_tu_phap_q2_2025_corrected.xlsx"         # same unit and period, corrected
WARNING_ONLY = FIXTURES / "rates" / "noi_vu_q3_2024_v4_gap.xlsx"       # a V4 gap: loads after confirmation
BAD = FIXTURES / "bad_negative_count.xlsx"                             # Biểu 06!F16: số âm (-3)
NO_PERIOD = FIXTURES / "bad_no_period.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _files(*paths: Path):
    return [(p.name, p.read_bytes(), XLSX) for p in paths]


def _stored(db):
    con = queries.connect(db)
    try:
        return (con.execute("SELECT * FROM load_batch ORDER BY ALL").fetchall(),
                con.execute("SELECT * FROM dossier_count ORDER BY ALL").fetchall())
    finally:
        con.close()


@pytest.fixture
def page(tmp_path, monkeypatch):
    db = tmp_path / "upload.duckdb"
    queries.connect(db).close()
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=60)
    monkeypatch.setenv("CCHC_DEMO", "0")   # an empty warehouse stays empty (no demo)
    return at.run(), db


def _markdown(at):
    return [m.value for m in at.markdown]


def _upload(at, *paths):
    """Choose files in the uploader that is on the page now (it is a new one after each load)."""
    at.file_uploader[0].set_value(_files(*paths)).run()
    return at


def _confirm_and_load(at):
    for box in at.checkbox:
        box.check()
    at.run()
    at.button(key="load").click().run()


def test_good_file_is_reviewed_then_loaded(page):
    at, db = page
    _upload(at, GOOD)
    assert not at.exception
    text = _markdown(at)
    # the directory is empty: the unit is new, which the analyst must confirm
    assert any("good_official_formulas_tu_phap_q2_2025.xlsx** — Có cảnh báo — cần xác nhận" in t for t in text)
    issues = at.table[0].value            # the issues as a table: each message whole
    assert list(issues["Mức"]) == ["Cảnh báo"]
    assert issues["Nội dung"][0].startswith("đơn vị mới sẽ được thêm vào danh mục: Sở Tư pháp.")
    assert any("Kỳ báo cáo: Quý II/2025 (15/03/2025 – 14/06/2025, ghi trong biểu)" in t for t in text)
    assert any("9 dòng số liệu · dòng tổng khớp với các dòng chi tiết" in t for t in text)
    rows = at.dataframe[0].value          # the rows read
    assert list(rows["Lĩnh vực"])[:2] == ["Hộ tịch", "Chứng thực"]
    assert rows["Tổng số hồ sơ nhận giải quyết"].sum() == 2885
    assert _stored(db) == ([], [])        # nothing is written before "Nạp"
    assert at.button(key="load").disabled
    _confirm_and_load(at)
    assert not at.exception
    assert "lô số 1: 9 dòng, Quý II/2025" in at.success[0].value
    batches, rows = _stored(db)
    assert len(batches) == 1 and len(rows) == 9
    assert batches[0][9] == "người dùng cục bộ"          # loaded_by
    assert at.file_uploader[0].value in (None, [])     # the list of files starts empty again
    # the same file again is recognised and not loaded twice
    _upload(at, GOOD)
    assert any("Đã nạp trước đó" in t for t in _markdown(at))
    assert at.button(key="load").disabled


def test_bad_file_cannot_be_loaded_and_its_cell_is_named(page):
    at, db = page
    _upload(at, BAD)
    assert not at.exception
    issues = at.table[0].value
    assert ("Lỗi", "Biểu 06!F16") in list(zip(issues["Mức"], issues["Vị trí"]))
    assert any("số âm (-3) không hợp lệ" in m for m in issues["Nội dung"])
    assert at.button(key="load").disabled
    assert _stored(db) == ([], [])


def test_warning_needs_a_confirmation(page):
    at, db = page
    _upload(at, WARNING_ONLY)
    assert any("Có cảnh báo — cần xác nhận" in t for t in _markdown(at))
    assert at.button(key="load").disabled
    at.checkbox[0].check().run()
    assert not at.button(key="load").disabled
    at.button(key="load").click().run()
    assert len(_stored(db)[0]) == 1


def test_missing_period_is_typed_by_the_analyst(page):
    at, db = page
    _upload(at, NO_PERIOD)
    assert at.button(key="load").disabled
    next(t for t in at.text_input if t.key.startswith("period_")).input("Quý I/2024").run()
    assert not at.exception
    assert any("Kỳ báo cáo: Quý I/2024 (15/12/2023 – 14/03/2024, do người nạp nhập)" in t for t in _markdown(at))
    _confirm_and_load(at)
    batches, _ = _stored(db)
    assert [(str(b[6]), str(b[7])) for b in batches] == [("2023-12-15", "2024-03-14")]


def test_replacement_is_announced_with_old_and_new_totals(page):
    at, db = page
    _upload(at, GOOD)
    _confirm_and_load(at)
    _upload(at, CORRECTED)
    assert not at.exception
    assert any("Thay thế số liệu đã nạp — cần xác nhận" in t for t in _markdown(at))
    assert at.button(key="load").disabled
    assert at.checkbox[0].label == "Tôi đồng ý thay thế số liệu đã nạp cho cùng đơn vị và kỳ."
    assert any("sẽ **thay thế** số liệu đã nạp" in w.value for w in at.warning)
    compared = at.dataframe[0].value
    assert list(compared["Số liệu"]) == ["Lô cũ số 1 — good_official_formulas_tu_phap_q2_2025.xlsx",
                                         "Tệp mới — store_tu_phap_q2_2025_corrected.xlsx"]
    assert list(compared["Hồ sơ nhận giải quyết"]) == ["2.885", "2.885"]
    _confirm_and_load(at)
    assert "thay thế lô 1" in at.success[0].value
    statuses = [b[11] for b in _stored(db)[0]]
    assert statuses == ["replaced", "active"]


def test_template_download_offers_every_kind(page):
    at, _ = page
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Bảng điểm chỉ số", "Số liệu KPI", "Chỉ tiêu", "Nhiệm vụ kế hoạch", "Danh mục đơn vị",
                      "Danh sách hồ sơ", "Điều chỉnh ngày làm việc", "Tải mẫu biểu"]


def test_sheet_view_starts_near_the_problem_cell():
    from charts.upload import sheet_with_issues
    from loaders.pipeline import inspect_file
    report = inspect_file(None, BAD.name, BAD.read_bytes())
    styled = sheet_with_issues(report.grids["Biểu 06"], report.issues, "Biểu 06")
    frame = styled.data
    assert frame.index[0] == 10                       # six rows above row 16, the negative count
    assert frame.loc[16, "F"] == "-3"
    html = styled.to_html()
    assert "background-color: #f8c9c2" in html


SAMPLE = ROOT / "data" / "sample"
SCORES = SAMPLE / "chi_so" / "chi_so_cap_so_quang_tri_minh_hoa.xlsx"
TARGETS = SAMPLE / "ke_hoach" / "chi_tieu_2025.xlsx"
PLAN = ROOT / "tests" / "fixtures" / "ke_hoach_nhiem_vu_cchc_2021.xlsx"


def test_table_kinds_are_recognised_reviewed_and_loaded(page):
    at, db = page
    _upload(at, SCORES, TARGETS, PLAN, BAD)
    assert [s.value for s in at.selectbox if s.label == "Loại số liệu"] == ["scores", "targets", "plan_tasks",
                                                                            "dossiers"]
    text = "\n".join(_markdown(at))
    assert "Điểm chỉ số" in text and "Chỉ tiêu kế hoạch" in text and "Nhiệm vụ kế hoạch" in text
    _confirm_and_load(at)
    con = queries.connect(db)
    try:
        kinds_loaded = con.execute("SELECT kind, count(*) FROM load_batch WHERE status = 'active' GROUP BY kind "
                                   "ORDER BY kind").fetchall()
        tasks = con.execute("SELECT count(*) FROM plan_task_current").fetchone()[0]
    finally:
        con.close()
    assert kinds_loaded == [("plan_tasks", 1), ("scores", 1), ("targets", 1)]
    assert tasks == 26            # the appendix's 26 tasks, as the loader reads them (test_kinds)
    assert "Đã nạp xong" in at.success[0].value
    assert at.warning[-1].value == ("Không nạp:  \nbad_negative_count.xlsx: không nạp — tệp có lỗi (xem các ô được "
                                    "đánh dấu).")


def test_the_kind_can_be_corrected_on_the_page(page):
    at, db = page
    _upload(at, TARGETS)
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Loại số liệu")).set_value("scores").run()
    assert any("không tìm thấy bảng \"Điểm chỉ số\"" in str(v) for v in at.table[0].value["Nội dung"])
    assert at.button(key="load").disabled


LAYOUTS = FIXTURES / "layouts"


def test_hidden_sheets_are_named_and_read_only_when_ticked_notes_sheets_are_skipped(page):
    at, db = page
    _upload(at, LAYOUTS / "notes_and_hidden_sheets.xlsx")
    assert not at.exception
    hidden = next(box for box in at.checkbox if box.key.startswith("hidden_"))
    assert hidden.label == "Đọc cả trang tính ẩn (\"Biểu 06 (quý II)\", \"DM\")" and hidden.value is False
    issues = at.table[0].value            # the issues as a table: each message whole
    assert list(zip(issues["Mức"], issues["Vị trí"])) == [
        ("Cảnh báo", "Biểu 06"), ("Cảnh báo", "Biểu 06 (quý II)"), ("Thông tin", "DM"), ("Thông tin", "Bìa"),
        ("Thông tin", "Ghi chú"), ("Thông tin", "Hướng dẫn"), ("Thông tin", "Danh sách"),
        ("Thông tin", "Số liệu biểu đồ"), ("Thông tin", "Biểu đồ")]
    assert issues["Nội dung"][1].startswith("trang tính ẩn \"Biểu 06 (quý II)\" có dạng báo cáo nhưng không được đọc.")
    assert [t for t in _markdown(at) if t.startswith("Trang tính **")] == [
        "Trang tính **Biểu 06**: Biểu số 06/VPCP/KSTT  \nĐơn vị: Sở Xây dựng tỉnh Hà Tĩnh · Kỳ báo cáo: Quý III/2024 "
        "(15/06/2024 – 14/09/2024, ghi trong biểu)  \n4 dòng số liệu · dòng tổng khớp với các dòng chi tiết"]

    hidden.check().run()
    assert not at.exception
    assert [t.split("  \n")[0] for t in _markdown(at) if t.startswith("Trang tính **")] == [
        "Trang tính **Biểu 06**: Biểu số 06/VPCP/KSTT", "Trang tính **Biểu 06 (quý II)**: Biểu số 06/VPCP/KSTT"]
    assert _stored(db) == ([], [])
    _confirm_and_load(at)
    assert not at.exception
    assert at.success[0].value == ("Đã nạp xong:  \nnotes_and_hidden_sheets.xlsx: lô số 1: 4 dòng, Quý III/2024; "
                                   "lô số 2: 2 dòng, Quý II/2024.")
    con = queries.connect(db)
    try:
        assert con.execute("SELECT b.batch_id, b.sheet, b.row_count, sum(c.recv_total) FROM load_batch b JOIN "
                           "dossier_count c USING (batch_id) GROUP BY ALL ORDER BY 1").fetchall() == [
            (1, "Biểu 06", 4, 95), (2, "Biểu 06 (quý II)", 2, 59)]
    finally:
        con.close()


def test_flat_export_lists_one_batch_per_unit_and_period(page):
    at, db = page
    _upload(at, LAYOUTS / "flat_export_one_stop.xlsx")
    assert not at.exception
    assert [t for t in _markdown(at) if t.startswith("Trang tính **")] == [
        "Trang tính **DuLieu**, lô theo dòng: Sở Tư pháp tỉnh Hà Tĩnh · Quý I/2025 (15/12/2024 – 14/03/2025) · 2 dòng số liệu",
        "Trang tính **DuLieu**, lô theo dòng: Sở Tư pháp tỉnh Hà Tĩnh · Quý II/2025 (15/03/2025 – 14/06/2025) · 2 dòng số liệu",
        "Trang tính **DuLieu**, lô theo dòng: Sở Y tế tỉnh Hà Tĩnh · Quý I/2025 (15/12/2024 – 14/03/2025) · 2 dòng số liệu",
        "Trang tính **DuLieu**, lô theo dòng: Sở Y tế tỉnh Hà Tĩnh · Quý II/2025 (15/03/2025 – 14/06/2025) · 2 dòng số liệu"]
    # the rows read, one table per batch, each titled
    assert [c.value for c in at.caption if " · Quý " in c.value] == [
        "DuLieu: Sở Tư pháp tỉnh Hà Tĩnh · Quý I/2025", "DuLieu: Sở Tư pháp tỉnh Hà Tĩnh · Quý II/2025",
        "DuLieu: Sở Y tế tỉnh Hà Tĩnh · Quý I/2025", "DuLieu: Sở Y tế tỉnh Hà Tĩnh · Quý II/2025"]
    _confirm_and_load(at)
    assert not at.exception
    assert at.success[0].value == (
        "Đã nạp xong:  \nflat_export_one_stop.xlsx: lô số 1: 2 dòng, Sở Tư pháp tỉnh Hà Tĩnh, Quý I/2025; lô số 2: 2 dòng, "
        "Sở Tư pháp tỉnh Hà Tĩnh, Quý II/2025; lô số 3: 2 dòng, Sở Y tế tỉnh Hà Tĩnh, Quý I/2025; lô số 4: 2 dòng, "
        "Sở Y tế tỉnh Hà Tĩnh, Quý II/2025.")
    assert len(_stored(db)[1]) == 8
