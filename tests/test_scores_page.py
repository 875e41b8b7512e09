"""The "Chỉ số" page run alone (AppTest): on first start it shows the published figures with their sources and the
demo department scores, says where the points were lost and which indicator is worth most."""

import json
from datetime import date

import pandas as pd
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import queries
from charts.scores import data_caption, fullest_year, published, template_year
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT

PAGE = str(ROOT / "pages" / "scores.py")
DEMO = ROOT / "data" / "sample" / "chi_so" / "chi_so_cap_so_quang_tri_minh_hoa.xlsx"


def _demo_rows(subject: str, year: int, index: str = "PAR INDEX") -> list[dict]:
    """The demo workbook's rows for a department and year, read with openpyxl (the page's numbers come from the
    warehouse: the two must agree)."""
    sheet = load_workbook(DEMO, read_only=True)["Điểm chỉ số"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    found = [dict(zip(header, r)) for r in rows[3:]]
    return [r for r in found if r["Chỉ số *"] == index and r["Năm *"] == year and r["Đối tượng đánh giá *"] == subject]


def _chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _opened(at, tab: str):
    """The page with another of its tabs shown: only the tab shown is computed (frame/tabs.py)."""
    at.session_state["s_tab"] = tab
    return at.run()


def test_first_start_shows_where_the_department_lost_points(sample_db):
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception and not at.error
    assert [t.label for t in at.tabs] == ["Diễn biến", "Điểm bị mất", "So sánh trong năm", "PAPI: 8 nội dung",
                                         "Chỉ số 766: điểm có thể tăng", "Nguồn và khung chỉ số"]
    assert (at.selectbox(key="s_index").value, at.selectbox(key="s_kind").value) == ("PAR", "so")
    subject = at.selectbox(key="s_subject")
    assert subject.format_func(subject.value) == "Sở Khoa học và Công nghệ"     # the first department still existing
    assert at.caption[0].value.endswith("Điểm các sở là **dữ liệu minh họa**.")
    specs = _chart_specs(at)
    assert len(specs) == 1                                          # the tab shown only: "Diễn biến"
    trend = specs[0]
    # the merger of Sở Thông tin và Truyền thông (1/3/2025) and the demo framework change (2023) are marked
    assert [a["text"] for a in trend["layout"]["annotations"]] == ["Đổi phương pháp", "Sáp nhập"]
    assert "Sở Thông tin và Truyền thông (trước sáp nhập, như đã công bố) — minh họa" in [d.get("name") for d in trend["data"]]
    captions = " ".join(c.value for c in at.caption)
    assert "1/3/2025: Sở Thông tin và Truyền thông sáp nhập vào đơn vị này" in captions
    assert "**dữ liệu minh họa**" in captions

    _opened(at, "Điểm bị mất")
    assert not at.exception and not at.error
    assert at.selectbox(key="s_year").value == "2025"

    rows = _demo_rows("Sở Khoa học và Công nghệ", 2025)
    total = next(r for r in rows if r["Thành phần (trống = điểm tổng)"] is None)
    parts = sorted(((r["Điểm tối đa"] - r["Điểm"], r["Thành phần (trống = điểm tổng)"]) for r in rows
                    if r["Thành phần (trống = điểm tổng)"] is not None), reverse=True)
    # lost = maximum − score per lĩnh vực; the total's lost = 100 − total
    expected = (f"**Năm 2025, Sở Khoa học và Công nghệ đạt {published(total['Điểm'])}/100 điểm "
                f"(hạng {total['Xếp hạng']}/{total['Trên tổng số']}): mất {published(round(100 - total['Điểm'], 4))} "
                f"điểm, nhiều nhất ở \"{parts[0][1]}\" (−{published(round(parts[0][0], 4))}) và \"{parts[1][1]}\" "
                f"(−{published(round(parts[1][0], 4))}).**")
    assert expected in [m.value for m in at.markdown]
    lost = _chart_specs(at)[0]
    assert lost["data"][1]["name"] == "Điểm bị mất"
    assert lost["data"][0]["y"][0] == parts[0][1]                   # the most points lost on top
    assert "Tải mẫu bảng điểm chỉ số (.xlsx)" in [b.label for b in _opened(at, "Nguồn và khung chỉ số").get("download_button")]


def test_published_provinces_compare_with_groups_ranks_and_sources(sample_db):
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    at.selectbox(key="s_kind").set_value("tinh").run()
    _opened(at, "So sánh trong năm")
    assert not at.exception and not at.error
    # the year with most published scores opens (2023: 17 provinces with a score out of 63)
    assert at.selectbox(key="s_compare_year_PAR_tinh").value == 2023
    table = next(d.value for d in at.dataframe if "Xếp hạng" in d.value.columns)
    assert table.iloc[0].to_dict() == {"Xếp hạng": "1/63", "Đối tượng": "Quảng Ninh", "Điểm": "92,18\u00a0%",
                                       "Nhóm": "Nhóm A (≥ 90 %)", "Lưu ý": "", "Nguồn": "en.baochinhphu.vn"}
    hai_phong = table[table["Đối tượng"] == "Hải Phòng"].iloc[0]
    assert (hai_phong["Điểm"], hai_phong["Lưu ý"]) == ("91,87\u00a0%", "các nguồn công bố khác nhau")
    sources = next(d.value for d in _opened(at, "Nguồn và khung chỉ số").dataframe if "Đường dẫn" in d.value.columns)
    assert len(sources) and sources["Đường dẫn"].str.startswith("http").all()


def test_papi_dimensions_of_the_home_province_and_the_766_what_if(sample_db):
    at = _opened(AppTest.from_file(PAGE, default_timeout=90), "PAPI: 8 nội dung")
    papi_unit = at.selectbox(key="s_papi_unit")
    assert papi_unit.format_func(papi_unit.value) == "Quảng Trị" and at.selectbox(key="s_papi_year").value == 2021
    assert ("Quảng Trị 2021: tổng 42,394/80 điểm; trung bình cả nước 42,269; đứng đầu: Thừa Thiên Huế 48,05; 8/8 nội "
            "dung của tỉnh có số liệu công bố; trung bình cả nước và tỉnh đứng đầu theo từng nội dung năm này chưa "
            "công bố.") in [m.value for m in at.markdown]

    whatif = next(d.value for d in _opened(at, "Chỉ số 766: điểm có thể tăng").dataframe if "Cách tính" in d.value.columns)
    assert whatif.set_index("Chỉ tiêu").loc["3.1 Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "Có thể tăng"] == "—"
    # typing 60 % for 3.1 (T = 80 %, 4 points configured): 60 / 80 × 4 = 3 points, +1 at the threshold
    at.number_input(key="s_766_rate_3.1").set_value(60.0).run()
    assert not at.exception and not at.error
    whatif = next(d.value for d in at.dataframe if "Cách tính" in d.value.columns).set_index("Chỉ tiêu")
    row = whatif.loc["3.1 Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"]
    assert (row["Có thể tăng"], row["Cách tính"], row["Nguồn tỷ lệ"]) == (
        "+1", "min(60,00\u00a0%; 80\u00a0%) / 80\u00a0% × 4 = 3 điểm", "nhập tay")
    assert whatif.index[0] == "3.1 Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"        # the most to gain first


def test_a_warehouse_without_scores_offers_to_load_the_reference_data(tmp_path, monkeypatch, fixtures_dir):
    """A warehouse created before the scores existed: dossiers only, so the first-start load does not run."""
    path = tmp_path / "older.duckdb"
    con = queries.connect(path)
    report = inspect_file(con, "store_tu_phap_q3_2025.xlsx", (fixtures_dir / "store_tu_phap_q3_2025.xlsx").read_bytes())
    commit_file(con, report, "pytest")
    con.close()
    monkeypatch.setenv("CCHC_DB", str(path))
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception and at.info[0].value.startswith("Chưa có điểm chỉ số nào.")
    at.button(key="s_load_reference").click().run()
    assert not at.exception and not at.error
    assert at.selectbox(key="s_index").value == "PAR" and at.selectbox(key="s_kind").value == "tinh"


def test_department_scores_are_called_demo_only_while_they_are():
    def caption(*demo_only):
        return data_caption(pd.DataFrame({"subject_kind": ["so"] * len(demo_only) + ["tinh"],
                                          "demo_only": list(demo_only) + [False]}))
    assert caption(True, True).endswith("Điểm các sở là **dữ liệu minh họa**.")
    # real PAR cấp sở scores loaded; the 766 groups still the demo's
    assert caption(False, True).endswith("Một số chỉ số của các sở chỉ có **dữ liệu minh họa** (ghi rõ ở từng điểm).")
    assert caption(False, False).endswith("di chuột lên điểm để xem nguồn.")
    assert caption().endswith("di chuột lên điểm để xem nguồn.")                 # provinces only


def test_the_comparison_opens_on_the_fullest_year_and_the_template_on_the_next():
    counts = pd.DataFrame({"year": [2021, 2022, 2023], "scored": [30, 63, 63]})
    assert fullest_year(counts) == 2023                                        # equals: the latest
    assert template_year(pd.DataFrame({"last_year": [2024, 2025]}), date(2026, 12, 3)) == 2026
    assert template_year(pd.DataFrame({"last_year": []}), date(2026, 12, 3)) == 2025   # nothing stored: last year


def test_the_766_rates_are_typed_in_framework_order_whatever_they_gain(sample_db):
    """The what-if is sorted by points gained; its inputs are not, or a value typed would move under the cursor."""
    def codes(at):
        return [n.label.split()[0] for n in at.number_input if n.key.startswith("s_766_rate_")]

    at = _opened(AppTest.from_file(PAGE, default_timeout=90), "Chỉ số 766: điểm có thể tăng")
    # three columns, read column by column: row by row they are 3.1 3.5 4.2 / 4.3 5.4
    assert codes(at) == ["3.1", "4.3", "3.5", "5.4", "4.2"]
    at.number_input(key="s_766_rate_5.4").set_value(10.0).run()    # 5.4 now has the most to gain …
    assert figures_first_gain(at) == "5.4"
    assert codes(at) == ["3.1", "4.3", "3.5", "5.4", "4.2"]        # … and its input stays where it was


def figures_first_gain(at) -> str:
    """The indicator the what-if sentence names as worth most."""
    sentence = next(m.value for m in at.markdown if "thêm được bao nhiêu điểm" in m.value)
    return sentence.split("Đáng giá nhất: ")[1].split()[0]


def test_after_switching_index_the_link_says_what_is_shown_and_reopens_it(sample_db):
    """PAR opens on the departments (loai=so, a department's id); PAPI has provinces only: the kind and the
    subject follow to PAPI's (the home province, Quảng Trị) and the URL says so; that URL reopens the same view."""
    con = queries.connect(sample_db)
    home = int(queries.run(con, "score_subjects", index_code="PAPI", subject_kind="tinh")
               .set_index("name").loc["Quảng Trị", "unit_id"])
    con.close()
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert at.query_params["loai"] == "so" and "cap" not in at.query_params
    department = at.query_params["doituong"]
    at.selectbox(key="s_index").set_value("PAPI").run()
    assert not at.exception
    assert (at.selectbox(key="s_kind").value, at.selectbox(key="s_subject").value) == ("tinh", str(home))
    assert (at.query_params["chiso"], at.query_params["loai"], at.query_params["doituong"]) == ("PAPI", "tinh", str(home))
    assert str(home) != department
    again = AppTest.from_file(PAGE, default_timeout=90)
    for key, value in at.query_params.items():
        again.query_params[key] = value
    again.run()
    assert (again.selectbox(key="s_index").value, again.selectbox(key="s_kind").value,
            again.selectbox(key="s_subject").value) == ("PAPI", "tinh", str(home))


def test_a_province_without_a_published_rank_keeps_its_year_axis(sample_db):
    """Hòa Bình's PAPI totals (2020, 2023) have no published rank: one panel, the years written under it (a
    shared axis wrote them under an empty rank panel, which the page showed blank)."""
    con = queries.connect(sample_db)
    hoa_binh = int(queries.run(con, "score_subjects", index_code="PAPI", subject_kind="tinh")
                   .set_index("name").loc["Hòa Bình", "unit_id"])
    con.close()
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params.update({"chiso": "PAPI", "cap": "tinh", "doituong": str(hoa_binh)})
    at.run()
    trend = _chart_specs(at)[0]
    layout = trend["layout"]
    assert "yaxis2" not in layout and "xaxis2" not in layout
    assert layout["title"]["text"] == "PAPI — điểm qua các năm (chưa có xếp hạng công bố)"
    assert layout["xaxis"]["dtick"] == 1 and layout["xaxis"].get("showticklabels", True)
    main = next(t for t in trend["data"] if t["name"] == "Hòa Bình")
    assert [x for x, y in zip(main["x"], main["y"]) if y is not None] == [2020, 2023]


def test_the_default_province_is_the_installations_home_province(sample_db):
    """The sample serves Quảng Trị (PAPI opens on it, unit 143); set the home province to Nghệ An (unit 108, PAPI 2021
    published) and PAPI, in the main pickers and in its own tab, opens on Nghệ An."""
    from accounts import system_account
    from loaders import province

    def papi_defaults():
        at = _opened(AppTest.from_file(PAGE, default_timeout=90), "PAPI: 8 nội dung")
        at.selectbox(key="s_index").set_value("PAPI").run()
        assert not at.exception and not at.error
        subject, own = at.selectbox(key="s_subject"), at.selectbox(key="s_papi_unit")
        return subject.format_func(subject.value), own.format_func(own.value)

    assert papi_defaults() == ("Quảng Trị", "Quảng Trị")
    con = queries.connect(sample_db)
    province.set_home_province(con, "Nghệ An", by=system_account("pytest"))
    con.close()
    assert papi_defaults() == ("Nghệ An", "Nghệ An")


def test_a_rate_typed_in_the_766_tab_is_kept_while_another_tab_is_shown(sample_db):
    """The what-if's rate typed for 3.1 is still there after a look at "Diễn biến", whose run does not draw the
    input (Streamlit would forget its value; frame/tabs.py keeps it): 60 / 80 × 4 = 3 points, +1 at the threshold."""
    at = _opened(AppTest.from_file(PAGE, default_timeout=90), "Chỉ số 766: điểm có thể tăng")
    at.number_input(key="s_766_rate_3.1").set_value(60.0).run()
    _opened(at, "Diễn biến")
    assert not [n for n in at.number_input if n.key.startswith("s_766_rate_")]
    _opened(at, "Chỉ số 766: điểm có thể tăng")
    assert not at.exception and not at.error
    assert at.number_input(key="s_766_rate_3.1").value == 60.0
    whatif = next(d.value for d in at.dataframe if "Cách tính" in d.value.columns).set_index("Chỉ tiêu")
    assert whatif.loc["3.1 Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "Có thể tăng"] == "+1"
