"""The page "Hồ sơ chi tiết" on the sample warehouse: it runs alone, and the sample's dossier lists
(loaders/dossier_sample.py) give back the Biểu 06 reports but for the planted, explained differences."""

import pytest
from streamlit.testing.v1 import AppTest

import queries
from charts import dossier_list as views
from loaders.dossier_sample import LIST_ONLY, NO_LIST, PLANTED
from vocabulary.periods import official
from tests.sample_db import ROOT
from tests.test_accounts import accounts_file, page_as  # noqa: F401, F811  (fixture)

PAGE = str(ROOT / "pages" / "dossier_list.py")


def _compared(con, quarter):
    period = official("quarter", 2025, quarter)
    params = {"date_from": period.start, "date_to": period.end, "unit_ids": None}
    return views.compare(queries.run(con, "dossier_list_counts", **params),
                         queries.run(con, "dossier_list_reported", **params),
                         queries.run(con, "dossier_list_facts", **params))


@pytest.fixture
def con(sample_db):
    con = queries.connect(sample_db)
    yield con
    con.close()


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_derived_equals_reported_but_for_explained_differences(con, quarter):
    frame = _compared(con, quarter)
    lists_only, reports_only = views.unmatched_units(frame)
    assert NO_LIST in reports_only                     # reports, sends no list
    inner = frame[~frame["unit_name"].isin(lists_only + reports_only)]
    assert (~inner["differs"]).mean() >= 0.85          # most unit × lĩnh vực rows match exactly
    for text in inner.loc[inner["differs"], "explanation"]:
        assert text and not text.startswith("Chưa giải thích"), text


def test_the_planted_differences_are_found(con):
    unit, _, withdrawn = PLANTED["withdrawn"]            # Q3/2025
    q3 = _compared(con, 3)
    assert q3.loc[q3["unit_name"] == unit, "returned_withdrawn"].sum() == withdrawn
    assert q3.loc[q3["unit_name"] == unit, "explanation"].str.contains("công dân rút").any()
    unit, _, errors = PLANTED["no_end"]
    assert q3.loc[q3["unit_name"] == unit, "data_errors"].sum() == errors
    assert LIST_ONLY in views.unmatched_units(q3)[0]
    unit, _, awaiting = PLANTED["awaiting"]               # Q4/2025
    q4 = _compared(con, 4)
    assert q4.loc[q4["unit_name"] == unit, "awaiting_supplement"].sum() == awaiting
    unit, _, moved = PLANTED["cut_off"]                  # Q2/2025: finished the day after the cut-off
    q2 = _compared(con, 2)
    mine = q2[q2["unit_name"] == unit]
    assert (mine["res_total_bc"] - mine["res_total_hs"]).sum() == moved
    assert mine["explanation"].str.contains("sau ngày chốt").any()


def test_page_runs_alone_on_the_sample(sample_db):
    at = AppTest.from_file(PAGE, default_timeout=180).run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert any("dòng đơn vị × lĩnh vực" in t for t in texts)
    assert any("dữ liệu minh họa" in c.value for c in at.caption)      # the sample's lists say what they are
    # a unit that never sent a list is named under the comparison, not compared row by row
    named = [t for t in texts if t.startswith("**Có báo cáo nhưng chưa nạp danh sách hồ sơ (")]
    assert len(named) == 1 and NO_LIST in named[0]
    assert NO_LIST not in set(at.dataframe[0].value["Đơn vị"])
    at.session_state["dl_tab"] = "Sắp đến hạn, quá hạn"                # computed when shown (frame/tabs.py)
    at.run()
    assert any("hồ sơ đang xử lý đã quá hạn" in m.value for m in at.markdown)
    q3 = official("quarter", 2025, 3)
    at.selectbox(key="dl_period_quarter").set_value(q3).run()
    assert not at.exception
    assert any(f"Kỳ: **{q3.label}**" in c.value for c in at.caption)


def test_a_scoped_viewer_sees_only_its_units_dossiers(accounts_file, sample_db):  # noqa: F811
    at = page_as(PAGE, "xem.tuphap")
    assert not at.exception
    assert at.multiselect(key="dl_units").options == ["Sở Tư pháp"]
    shown = " ".join(str(frame.value.to_dict()) for frame in at.dataframe)
    assert "Sở Tư pháp" in shown and "Sở Y tế" not in shown and "Sở Tài chính" not in shown
    assert not any(NO_LIST in m.value for m in at.markdown)       # other units' reports are not listed either


def test_a_link_from_another_page_opens_the_dossiers_behind_the_number(sample_db):
    con = queries.connect(sample_db)
    units = queries.run(con, "dossier_list_units", unit_ids=None)
    justice = int(units.loc[units["name"] == "Sở Tư pháp", "unit_id"].iloc[0])
    q4 = official("quarter", 2025, 4)
    late = queries.run(con, "dossier_list_rows", date_from=q4.start, date_to=q4.end, unit_ids=[justice],
                       measure="proc_late", linh_vuc=None)
    con.close()
    assert len(late) > 0
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.query_params.update({"tu_ngay": "2025-09-15", "den_ngay": "2025-12-14", "don_vi": str(justice),
                            "so_lieu": "proc_late"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="dl_kind").value == "custom" and at.multiselect(key="dl_units").value == [justice]
    assert at.selectbox(key="dl_measure").value == "proc_late"
    assert any(f"Kỳ: **{q4.label}**" in c.value for c in at.caption)
    assert any(m.value.startswith(f"**{len(late)}** hồ sơ — ") for m in at.markdown)
    # the analyst's own choice afterwards is kept (the link is followed once)
    at.selectbox(key="dl_measure").set_value("res_late").run()
    assert at.selectbox(key="dl_measure").value == "res_late"


def test_only_the_tab_shown_is_computed_and_its_choices_are_kept(sample_db):
    at = AppTest.from_file(PAGE, default_timeout=180).run()
    assert not at.exception
    # the first tab (Biểu 06 from the dossiers) only: no dossier list, no due list, no processing-time chart
    assert not any("hồ sơ đang xử lý đã quá hạn" in m.value for m in at.markdown)
    assert not at.get("plotly_chart")
    at.session_state["dl_tab"] = "Danh sách hồ sơ"
    at.run()
    at.selectbox(key="dl_measure").set_value("proc_late").run()
    assert at.selectbox(key="dl_measure").value == "proc_late"
    at.session_state["dl_tab"] = "Thời gian xử lý"
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    with pytest.raises(KeyError):               # the list's picker is not drawn while its tab is hidden…
        at.selectbox(key="dl_measure")
    at.session_state["dl_tab"] = "Danh sách hồ sơ"
    at.run()
    assert at.selectbox(key="dl_measure").value == "proc_late"     # …and the analyst's choice is still there
