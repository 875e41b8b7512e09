"""The province the installation serves: a report of another province is refused, unless its spelling is mapped.

Fixtures: tests/fixtures/province/ (make_province_fixtures.py). Each report holds 60 received dossiers (Hộ tịch 40,
Chứng thực 20)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import queries
from accounts import ANALYST, Account, NotAllowed, system_account
from loaders import directory, province
from vocabulary.issues import ERROR
from loaders.pipeline import commit_file, inspect_file
from tests.warehouse_state import fingerprint

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "province"
ADMIN = system_account("pytest")


def inspect(con, name):
    return inspect_file(con, name, (FIXTURES / name).read_bytes())


def errors(report):
    return [(i.sheet, i.cell, i.message) for i in report.issues if i.level == ERROR]


def received(con):
    return con.execute("SELECT u.name, sum(recv_total) FROM dossier_current JOIN unit u USING (unit_id) "
                       "GROUP BY ALL ORDER BY ALL").fetchall()


@pytest.fixture
def home(db):
    province.set_home_province(db, "Quảng Trị", by=ADMIN)
    return db


@pytest.mark.parametrize("name, found", [
    ("Sở Tư pháp tỉnh Hà Tĩnh", "Hà Tĩnh"),
    ("UBND xã Kỳ Anh, tỉnh Hà Tĩnh", "Hà Tĩnh"),
    ("SỞ Y TẾ TỈNH THANH HÓA", "Thanh Hóa"),
    ("Sở Tư pháp thành phố Hà Nội", "Hà Nội"),
    ("Sở Nội vụ TP Hồ Chí Minh", "Hồ Chí Minh"),
    ("Sở Tư pháp tỉnh Quảng Trị", "Quảng Trị"),
    ("UBND thành phố Đông Hà", None),          # a former city of Quảng Trị, not a province
    ("Trung tâm Phục vụ hành chính công tỉnh", None),
    ("Thanh tra tỉnh", None),
    ("UBND phường Đông Hà", None),
])
def test_the_province_a_unit_name_ends_with(name, found):
    assert province.province_named(name) == found


def test_the_governing_body_line_names_its_province():
    assert province.authority_named("UBND TỈNH HÀ TĨNH") == "Hà Tĩnh"
    assert province.authority_named("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ") == "Quảng Trị"
    assert province.authority_named("UBND HUYỆN GIO LINH") is None


def test_without_a_home_province_nothing_is_checked(db):
    report = inspect(db, "tu_phap_ha_tinh_q3_2025.xlsx")
    assert errors(report) == []


def test_a_department_of_another_province_is_refused_naming_file_cell_and_both_provinces(home):
    before = fingerprint(home)
    report = inspect(home, "tu_phap_ha_tinh_q3_2025.xlsx")
    assert errors(report) == [(
        "Biểu 06", "A3",
        "Tệp tu_phap_ha_tinh_q3_2025.xlsx, ô A3: \"Sở Tư pháp tỉnh Hà Tĩnh\" là đơn vị của tỉnh Hà Tĩnh, còn hệ thống "
        "này theo dõi tỉnh Quảng Trị. Báo cáo không được nạp. Nếu đúng là báo cáo cần nạp, quản trị viên thêm cách "
        "viết \"Sở Tư pháp tỉnh Hà Tĩnh\" cho đơn vị đúng ở trang Quản lý dữ liệu → Danh mục đơn vị, rồi nạp lại; nếu "
        "nạp nhầm tệp, hãy chọn đúng tệp của tỉnh Quảng Trị.")]
    with pytest.raises(Exception):
        commit_file(home, report, loaded_by="pytest", by=ADMIN)
    assert fingerprint(home) == before


@pytest.mark.parametrize("name, cell, words", [
    ("tu_phap_under_ubnd_ha_tinh_q3_2025.xlsx", "A1",
     "đơn vị báo cáo \"Sở Tư pháp\" thuộc \"UBND TỈNH HÀ TĨNH\" (tỉnh Hà Tĩnh), còn hệ thống này theo dõi tỉnh Quảng Trị"),
    ("xa_ky_anh_ha_tinh_q3_2025.xlsx", "A3",
     "\"UBND xã Kỳ Anh, tỉnh Hà Tĩnh\" là đơn vị của tỉnh Hà Tĩnh, còn hệ thống này theo dõi tỉnh Quảng Trị"),
    ("rollup_one_row_ha_tinh_q3_2025.xlsx", "B16",
     "\"Sở Y tế tỉnh Hà Tĩnh\" là đơn vị của tỉnh Hà Tĩnh, còn hệ thống này theo dõi tỉnh Quảng Trị"),
])
def test_other_ways_a_report_says_its_province(home, name, cell, words):
    (sheet, where, message), = errors(inspect(home, name))
    assert (sheet, where) == ("Biểu 06", cell)
    assert message.startswith(f"Tệp {name}, ô {cell}: {words}. Báo cáo không được nạp.")


def test_reports_of_the_home_province_load(home):
    for name in ("tu_phap_quang_tri_q3_2025.xlsx", "xa_dong_ha_quang_tri_q3_2025.xlsx"):
        report = inspect(home, name)
        assert errors(report) == []
        commit_file(home, report, loaded_by="pytest", by=ADMIN)
    # the home suffix is dropped for a department as before; a commune keeps its full name
    assert received(home) == [("Sở Tư pháp", 60), ("UBND phường Đông Hà, tỉnh Quảng Trị", 60)]


def test_a_merged_province_is_explained_and_an_explicit_spelling_lets_it_in(home):
    report = inspect(home, "tu_phap_quang_tri_q3_2025.xlsx")
    commit_file(home, report, loaded_by="pytest", by=ADMIN)
    (_, cell, message), = errors(inspect(home, "tu_phap_quang_binh_q1_2025.xlsx"))
    assert cell == "A3"
    assert ("Tỉnh Quảng Bình đã hợp nhất vào tỉnh Quảng Trị từ 01/7/2025: báo cáo của đơn vị tỉnh Quảng Bình trước "
            "ngày đó là của một đơn vị khác, không phải đơn vị cùng tên của tỉnh Quảng Trị.") in message
    # the admin maps that very spelling (here: to the same Sở Tư pháp, the department history being kept as one)
    unit_id = home.execute("SELECT unit_id FROM unit WHERE name = 'Sở Tư pháp'").fetchone()[0]
    added = directory.add_alias(home, unit_id, "Sở Tư pháp tỉnh Quảng Bình", by=ADMIN)
    assert added.added
    assert home.execute("SELECT alias_key FROM unit_alias WHERE alias = 'Sở Tư pháp tỉnh Quảng Bình'").fetchone() == (
        "so tu phap tinh quang binh",)     # kept with its province: not every "Sở Tư pháp"
    report = inspect(home, "tu_phap_quang_binh_q1_2025.xlsx")
    assert errors(report) == []
    commit_file(home, report, loaded_by="pytest", by=ADMIN)
    assert received(home) == [("Sở Tư pháp", 120)]     # Q3/2025 60 + Q1/2025 60
    # Hà Tĩnh is still refused: only the mapped spelling was let in
    assert errors(inspect(home, "tu_phap_ha_tinh_q3_2025.xlsx"))


def test_the_setting_is_an_admins_and_takes_a_current_province(db):
    analyst = Account("chuyenvien", "Chuyên viên", ANALYST)
    with pytest.raises(NotAllowed):
        province.set_home_province(db, "Quảng Trị", by=analyst)
    with pytest.raises(province.SettingRefused, match="Tỉnh Quảng Bình đã hợp nhất vào tỉnh Quảng Trị từ 01/7/2025; "
                                                      "hãy chọn tỉnh Quảng Trị."):
        province.set_home_province(db, "Quảng Bình", by=ADMIN)
    with pytest.raises(province.SettingRefused, match="\"Quảng Trung\" không phải tên một tỉnh"):
        province.set_home_province(db, "Quảng Trung", by=ADMIN)
    assert province.home_province(db) is None
    assert province.set_home_province(db, "quang tri", by=ADMIN) == "Quảng Trị"
    name, _, who = province.home_setting(db)
    assert (name, who) == ("Quảng Trị", "dòng lệnh (pytest)")
    assert len(province.current_provinces()) == 34


def test_the_sample_serves_quang_tri_and_the_pages_say_so(sample_db):
    con = queries.connect(sample_db)
    try:
        assert province.home_province(con) == "Quảng Trị"
    finally:
        con.close()
    at = AppTest.from_file(str(HERE.parent / "pages" / "upload.py"), default_timeout=60).run()
    assert any("Hệ thống này theo dõi **tỉnh Quảng Trị**" in c.value for c in at.caption)
    at = AppTest.from_file(str(HERE.parent / "pages" / "manage.py"), default_timeout=60)
    at.session_state["m_tab"] = "Cấu hình"                 # the settings' tab (computed when shown)
    at.run()
    assert any(m.value.startswith("**Tỉnh theo dõi:** Quảng Trị (đặt lúc ") for m in at.markdown)
    at.selectbox(key="s_home").set_value("Hà Tĩnh").run()
    at.button(key="s_save_home").click().run()
    assert [s.value for s in at.success] == ["Đã đặt tỉnh theo dõi: Hà Tĩnh."]
    con = queries.connect(sample_db)
    try:
        assert province.home_province(con) == "Hà Tĩnh"
    finally:
        con.close()
