"""The "Hồ sơ TTHC" page and its aggregate queries, against numbers read straight from the sample workbooks."""

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

import queries
from charts import dossiers as figures
from vocabulary.numbers import number, percent
from reports.excel import table_xlsx
from tests.sample_db import ROOT, departments
from tests.workbook_truth import linh_vuc_rows, quarter_files, totals, year_of_quarters

PAGE = str(ROOT / "pages" / "dossiers.py")


def _unit_id(con, name):
    units = queries.run(con, "dossier_units")
    return int(units.loc[units["name"] == name, "unit_id"].iloc[0])


def test_ranking_uses_the_official_year_and_last_year(sample_db):
    con = queries.connect(sample_db)
    justice = _unit_id(con, "Sở Tư pháp")
    ranking = queries.run(con, "dossier_unit_ranking", year=2024, unit_ids=None, definition="default")
    con.close()
    y2024 = year_of_quarters(quarter_files("so_tu_phap", 2024))
    y2023 = year_of_quarters(quarter_files("so_tu_phap", 2023))
    row = ranking[ranking["unit_id"] == justice].iloc[0]
    expected = 100 * (y2024["res_before"] + y2024["res_ontime"]) / y2024["res_total"]
    expected_last = 100 * (y2023["res_before"] + y2023["res_ontime"]) / y2023["res_total"]
    assert row["res_total"] == y2024["res_total"]
    assert row["chosen_pct"] == pytest.approx(expected, abs=1e-9)
    assert row["d_chosen_pp"] == pytest.approx(expected - expected_last, abs=1e-9)
    assert row["proc_late"] == y2024["proc_late"]          # the stock at the end of Q4, not a sum
    assert len(ranking) == 10                              # ten departments reported in 2024
    assert list(ranking["rank"]) == sorted(ranking["rank"])
    assert ranking["chosen_pct"].is_monotonic_decreasing


def test_ranking_definition_766_counts_pending_in_time(sample_db):
    con = queries.connect(sample_db)
    justice = _unit_id(con, "Sở Tư pháp")
    row = queries.run(con, "dossier_unit_ranking", year=2024, unit_ids=[justice], definition="qd766").iloc[0]
    con.close()
    y = year_of_quarters(quarter_files("so_tu_phap", 2024))
    expected = 100 * (y["res_before"] + y["res_ontime"] + y["proc_ontime"]) / (y["res_total"] + y["proc_total"])
    assert row["chosen_pct"] == pytest.approx(expected, abs=1e-9)
    assert row["rank"] == 1


def test_linh_vuc_breakdown_puts_the_most_late_first(sample_db):
    con = queries.connect(sample_db)
    land = _unit_id(con, "Sở Tài nguyên và Môi trường")
    breakdown = queries.run(con, "dossier_linh_vuc_breakdown", year=2022, unit_ids=[land])
    con.close()
    quarters = [linh_vuc_rows(p) for p in quarter_files("so_tai_nguyen_va_moi_truong", 2022)]
    late = {lv: sum(q[lv]["res_late"] for q in quarters if lv in q) + quarters[-1].get(lv, {}).get("proc_late", 0)
            for lv in quarters[0]}
    worst = max(late, key=late.get)
    assert breakdown.iloc[0]["linh_vuc"] == worst
    assert breakdown.iloc[0]["late_total"] == late[worst]
    assert breakdown["late_share"].sum() == pytest.approx(100.0)


def test_page_shows_formula_and_numbers_of_the_latest_quarter(sample_db):
    q4 = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    text = at.expander[0].markdown[0].value
    on_time = 100 * (q4["res_before"] + q4["res_ontime"]) / q4["res_total"]
    assert f"{percent(on_time)} = {number(q4['res_before'] + q4['res_ontime'])} / {number(q4['res_total'])}" in text
    # the shown tab's four charts only (on-time and online, resolution, channels, overdue stock): the other tabs
    # are computed when opened (frame/tabs.py)
    assert len(at.get("plotly_chart")) == 4
    assert at.tabs[0].label == "Xu hướng"
    at.session_state["p_tab"] = "So sánh đơn vị"
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1                     # the heat map
    assert not at.expander                                     # the trend tab's formulas are not computed


def test_a_choice_in_a_tab_is_kept_while_another_tab_is_shown(sample_db):
    """The ranking's year chosen in "So sánh đơn vị" is still chosen after a look at "Xu hướng": the widget is not
    drawn in that run, and Streamlit would forget its value (frame/tabs.py keeps it)."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["p_tab"] = "So sánh đơn vị"
    at.run()
    assert at.selectbox(key="p_rank_year").value == 2025
    at.selectbox(key="p_rank_year").set_value(2023).run()
    assert any(m.value.startswith("**Xếp hạng đơn vị năm 2023**") for m in at.markdown)
    at.session_state["p_tab"] = "Xu hướng"
    at.run()
    assert not at.get("selectbox") or all(b.key != "p_rank_year" for b in at.selectbox)
    at.session_state["p_tab"] = "So sánh đơn vị"
    at.run()
    assert not at.exception
    assert at.selectbox(key="p_rank_year").value == 2023
    assert any(m.value.startswith("**Xếp hạng đơn vị năm 2023**") for m in at.markdown)


def test_changing_definition_changes_the_numbers(sample_db):
    q4 = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio(key="p_definition").set_value("qd766").run()
    assert not at.exception
    text = at.expander[0].markdown[0].value
    num = q4["res_before"] + q4["res_ontime"] + q4["proc_ontime"]
    den = q4["res_total"] + q4["proc_total"]
    assert f"{percent(100 * num / den)} = {number(num)} / {number(den)}" in text
    assert "đang trong hạn" in text


def test_changing_unit_and_years_changes_the_numbers(sample_db):
    con = queries.connect(sample_db)
    science = _unit_id(con, "Sở Khoa học và Công nghệ")
    con.close()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.multiselect(key="f_units").set_value([science]).run()
    at.slider(key="f_years").set_value((2021, 2021)).run()
    assert not at.exception
    q4 = totals([ROOT / "data/sample/2021/bieu06_so_khoa_hoc_va_cong_nghe_2021_q4.xlsx"])
    text = at.expander[0].markdown[0].value
    assert "Quý IV/2021" in text
    assert f"{number(q4['recv_online'])} / {number(q4['recv_online'] + q4['recv_offline'])} hồ sơ" in text


def test_year_view_builds_years_from_quarters(sample_db):
    con = queries.connect(sample_db)
    justice = _unit_id(con, "Sở Tư pháp")
    con.close()
    y2024 = year_of_quarters(quarter_files("so_tu_phap", 2024))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update({"donvi": str(justice), "xem": "year", "tu": "2021", "den": "2024"})
    at.run()
    assert not at.exception
    assert at.radio(key="p_grain").value == "year"
    text = at.expander[0].markdown[0].value
    assert "Năm 2024" in text
    assert f"{number(y2024['res_before'] + y2024['res_ontime'])} / {number(y2024['res_total'])}" in text


def test_ranking_download_is_a_workbook(sample_db):
    """The page offers the ranking and the lĩnh vực table as .xlsx; the ranking workbook, built as the button
    builds it, holds every ranked unit with its rate."""
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["p_tab"] = "So sánh đơn vị"
    labels = [b.label for b in at.run().get("download_button")]
    at.session_state["p_tab"] = "Lĩnh vực"
    labels += [b.label for b in at.run().get("download_button")]
    assert "Tải bảng xếp hạng (.xlsx)" in labels and "Tải bảng lĩnh vực (.xlsx)" in labels
    con = queries.connect(sample_db)
    ranking = queries.run(con, "dossier_unit_ranking", year=2025, unit_ids=None, definition="default")
    con.close()
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(ranking, figures.RANKING_COLUMNS, "Xếp hạng 2025"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Hạng", "Đơn vị", "Tỷ lệ đúng hạn")
    assert len(rows) == 1 + len(ranking) and len(ranking) >= 6
    assert [r[1] for r in rows[1:]] == list(ranking["unit_name"])
    assert rows[1][2] == pytest.approx(ranking["chosen_pct"][0], abs=0.01)


def test_province_year_across_the_2025_merger_counts_each_stock_once(sample_db):
    files = sorted((ROOT / "data/sample/2025").glob("*.xlsx"))
    q1 = totals([f for f in files if f.name.endswith("_q1.xlsx")])
    q4 = totals([f for f in files if f.name.endswith("_q4.xlsx")])
    flows = totals(files)
    con = queries.connect(sample_db)
    year = queries.run(con, "dossier_yearly_totals", year_from=2025, year_to=2025, unit_ids=departments(con)).iloc[0]
    con.close()
    # ten departments report Q1 2025, six merged ones Q2–Q4: the province's year still opens with the
    # Q1 carry-over and closes with the Q4 pending, whoever held the dossiers
    assert year["recv_carry"] == q1["recv_carry"]
    assert year["proc_total"] == q4["proc_total"] and year["proc_late"] == q4["proc_late"]
    assert year["recv_online"] == flows["recv_online"] and year["res_total"] == flows["res_total"]
    assert year["recv_total"] == flows["recv_online"] + flows["recv_offline"] + q1["recv_carry"]
    # 10 departments before the merger, 5 of them kept their name, plus the new Sở Nông nghiệp và Môi trường
    assert year["unit_count"] == 11 and year["incomplete_units"] == 6


def test_the_year_view_says_its_period_is_the_year(sample_db):
    """"Xem theo: Năm" sums whole years whatever the sidebar's period kind: the scope line says "kỳ: năm"."""
    at = AppTest.from_file(str(ROOT / "pages" / "dossiers.py"), default_timeout=60)
    at.query_params["xem"] = "year"
    at.run()
    assert not at.exception
    # no unit chosen: the level shown, departments by default (issue 19)
    assert "Phạm vi: các sở, ban, ngành · kỳ: năm · 2021–2025" in [c.value for c in at.caption]
    at.radio(key="p_grain").set_value("period").run()
    assert "Phạm vi: các sở, ban, ngành · kỳ: quý · 2021–2025" in [c.value for c in at.caption]


def test_the_trend_from_the_dossier_lists_says_so_and_links_a_unit_to_its_late_dossiers(sample_db):
    import functools

    from reports import derived_series

    con = queries.connect(sample_db, read_only=True)
    run = functools.partial(queries.run, con)
    justice = _unit_id(con, "Sở Tư pháp")
    stored = run("dossier_period_totals", kind="quarter", year_from=2025, year_to=2025, unit_ids=None, linh_vuc=None)
    q4 = derived_series.period_series(run, stored, None).iloc[-1]
    year = derived_series.year_series(run, 2025, 2025, [justice]).iloc[-1]
    con.close()
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params.update({"nguon": "dossiers", "tu": "2025", "den": "2025"})
    at.run()
    assert not at.exception
    assert any(c.value.startswith("Nguồn số liệu: tính từ danh sách hồ sơ") for c in at.caption)
    text = at.expander[0].markdown[0].value
    assert "Quý IV/2025" in text and (f"{percent(q4['on_time_pct'])} = {number(q4['on_time_num'])} / "
                                      f"{number(q4['on_time_den'])}") in text
    # the year view from the lists: the official year 2025 of Sở Tư pháp counted as one window
    at.radio(key="p_grain").set_value("year").run()
    at.multiselect[0].set_value([justice]).run()
    assert not at.exception
    text = at.expander[0].markdown[0].value
    assert f"{percent(year['on_time_pct'])} = {number(year['on_time_num'])} / {number(year['on_time_den'])}" in text
    # the ranking (reports) leads to a unit's late dossiers of the year
    at.session_state["p_tab"] = "So sánh đơn vị"
    at.run()
    assert at.selectbox(key="p_late_unit").value == justice
    assert any(c.value.startswith("Hồ sơ giải quyết quá hạn (") and c.value.endswith(": trang Hồ sơ chi tiết")
               for c in at.caption)
