"""The "Tổng quan" numbers: the period query on hand-checked examples, and the page showing them."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import queries
from vocabulary.numbers import number, percent
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT, first_start
from tests.workbook_truth import totals

FIXTURES = ROOT / "tests" / "fixtures"


def _load(con, *paths):
    for path in paths:
        report = inspect_file(con, path.name, path.read_bytes())
        assert not report.has_errors, report.issues
        commit_file(con, report, loaded_by="test")


@pytest.fixture
def examples_con(tmp_path):
    con = queries.connect(tmp_path / "ex.duckdb")
    _load(con, FIXTURES / "good_official_formulas_tu_phap_q2_2025.xlsx",
          FIXTURES / "good_rollup_by_unit_quang_tri_6thang_2025.xlsx")
    yield con
    con.close()


def test_quarter_rates_of_the_department_example(examples_con):
    rows = queries.run(examples_con, "dossier_period_totals", kind="quarter", year_from=2025, year_to=2025,
                       unit_ids=None, linh_vuc=None)
    assert len(rows) == 1
    q2 = rows.iloc[0]
    assert q2["label"] == "Quý II/2025"
    assert (q2["recv_total"], q2["recv_online"], q2["recv_offline"], q2["recv_carry"]) == (2885, 2062, 574, 249)
    # docs/domain.md "Example workbooks": 2597/2604 = 99,73 %; 2062/2636 = 78,22 %; 2604/2885 = 90,26 %
    assert (q2["on_time_num"], q2["on_time_den"]) == (2597, 2604)
    assert round(q2["on_time_pct"], 2) == 99.73
    assert (q2["online_num"], q2["online_den"]) == (2062, 2636)
    assert round(q2["online_pct"], 2) == 78.22
    assert round(q2["completion_pct"], 2) == 90.26
    assert q2["proc_late"] == 15


def test_half_year_rollup_sums_units_not_sections(examples_con):
    rows = queries.run(examples_con, "dossier_period_totals", kind="half", year_from=2025, year_to=2025,
                       unit_ids=None, linh_vuc=None)
    h1 = rows.iloc[0]
    assert h1["label"] == "6 tháng đầu năm 2025"
    assert h1["unit_count"] == 16
    assert (h1["recv_total"], h1["recv_online"], h1["res_total"], h1["proc_late"]) == (40551, 24134, 38260, 189)
    assert round(h1["online_pct"], 2) == 62.59   # 24134 / 38557
    assert round(h1["on_time_pct"], 2) == 98.71  # 37767 / 38260


def test_unit_filter_keeps_only_chosen_units(examples_con):
    units = queries.run(examples_con, "dossier_units")
    ids = [int(units.loc[units["name"] == name, "unit_id"].iloc[0]) for name in ("Sở Y tế", "Sở Nội vụ")]
    h1 = queries.run(examples_con, "dossier_period_totals", kind="half", year_from=2025, year_to=2025,
                     unit_ids=ids, linh_vuc=None).iloc[0]
    assert h1["recv_total"] == 1522 + 1318
    assert h1["res_late"] == 11 + 7


def test_previous_period_and_same_period_last_year_on_the_sample(sample_db):
    q4_2025 = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    q3_2025 = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q3.xlsx")))
    q4_2024 = totals(sorted((ROOT / "data/sample/2024").glob("*_2024_q4.xlsx")))
    con = queries.connect(sample_db)
    departments = list(queries.run(con, "level_units", level_group="so")["unit_id"])   # the sample's communes aside
    rows = queries.run(con, "dossier_period_totals", kind="quarter", year_from=2021, year_to=2025,
                       unit_ids=departments, linh_vuc=None)
    con.close()
    assert len(rows) == 20
    last = rows.iloc[-1]
    assert last["label"] == "Quý IV/2025" and last["prev_label"] == "Quý III/2025" and last["ly_label"] == "Quý IV/2024"
    assert last["recv_total"] == q4_2025["recv_total"]
    assert last["d_prev_recv_total"] == q4_2025["recv_total"] - q3_2025["recv_total"]
    assert last["d_ly_recv_total"] == q4_2025["recv_total"] - q4_2024["recv_total"]
    on_time = 100 * (q4_2025["res_before"] + q4_2025["res_ontime"]) / q4_2025["res_total"]
    on_time_ly = 100 * (q4_2024["res_before"] + q4_2024["res_ontime"]) / q4_2024["res_total"]
    assert last["on_time_pct"] == pytest.approx(on_time, abs=1e-4)
    assert last["d_ly_on_time_pp"] == pytest.approx(on_time - on_time_ly, abs=1e-3)
    assert last["proc_late"] == q4_2025["proc_late"]
    # the first quarter of the range has no previous period inside the data
    assert pd.isna(rows.iloc[0]["prev_label"])


def test_overview_page_shows_the_query_numbers(sample_db):
    q4_2025 = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["Hồ sơ nhận giải quyết", "Giải quyết trước và đúng hạn",
                                            "Tiếp nhận trực tuyến", "Đang giải quyết quá hạn"]
    online = 100 * q4_2025["recv_online"] / (q4_2025["recv_online"] + q4_2025["recv_offline"])
    assert at.metric[0].value == number(q4_2025["recv_total"])
    assert at.metric[2].value == percent(online)
    assert at.metric[3].value == number(q4_2025["proc_late"])
    assert "Kỳ gần nhất: Quý IV/2025" in [s.value for s in at.subheader]
    assert any("dữ liệu minh họa" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 2
    # the online target: 50 % "đến năm 2025" drawn over 2022–2025, not in 2025 alone; 100 % on time every year,
    # drawn after (over) both data lines and written at its end
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    names = [t["name"] for t in traces]
    assert names == ["Tỷ lệ đúng hạn", "Tỷ lệ trực tuyến", "Mục tiêu đúng hạn", "Mục tiêu trực tuyến"]
    online_target = traces[3]
    years = online_target["x"][0]
    assert [v for y, v in zip(years, online_target["y"]) if y in ("2022", "2023", "2024", "2025")] == [50.0] * 16
    assert "(mục tiêu đến năm 2025)" in online_target["customdata"][years.index("2023")]
    assert traces[2]["text"][-1] == "mục tiêu 100\u00a0%"
    # a new year's target starts at its first quarter: a step, not a slope across the turn of the year
    assert online_target["line"]["shape"] == "hv"
    # the toolbar in Vietnamese (plotly reads the words from the chart's own config) and trimmed
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "vi"
    assert config["locales"]["vi"]["dictionary"]["Download plot as a PNG"] == "Tải biểu đồ về máy (ảnh PNG)"
    assert "lasso2d" in config["modeBarButtonsToRemove"]


def test_overview_reads_unit_and_kind_from_the_link(sample_db):
    con = queries.connect(sample_db)
    units = queries.run(con, "dossier_units")
    con.close()
    justice = int(units.loc[units["name"] == "Sở Tư pháp", "unit_id"].iloc[0])
    q4_2025 = totals([ROOT / "data/sample/2025/bieu06_so_tu_phap_2025_q4.xlsx"])
    q3_2025 = totals([ROOT / "data/sample/2025/bieu06_so_tu_phap_2025_q3.xlsx"])
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)
    at.query_params.update({"donvi": str(justice), "tu": "2025", "den": "2025"})
    at.run()
    assert not at.exception
    assert at.multiselect[0].value == [justice]
    assert at.slider[0].value == (2025, 2025)
    assert at.metric[0].value == number(q4_2025["recv_total"])
    assert at.metric[3].value == number(q4_2025["proc_late"])
    assert any(f"Kỳ trước (Quý III/2025): {number(q3_2025['recv_total'])}" in c.value for c in at.caption)
    assert any("Phạm vi: Sở Tư pháp · kỳ: quý · 2025" in c.value for c in at.caption)


def test_overview_on_an_empty_warehouse_says_how_to_load(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    queries.connect(db).close()
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)
    monkeypatch.setenv("CCHC_DEMO", "0")   # an empty warehouse stays empty (no demo)
    at.run()
    assert not at.exception
    assert "Chưa có số liệu hồ sơ TTHC" in at.info[0].value


def test_first_start_loads_the_sample_through_the_loader(sample_db_master, sample_db):
    """The shared sample warehouse is the dashboard's first start on an empty file (tests/sample_db.py): the
    page it showed, what the frame logged, and the batches it stored."""
    shown = first_start(sample_db_master)
    assert shown["exception"] == []
    assert shown["metrics"][0] == "Hồ sơ nhận giải quyết"
    assert shown["loaded"][0] == "sample data: 190 files loaded, 0 refused" and shown["refused"] == []
    assert set(shown["loaded"][1:]) <= {"sample data: 0 files loaded, 0 refused"}     # once, by the frame
    con = queries.connect(sample_db)
    dossier_batches = queries.run(con, "batch_history", kind="dossiers", status=None)
    con.close()
    assert len(dossier_batches) == 190      # 188 + 2 commune roll-ups; the other kinds of the sample (scores, plans …) come on top


def test_a_quarter_reported_by_few_units_is_flagged(tmp_path, monkeypatch):
    db = tmp_path / "partial.duckdb"
    con = queries.connect(db)
    files = sorted((ROOT / "data/sample/2025").glob("*_2025_q3.xlsx")) + [
        ROOT / "data/sample/2025/bieu06_so_y_te_2025_q4.xlsx"]
    for path in files:
        commit_file(con, inspect_file(con, path.name, path.read_bytes()), loaded_by="pytest")
    con.close()
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert at.warning[0].value == ("Quý IV/2025 mới có số liệu của 1 đơn vị (kỳ trước: 6 đơn vị): "
                                   "so sánh với kỳ trước chưa đầy đủ.")


def test_overview_from_the_dossier_lists_labels_its_source(sample_db):
    import functools

    from reports import derived_series

    con = queries.connect(sample_db, read_only=True)
    run = functools.partial(queries.run, con)
    stored = run("dossier_period_totals", kind="quarter", year_from=2024, year_to=2025, unit_ids=None, linh_vuc=None)
    derived = derived_series.period_series(run, stored, None).iloc[-1]
    con.close()
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=120)
    at.query_params.update({"nguon": "dossiers", "tu": "2024", "den": "2025"})
    at.run()
    assert not at.exception
    assert at.radio(key="o_source").value == "dossiers"
    assert any(c.value.startswith("Nguồn số liệu: tính từ danh sách hồ sơ") for c in at.caption)
    # Q4/2025 derived from the lists (not the reports' figures), with its comparisons
    assert derived["label"] == "Quý IV/2025" and derived["prev_label"] == "Quý III/2025"
    assert at.metric[0].value == number(derived["recv_total"])
    assert at.metric[1].value == percent(derived["on_time_pct"])
    assert at.metric[3].value == number(derived["proc_late"])
    assert any(f"Cùng kỳ năm trước (Quý IV/2024): {number(derived['ly_recv_total'])}" in c.value for c in at.caption)
    # the way to the dossiers behind the numbers (a page run alone names the page instead of linking)
    assert any(c.value == "Hồ sơ đang giải quyết quá hạn: trang Hồ sơ chi tiết" for c in at.caption)
    at.radio(key="o_source").set_value("reports").run()
    assert at.metric[0].value != number(derived["recv_total"])
    assert any(c.value == "Nguồn số liệu: báo cáo Biểu 06 các đơn vị gửi." for c in at.caption)
