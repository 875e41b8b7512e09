"""Chỉ số by level (issue 19): the sidebar's "Cấp" chooses which of the province's units are shown and ranked where an
index scores units (PAR INDEX cấp sở, Chỉ số 766 of departments and communes), and says plainly that it does not
apply to an index of provinces or ministries.

Figures: the sample has PAR INDEX cấp sở for 11 departments and no commune score; tests/fixtures/scores/
good_766_cap_xa.xlsx adds Chỉ số 766 2025 for three communes (82,5 rank 1/78; 76,25 rank 2/78; 70 rank 3/78)."""

from streamlit.testing.v1 import AppTest

import queries
from accounts import system_account
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT

PAGE = str(ROOT / "pages" / "scores.py")
COMMUNES = ROOT / "tests" / "fixtures" / "scores" / "good_766_cap_xa.xlsx"


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_the_level_chooses_departments_or_communes_and_is_said_not_to_apply_to_provinces(sample_db):
    con = queries.connect(sample_db)
    report = inspect_file(con, COMMUNES.name, COMMUNES.read_bytes())
    assert not report.has_errors, report.issues
    commit_file(con, report, loaded_by="pytest", by=system_account("pytest"))
    assert sorted(queries.run(con, "score_subjects", index_code="IDX766", subject_kind="xa")["name"]) == [
        "UBND phường Ba Đồn", "UBND phường Bắc Gianh", "UBND phường Nam Đông Hà"]
    con.close()

    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception and not at.error
    assert (at.selectbox(key="s_index").value, at.selectbox(key="s_kind").value) == ("PAR", "so")
    assert (":material/filter_alt: Cấp **Sở / ban, ngành** (thanh bên): chỉ các sở, ban, ngành có điểm PAR INDEX (sở, "
            "ban, ngành) được hiển thị và so sánh — 11 đơn vị.") in captions(at)
    assert len(at.selectbox(key="s_subject").options) == 11

    # communes: PAR INDEX scores none of them, said so rather than showing the departments
    at.segmented_control(key="f_level").set_value("xa").run()
    assert not at.exception and at.query_params["cap"] == "xa"
    assert [i.value for i in at.info] == ["Chưa có điểm PAR INDEX (sở, ban, ngành) của các xã, phường. Có điểm của các "
                                          "xã, phường: Chỉ số 766. Chọn Chỉ số, Đối tượng hoặc Cấp (thanh bên) khác."]
    # the 766 index ranks communes: the kind follows the level, the three communes only, in their published order
    at.selectbox(key="s_index").set_value("IDX766").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="s_kind").value == "xa" and at.query_params["loai"] == "xa"
    assert "— 3 đơn vị." in next(c for c in captions(at) if "Cấp **Xã, phường**" in c)
    subject = at.selectbox(key="s_subject")
    assert subject.options == ["UBND phường Ba Đồn", "UBND phường Bắc Gianh",
                                                                  "UBND phường Nam Đông Hà"]
    at.session_state["s_tab"] = "So sánh trong năm"               # the comparison's tab (computed when shown)
    table = next(d.value for d in at.run().dataframe if "Xếp hạng" in d.value.columns)
    assert list(zip(table["Xếp hạng"], table["Đối tượng"])) == [
        ("1/78", "UBND phường Nam Đông Hà"), ("2/78", "UBND phường Ba Đồn"), ("3/78", "UBND phường Bắc Gianh")]
    # back to departments: the departments' 766 scores, the communes' gone
    at.segmented_control(key="f_level").set_value("so").run()
    assert at.selectbox(key="s_kind").value == "so" and "cap" not in at.query_params
    subject = at.selectbox(key="s_subject")
    assert len(subject.options) == 11 and not any("UBND" in o for o in subject.options)
    # opened at ?cap=xa: on the first index that scores communes, their kind
    fresh = AppTest.from_file(PAGE, default_timeout=90)
    fresh.query_params["cap"] = "xa"
    fresh.run()
    assert (fresh.selectbox(key="s_index").value, fresh.selectbox(key="s_kind").value) == ("IDX766", "xa")
    # provinces: the level does not apply, and the page says so
    at.selectbox(key="s_kind").set_value("tinh").run()
    assert not at.exception
    assert (":material/filter_alt: Cấp \"Sở / ban, ngành\" ở thanh bên không áp dụng cho Chỉ số 766 (tỉnh, thành "
            "phố): chỉ số này chấm từng tỉnh, thành phố và so sánh trên cả nước, không theo cấp trong tỉnh.") in captions(at)


def test_the_points_lost_heat_map_of_many_communes_pages_through_them_most_lost_first():
    """85 communes × 2 components: commune i lost i points on each (0…84); 40 a page, the most lost first: page 1
    = communes 84…45, page 3 = 4…0 (5 columns); 40 or fewer communes: all, in name order, no page named."""
    import pandas as pd

    from charts.scores import lost_heatmap, lost_pages
    matrix = pd.DataFrame([{"unit_id": i, "unit_name": f"UBND xã Thử {i:02d}", "component_code": code,
                            "component_name": name, "sort": sort, "score": 10.0 - i / 10, "max_score": 10.0,
                            "lost": float(i)}
                           for i in range(85) for sort, (code, name) in enumerate((("1", "Công khai"), ("2", "Tiến độ")))])
    assert lost_pages(matrix) == 3
    first = lost_heatmap(matrix, "IDX766", 2025)
    assert (first.data[0].x[0], first.data[0].x[-1], len(first.data[0].x)) == ("UBND xã Thử 84", "UBND xã Thử 45", 40)
    assert first.layout.title.text.endswith(" — trang 1/3: đơn vị thứ 1–40 theo số điểm bị mất / 85")
    last = lost_heatmap(matrix, "IDX766", 2025, page=3)
    assert [x.replace("<br>", " ") for x in last.data[0].x] == [f"UBND xã Thử {i:02d}" for i in (4, 3, 2, 1, 0)]
    assert last.layout.title.text.endswith("trang 3/3: đơn vị thứ 81–85 theo số điểm bị mất / 85")
    few = lost_heatmap(matrix[matrix["unit_id"] < 40], "IDX766", 2025)
    assert len(few.data[0].x) == 40 and few.layout.title.text.endswith("theo thành phần và đơn vị")
