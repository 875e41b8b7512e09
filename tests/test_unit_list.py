"""The unit directory as a kind of file (loaders/unit_list.py): units with level, parent, code, validity and the 2025
lineage; names that keep their level; the template loads back. Fixtures: tests/fixtures/province/."""

from pathlib import Path

import pytest

from accounts import system_account
from loaders import province
from vocabulary.issues import ERROR
from loaders.pipeline import commit_file, inspect_file
from loaders.store import CannotRollBack, roll_back
from reports.unit_template import unit_list_template
from tests.warehouse_state import fingerprint

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "province"
ADMIN = system_account("pytest")


@pytest.fixture
def home(db):
    province.set_home_province(db, "Quảng Trị", by=ADMIN)
    return db


def load(con, name, data=None):
    report = inspect_file(con, name, data if data is not None else (FIXTURES / name).read_bytes())
    assert not report.has_errors, report.issues
    return report, commit_file(con, report, loaded_by="pytest", by=ADMIN)


def directory(con):
    return con.execute("SELECT u.name, u.level, p.name, u.code, u.valid_from, u.valid_to FROM unit u "
                       "LEFT JOIN unit p ON p.unit_id = u.parent_id ORDER BY u.unit_id").fetchall()


def lineage(con):
    return con.execute("SELECT o.name, n.name, strftime(effective_date, '%d/%m/%Y') FROM unit_lineage "
                       "JOIN unit o ON o.unit_id = old_unit_id JOIN unit n ON n.unit_id = new_unit_id "
                       "ORDER BY ALL").fetchall()


def test_a_directory_file_adds_units_parents_codes_and_the_2025_lineage(home):
    from datetime import date
    report, stored = load(home, "danh_muc_don_vi_vinh_linh.xlsx")
    assert report.kind == "units"
    assert report.tables[0].summary == {"Số đơn vị": 11, "Xã, phường": 7, "Sở, ban, ngành": 1, "Có sáp nhập": 5}
    end, new = date(2025, 6, 30), date(2025, 7, 1)
    qt = "UBND tỉnh Quảng Trị"
    assert directory(home) == [
        (qt, "tinh", None, "H50", None, None),
        ("Sở Tư pháp", "so", qt, "000.00.01.H50", None, None),
        ("Trung tâm Phục vụ hành chính công tỉnh", "pvhcc", qt, None, None, None),
        ("UBND huyện Vĩnh Linh", "huyen", qt, None, None, end),
        ("UBND thị trấn Hồ Xá", "xa", "UBND huyện Vĩnh Linh", None, None, end),
        ("UBND xã Vĩnh Long", "xa", "UBND huyện Vĩnh Linh", None, None, end),
        ("UBND xã Vĩnh Chấp", "xa", "UBND huyện Vĩnh Linh", None, None, end),
        ("UBND thị trấn Cửa Tùng", "xa", "UBND huyện Vĩnh Linh", None, None, end),   # from its merger date
        ("UBND xã Vĩnh Linh", "xa", qt, "19001", new, None),
        ("UBND xã Cửa Tùng", "xa", qt, "19002", new, None),
        ("UBND xã Vĩnh Hoàng", "xa", qt, "19003", new, None)]
    assert lineage(home) == [
        ("UBND huyện Vĩnh Linh", "UBND xã Cửa Tùng", "01/07/2025"),
        ("UBND huyện Vĩnh Linh", "UBND xã Vĩnh Hoàng", "01/07/2025"),
        ("UBND huyện Vĩnh Linh", "UBND xã Vĩnh Linh", "01/07/2025"),
        ("UBND thị trấn Cửa Tùng", "UBND xã Cửa Tùng", "01/07/2025"),
        ("UBND thị trấn Hồ Xá", "UBND xã Vĩnh Linh", "01/07/2025"),
        ("UBND xã Vĩnh Chấp", "UBND xã Vĩnh Linh", "01/07/2025"),
        ("UBND xã Vĩnh Long", "UBND xã Vĩnh Linh", "01/07/2025")]
    # the load history shows the file's rows; a directory batch is not rolled back
    from charts.manage import batch_rows_table, rows_query
    import queries
    rows = queries.run(home, rows_query("units"), batch_id=stored[0].batch_id)
    shown = batch_rows_table(rows, "units")
    assert list(shown.iloc[3]) == [7, "UBND huyện Vĩnh Linh", "Huyện", "UBND tỉnh Quảng Trị", "—", "—", "30/06/2025",
                                   "UBND xã Vĩnh Linh; UBND xã Cửa Tùng; UBND xã Vĩnh Hoàng"]
    before = fingerprint(home)
    with pytest.raises(CannotRollBack, match=f"Lô số {stored[0].batch_id} là danh mục đơn vị "
                                             r"\(danh_muc_don_vi_vinh_linh.xlsx\): không hoàn tác được"):
        roll_back(home, stored[0].batch_id, by=ADMIN)
    assert fingerprint(home) == before


def test_a_bad_directory_is_refused_cell_by_cell_and_changes_nothing(home):
    load(home, "danh_muc_don_vi_vinh_linh.xlsx")
    before = fingerprint(home)
    report = inspect_file(home, "danh_muc_don_vi_loi.xlsx", (FIXTURES / "danh_muc_don_vi_loi.xlsx").read_bytes())
    assert [(i.cell, i.message) for i in report.issues if i.level == ERROR] == [
        ("B4", "\"xã Cửa Tùng\" là đơn vị cấp \"Xã, phường\": tên cần ghi kèm cấp và cơ quan như trong báo cáo (\"UBND "
               "xã …\", \"UBND phường …\" hoặc \"UBND đặc khu …\"), ví dụ \"UBND xã Cửa Tùng\"."),
        ("C5", "cấp \"Thôn\" không rõ — ghi một trong: \"Tỉnh\", \"Sở / ban, ngành\", \"Trung tâm PVHCC\", \"Huyện\", "
               "\"Xã, phường\", \"Phòng\", \"Đơn vị khác\"."),
        ("G6", "hiệu lực đến 01/01/2025 trước hiệu lực từ 01/07/2025."),
        ("D6", "đơn vị cấp trên \"UBND huyện Không Có\" không có trong tệp và trong danh mục — thêm một dòng cho đơn "
               "vị đó."),
        ("H7", "đơn vị tiếp nhận \"UBND xã Vĩnh Thủy\" không có trong tệp và trong danh mục — thêm một dòng cho đơn "
               "vị đó."),
        ("I7", "có \"Sáp nhập vào\" nhưng không có \"Ngày sáp nhập\" hoặc \"Hiệu lực đến\" — ghi ngày sáp nhập có hiệu "
               "lực (ví dụ 01/07/2025)."),
        ("B8", "\"Sở Tư pháp tỉnh Hà Tĩnh\" là đơn vị của tỉnh Hà Tĩnh, còn hệ thống này theo dõi tỉnh Quảng Trị: danh "
               "mục chỉ gồm đơn vị của tỉnh Quảng Trị và của tỉnh cũ đã hợp nhất vào tỉnh Quảng Trị."),
        ("B9", "\"UBND xã Vĩnh Linh\" đã có ở dòng 6 — mỗi đơn vị một dòng.")]
    with pytest.raises(Exception):
        commit_file(home, report, loaded_by="pytest", by=ADMIN)
    assert fingerprint(home) == before


def test_the_template_is_the_directory_and_loads_back_with_a_change_previewed(home):
    load(home, "danh_muc_don_vi_vinh_linh.xlsx")
    import queries
    columns = ("name", "level", "parent_name", "code", "valid_from", "valid_to")
    units = [dict(zip(columns, r)) for r in queries.rows(home, "unit_list_rows")]
    units[-1]["code"] = "19099"         # the admin corrects one code (the last in order: UBND xã Vĩnh Long)
    report = inspect_file(home, "mau_danh_muc_don_vi.xlsx", unit_list_template(units))
    assert report.kind == "units" and not report.has_errors, report.issues
    assert report.replaces.to_dict("records") == [{
        "Đơn vị": units[-1]["name"], "Cấp đang lưu": "xa", "Cấp theo tệp": "xa", "Mã đang lưu": "—",
        "Mã theo tệp": "19099", "Hiệu lực đến (đang lưu)": "30/06/2025", "Hiệu lực đến (theo tệp)": "30/06/2025"}]
    before = directory(home)
    commit_file(home, report, loaded_by="pytest", by=ADMIN)
    changed = [a for a, b in zip(directory(home), before) if a != b]
    assert [(name, code) for name, _, _, code, _, _ in changed] == [(units[-1]["name"], "19099")]


def test_a_department_of_the_merged_province_is_its_own_unit_and_its_reports_load_into_it(home):
    import openpyxl
    import io
    load(home, "danh_muc_don_vi_vinh_linh.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(["Tên đơn vị", "Cấp", "Hiệu lực đến", "Sáp nhập vào"])
    wb.active.append(["Sở Tư pháp tỉnh Quảng Bình", "Sở", "30/06/2025", "Sở Tư pháp"])
    buffer = io.BytesIO()
    wb.save(buffer)
    load(home, "so_cu_quang_binh.xlsx", buffer.getvalue())
    assert ("Sở Tư pháp tỉnh Quảng Bình", "Sở Tư pháp", "01/07/2025") in lineage(home)
    _, stored = load(home, "tu_phap_quang_binh_q1_2025.xlsx")     # accepted: that spelling is a unit now
    assert home.execute("SELECT DISTINCT u.name FROM dossier_current JOIN unit u USING (unit_id)").fetchall() == [
        ("Sở Tư pháp tỉnh Quảng Bình",)]
