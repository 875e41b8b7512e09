"""The page "Mục tiêu & kế hoạch" run alone (AppTest): on hand-made fixtures, where every number is worked out
in tests/test_kpis.py, and on the bundled sample."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
import queries
from loaders import kpis, plan_tasks, targets
from charts import plan as views
from tests.plan_fixtures import PLAN_FIXTURES, load
from tests.sample_db import ROOT, departments

PAGE = str(ROOT / "pages" / "plan.py")


@pytest.fixture
def plan_db(db_file, monkeypatch):
    con = queries.connect(db_file)
    load(con, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    load(con, plan_tasks, PLAN_FIXTURES / "plan_tasks.xlsx")
    con.close()
    monkeypatch.setenv("CCHC_DB", str(db_file))
    return db_file


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _open(at, tab: str):
    """Shows a tab in the next run (only the tab shown is computed, pages/plan.py)."""
    at.session_state["plan_tab"] = tab
    return at


def test_the_page_says_which_targets_are_missed_and_by_how_much(plan_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and not at.error
    assert [t.label for t in at.tabs] == ["Chỉ tiêu so với mục tiêu", "Xu hướng", "Theo đơn vị", "Nhiệm vụ kế hoạch",
                                          "Mục tiêu"]
    assert at.selectbox(key="plan_year").value == "2025" and at.selectbox(key="plan_quarter").value == "4"
    text = _markdown(at)
    # 42/56 (Sở Tư pháp, Q4) + 30/40 (Sở Y tế) = 72/96 = 75 %; target 100 %: 96 − 72 = 24 accounts
    assert ("**Hộp thư công vụ**: 75,00\u00a0% (72/96 tài khoản) — mục tiêu ≥ 100\u00a0%, thiếu 25,00 điểm %: "
            "cần thêm 24 tài khoản hoạt động (trên 96 tài khoản được cấp).") in text
    assert "thiếu không quá 5 điểm %" in text                     # the amber rule is stated
    metrics = {m.label: m.value for m in at.metric}
    # met: BCCI receipt 30/300 = 10 % (≥ 10), satisfaction 90/100 (≥ 90), BCCI return 10/100 is red (≥ 20),
    # digitised 120/700 = 17,1 % red (≥ 30), mailbox red
    assert (metrics["Đạt"], metrics["Chưa đạt"]) == ("2", "3")
    assert len(at.get("plotly_chart")) == 1              # the bullets; the hidden tabs' charts are not computed


def test_an_unfinished_year_says_what_the_remaining_quarter_must_bring(plan_db):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update({"nam": "2025", "quy": "3"})
    at.run()
    assert not at.exception
    # Sở Tư pháp Q1–Q3: 90 of 600 digitised; Q4 ≈ 200; 30 % of 800 = 240 → 150 more, 75 % of Q4's 200
    assert ("**Số hóa hồ sơ**: cần thêm 150 hồ sơ được số hóa trong quý IV để đạt 30\u00a0% cả năm "
            "(dự kiến 200 hồ sơ tiếp nhận, tức 75,0\u00a0% số đó).") in _markdown(at)


def test_tasks_late_by_lead_unit_and_a_status_set_on_the_page(plan_db):
    at = _open(AppTest.from_file(PAGE, default_timeout=60), "Nhiệm vụ kế hoạch").run()
    metrics = {m.label: m.value for m in at.metric}
    # plan 2020 of Sở Tư pháp: I.1 done; I.2 due 30/9/2020, not done → late; VII.1, VII.2 due 2099
    assert (metrics["Nhiệm vụ"], metrics["Trễ hạn"], metrics["Hoàn thành"]) == ("4", "1", "1")
    assert "**1 nhiệm vụ** (trễ hạn lâu nhất ở đầu)" in _markdown(at)     # default filter: late and due soon
    con = queries.connect(plan_db)
    owner = int(queries.run(con, "plan_task_plans", unit_ids=None).iloc[0]["owner_unit_id"])
    con.close()
    at.selectbox(key="plan_status_task").set_value((owner, 2020, "I.2"))
    at.radio(key="plan_status_value").set_value("done")
    at.text_input(key="plan_status_note").input("đã kiểm tra 3/8 đơn vị")
    at.button[[b.label for b in at.button].index("Cập nhật trạng thái")].click().run()
    assert not at.exception
    assert at.success[0].value == "Đã cập nhật nhiệm vụ I.2 (năm 2020): Hoàn thành."
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Trễ hạn"], metrics["Hoàn thành"]) == ("0", "2")
    con = queries.connect(plan_db)
    history = queries.run(con, "plan_task_status_history", owner_unit_id=owner, plan_year=2020, task_key="I.2")
    con.close()
    assert (history.iloc[0]["status"], history.iloc[0]["set_by"], history.iloc[0]["note"]) == (
        "done", dashboard.LOCAL_USER, "đã kiểm tra 3/8 đơn vị")


def test_saving_the_targets_unchanged_stores_nothing(plan_db):
    at = _open(AppTest.from_file(PAGE, default_timeout=60), "Mục tiêu").run()
    at.button(key="plan_save_targets").click().run()
    assert not at.exception
    assert "Không có thay đổi nào để lưu." in [s.value for s in at.success]
    assert {b.label for b in at.get("download_button")} >= {"Mẫu số liệu KPI (.xlsx)", "Mẫu chỉ tiêu (.xlsx)",
                                                             "Mẫu nhiệm vụ kế hoạch (.xlsx)"}


def test_the_sample_answers_the_steering_committees_questions(sample_db):
    at = AppTest.from_file(PAGE, default_timeout=90).run()
    assert not at.exception and not at.error
    text = _markdown(at)
    _open(at, "Theo đơn vị").run()
    text += _markdown(at)
    con = queries.connect(sample_db)
    missed = queries.run(con, "kpi_status", year=2025, as_of=date(2025, 12, 31), unit_ids=departments(con),
                         amber_points=5.0)
    con.close()
    assert "**Chỉ tiêu chưa đạt mục tiêu năm 2025**" in text and "**Đơn vị chưa đạt mục tiêu năm 2025**" in text
    for name in missed.loc[missed["status"].isin(["red", "amber"]), "short_name"]:
        assert f"- **{name}**:" in text
    assert "cần thêm" in text and "tài khoản hoạt động" in text
    _open(at, "Nhiệm vụ kế hoạch").run()
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Trễ hạn"]) > 0 and int(metrics["Nhiệm vụ"]) == 22    # the 2026 plan of the demo province
    _open(at, "Mục tiêu").run()
    assert not at.exception
    assert targets.ALL_UNITS in _markdown(at)


def test_a_year_with_nothing_to_assess_says_so_and_never_that_all_is_met(plan_db):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update({"nam": "2023"})
    at.run()
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    # 2023: the default targets of that year cover 8 KPIs with no data (đúng hạn, hộp thư, 2 × BCCI, số hóa, ký số,
    # hài lòng, kiểm tra); the one KPI with data (DVCTT toàn trình, 50 %) and 5 others have no target: 8 + 6 = 14
    assert (metrics["Đạt"], metrics["Gần đạt"], metrics["Chưa đạt"], metrics["Chưa có mục tiêu / số liệu"]) == (
        "0", "0", "0", "14")
    assert [i.value for i in at.info if i.value.startswith("Năm 2023")] == [
        "Năm 2023 chưa có chỉ tiêu nào vừa có mục tiêu vừa có số liệu để đánh giá: 6 chỉ tiêu chưa có mục tiêu, "
        "8 chỉ tiêu chưa có số liệu. Nạp số liệu KPI hoặc báo cáo Biểu 06 của năm ở trang \"Nạp dữ liệu\", và đặt "
        "mục tiêu ở thẻ \"Mục tiêu\"."]
    assert not [s.value for s in at.success if "đều đạt" in s.value]


def test_the_plan_shown_follows_the_pages_year_until_the_analyst_picks_one(sample_db):
    con = queries.connect(sample_db)
    load(con, plan_tasks, PLAN_FIXTURES / "plan_tasks.xlsx")          # Sở Tư pháp's plan 2020 beside the sample's
    plan_years = sorted(int(y) for y in queries.run(con, "plan_task_plans", unit_ids=None)["plan_year"])
    con.close()
    assert plan_years == [2020, 2025, 2026]
    at = _open(AppTest.from_file(PAGE, default_timeout=90), "Nhiệm vụ kế hoạch")
    at.query_params.update({"nam": "2025"})
    at.run()
    assert at.selectbox(key="plan_task_year").value == "2025"          # the plan of the page's year
    at.selectbox(key="plan_year").set_value("2021").run()
    assert at.selectbox(key="plan_task_year").value == "2020"          # no plan 2021: the latest before it
    assert not at.exception
    at.selectbox(key="plan_task_year").set_value("2026").run()         # the analyst's own choice …
    at.selectbox(key="plan_year").set_value("2023").run()
    assert at.selectbox(key="plan_task_year").value == "2026"          # … stays when the year changes
    assert views.default_plan_year(plan_years, 2019) == 2026           # no plan up to the year: the latest


def test_a_target_edited_but_not_saved_survives_a_look_at_another_tab(plan_db):
    """The editor's edits cannot be written back to the session state: its tab is drawn, hidden, while it holds
    any; Hồ sơ trực tuyến 50 % (QĐ 333, default of 2025) typed as 55 is saved after a look at "Xu hướng"."""
    at = _open(AppTest.from_file(PAGE, default_timeout=60), "Mục tiêu").run()
    rows = at.data_editor(key="plan_target_editor_2025").value
    row = int(rows.index[rows["kpi"] == "Hồ sơ trực tuyến"][0])
    assert rows.loc[row, "value"] == 50.0
    at.session_state["plan_target_editor_2025"] = {"edited_rows": {row: {"value": 55.0}}, "added_rows": [],
                                                   "deleted_rows": []}
    at.run()
    _open(at, "Xu hướng").run()
    assert not at.exception and at.get("plotly_chart")                 # the trend is shown …
    assert at.session_state["plan_target_editor_2025"]["edited_rows"]  # … and the edit is still pending
    _open(at, "Mục tiêu").run()
    at.button(key="plan_save_targets").click().run()
    assert not at.exception
    assert [s.value for s in at.success if s.value.startswith("Đã lưu")] == [
        f"Đã lưu thay đổi mục tiêu năm 2025 (lô số {_last_batch(plan_db)}, 1 dòng)."]
    con = queries.connect(plan_db)
    stored = queries.run(con, "target_list", year=2025)
    con.close()
    assert stored.loc[stored["short_name"] == "Hồ sơ trực tuyến", "value"].tolist() == [55.0]


def _last_batch(db_file) -> int:
    con = queries.connect(db_file)
    batch = int(queries.run(con, "batch_history", kind="targets", status=None).iloc[0]["batch_id"])
    con.close()
    return batch


def test_a_choice_made_in_a_tab_is_kept_while_another_is_shown(plan_db):
    at = _open(AppTest.from_file(PAGE, default_timeout=60), "Nhiệm vụ kế hoạch").run()
    at.slider(key="plan_due_days").set_value(60)
    at.multiselect(key="plan_f_status").set_value(["done"]).run()
    assert "**1 nhiệm vụ** (trễ hạn lâu nhất ở đầu)" in _markdown(at)    # I.1, the one done
    _open(at, "Theo đơn vị").run()
    assert not at.get("slider")                                        # the tasks' tab is not drawn …
    _open(at, "Nhiệm vụ kế hoạch").run()
    assert at.slider(key="plan_due_days").value == 60                  # … and its choices are back
    assert at.multiselect(key="plan_f_status").value == ["done"]
    assert "Sắp đến hạn (60 ngày)" in {m.label for m in at.metric}


def test_value_labels_clear_the_target_tick_and_table_cells_are_not_cut_off(plan_db):
    con = queries.connect(plan_db)
    status = queries.run(con, "kpi_status", year=2025, as_of=date(2025, 12, 31), unit_ids=departments(con), amber_points=5.0)
    con.close()
    shown = status[status["actual_pct"].notna()].set_index("short_name")
    positions = dict(zip(shown.index, views.label_positions(shown)))
    # BCCI receipt 10 % on a 10 % target: the label starts at 10 + 1,5; the mailbox 75 % under its 100 % tick: 101,5
    assert positions["Tiếp nhận qua BCCI"] == pytest.approx(11.5)
    assert positions["Hộp thư công vụ"] == pytest.approx(101.5)
    widths = views.fit_widths(views.kpi_table(status).data)
    # the longest "Cần thêm": "10 hồ sơ trả kết quả qua BCCI" (20/100 − 10/100 → 10; 29 characters) → 8 × 29 + 24
    assert widths["Cần thêm"] == 256
    assert all(80 <= w <= 460 for w in widths.values())
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    bars = at.get("plotly_chart")[0].proto.spec
    assert '"mode":"text"' in bars.replace(" ", "") and '"textposition":"inside"' not in bars.replace(" ", "")


def test_a_trend_label_never_rounds_a_miss_onto_its_target():
    trend_label = views.trend_label
    assert trend_label(99.51, 100.0) == "99,5\u00a0%"              # not "100 %" beside a red point
    assert trend_label(29.96, 30.0) == "29,96\u00a0%"
    assert trend_label(100.0, 100.0) == "100\u00a0%" and trend_label(86.4, 90.0) == "86\u00a0%"
    assert trend_label(99.51, float("nan")) == "100\u00a0%" and trend_label(None, 100.0) == ""


def test_a_unit_merged_away_during_the_year_is_said_to_be(sample_db):
    """Sở TT&TT ended on 28/02/2025 (merged into Sở KH&CN from 1/3/2025): its 2025 line says so, the others not."""
    con = queries.connect(sample_db)
    status = queries.run(con, "kpi_unit_status", year=2025, as_of=date(2025, 12, 31), unit_ids=departments(con), amber_points=5.0)
    status_2024 = queries.run(con, "kpi_unit_status", year=2024, as_of=date(2024, 12, 31), unit_ids=departments(con),
                              amber_points=5.0)
    con.close()
    lines = {line.split("**")[1]: line for line in views.unit_misses(status, 2025)}
    assert lines["Sở Thông tin và Truyền thông"].startswith(
        "**Sở Thông tin và Truyền thông** (đã sáp nhập, hoạt động đến 28/02/2025; số liệu đến Quý I/2025) — ")
    assert "sáp nhập" not in lines["Sở Khoa học và Công nghệ"]
    assert not [line for line in views.unit_misses(status_2024, 2024) if "sáp nhập" in line]   # a whole year then


def test_trend_labels_keep_clear_of_the_target_marks():
    """Hộp thư công vụ 86 % under a 100 % target: the label below the point (above, the mark crossed it);
    a value far under its target, or over it, keeps its label above; 2 % under a 10 % target, with no room
    below, beside the point."""
    assert views.label_position(86.0, 100.0) == "bottom center"
    assert views.label_position(99.5, 100.0) == "bottom center"
    assert views.label_position(40.0, 80.0) == "top center"
    assert views.label_position(76.0, 50.0) == "top center"
    assert views.label_position(2.0, 10.0) == "middle right"
    assert views.label_position(58.0, None) == "top center"


def test_the_units_by_kpis_matrix_shows_a_hundred_units_a_page():
    """250 units × 2 KPIs: 3 pages in name order (100, 100, 50), every cell tinted by its own status."""
    import pandas as pd

    from charts import plan as views
    rows = [{"unit_id": i, "unit_name": f"Sở {i:03d}", "short_name": kpi, "actual_pct": 50.0 + i % 50,
             "level_mapped": False, "status": "green" if i % 2 else "red"}
            for i in range(250) for kpi in ("Hồ sơ trực tuyến", "Giải quyết đúng hạn")]
    status = pd.DataFrame(rows)
    assert views.matrix_pages(status) == 3
    first, last = views.unit_matrix(status, 1), views.unit_matrix(status, 3)
    assert list(first.data.index[:2]) == ["Sở 000", "Sở 001"] and len(first.data) == 100
    assert list(last.data.index) == [f"Sở {i:03d}" for i in range(200, 250)]
    assert last.data.loc["Sở 201", "Hồ sơ trực tuyến"] == "51,0\xa0%"       # 50 + 201 % 50, a no-break space
    tints = last._compute().ctx                        # (row, column) → CSS of the cell
    assert tints[(1, 0)] != tints[(0, 0)]               # Sở 201 green, Sở 200 red
