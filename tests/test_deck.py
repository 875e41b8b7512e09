"""The .pptx deck read back with python-pptx: the expected slides, their titles, and numbers equal to the
query results (and to the sample workbooks summed without our loader). Also the PNG and .xlsx bundles."""

import datetime as dt
import functools
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION

import queries
from charts import presentation as figures
from vocabulary.numbers import number, percent
from reports import deck as pptx
from reports import images, slides
from tests.sample_db import ROOT, departments
from tests.workbook_truth import totals

CREATED = dt.datetime(2026, 1, 5, 9, 30)
TITLES_ALL_UNITS = [
    "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH",
    "Kết quả chủ yếu — Quý IV/2025",
    "Tỷ lệ giải quyết trước và đúng hạn theo kỳ",
    "Tỷ lệ tiếp nhận trực tuyến theo kỳ",
    "Đơn vị có tỷ lệ giải quyết trước và đúng hạn thấp nhất",
    "Lĩnh vực có tỷ lệ giải quyết trước và đúng hạn thấp nhất",
    "Đơn vị có tỷ lệ tiếp nhận trực tuyến thấp nhất",
    "Lĩnh vực có tỷ lệ tiếp nhận trực tuyến thấp nhất",
    "PAR INDEX cấp sở năm 2025",
    "Điểm bị mất của đơn vị thấp nhất — Sở Nông nghiệp và Môi trường",
    "Chỉ tiêu kế hoạch CCHC",
    "Nhiệm vụ kế hoạch CCHC quá hạn",
    "Xã, phường có tỷ lệ giải quyết trước và đúng hạn thấp nhất",      # the communes' slide (issue 19)
    "Tồn tại, hạn chế",
]


@pytest.fixture
def con(sample_db):
    connection = queries.connect(sample_db)
    yield connection
    connection.close()


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]


def _chart(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def _table(slide):
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_deck_for_all_units_has_fourteen_slides_with_the_query_numbers(con):
    run = functools.partial(queries.run, con)
    deck = slides.build(run, slides.Settings(), created=CREATED)
    presentation = Presentation(io.BytesIO(pptx.build(deck)))
    assert len(presentation.slides) == 14
    assert [_texts(s)[0] for s in presentation.slides] == TITLES_ALL_UNITS
    # no unit chosen: the province, with who reported (the six sample departments, all at level "so")
    # no unit chosen, the default level: the departments, not the province (the communes report too)
    assert _texts(presentation.slides[0])[1] == "Các sở, ban, ngành — Quý IV/2025"
    assert "Phạm vi: các sở, ban, ngành (6 sở, ngành có số liệu)." in _texts(presentation.slides[0])[2]
    assert _texts(presentation.slides[1])[1] == "Các sở, ban, ngành (6 sở, ngành có số liệu)"

    periods = queries.run(con, "dossier_period_totals", kind="quarter", year_from=0, year_to=9999, unit_ids=departments(con),
                          linh_vuc=None)
    q4 = periods.iloc[-1]
    assert q4["label"] == "Quý IV/2025"
    # the same numbers straight from the six Q4/2025 workbooks
    truth = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    assert q4["recv_total"] == truth["recv_total"]
    assert q4["on_time_pct"] == pytest.approx(100 * (truth["res_before"] + truth["res_ontime"]) / truth["res_total"])
    headline = " | ".join(_texts(presentation.slides[1]))
    for shown in (number(q4["recv_total"]), percent(q4["on_time_pct"]), percent(q4["online_pct"]),
                  number(q4["proc_late"]), "Chưa đạt mục tiêu", "Đạt mục tiêu"):
        assert shown in headline
    notes = presentation.slides[1].notes_slide.notes_text_frame.text
    assert f"đã tiếp nhận {number(q4['recv_total'])} hồ sơ" in notes and "DỮ LIỆU MINH HỌA" in notes

    # trend: Q1/2023 … Q4/2025 (three years), native chart values = the query's on-time rates
    trend = _chart(presentation.slides[2])
    last12 = periods[periods["year"] >= 2023]
    assert list(trend.plots[0].categories) == [f"{q}/{y}" for y in (23, 24, 25) for q in ("I", "II", "III", "IV")]
    # the rates run from 97 to 100 %: the axis starts at 90 % and says so
    assert trend.value_axis.minimum_scale == 90
    assert trend.value_axis.axis_title.text_frame.text == "Trục dọc bắt đầu từ 90\u00a0%"
    assert list(trend.plots[0].series[0].values) == pytest.approx(list(last12["on_time_pct"]))
    assert list(trend.plots[0].series[1].values) == [100.0] * 12          # the plan target, every year 100 %
    # a label on the first and the last point only, under the point: the 100 % target line is above them
    line = trend.plots[0].series[0]
    labels = {i: line.points[i].data_label for i in range(12) if line.points[i].data_label.has_text_frame}
    assert {i: label.text_frame.text for i, label in labels.items()} == {
        0: percent(last12.iloc[0]["on_time_pct"]), 11: percent(q4["on_time_pct"])}
    assert {label.position for label in labels.values()} == {XL_LABEL_POSITION.BELOW}

    # the five units with the lowest online rate, lowest first, in the chart and the table
    lowest = queries.run(con, "presentation_unit_period", period_start=q4["period_start"],
                         period_end=q4["period_end"], unit_ids=departments(con), metric="online", min_dossiers=10).head(5)
    bars = _chart(presentation.slides[6])
    assert list(bars.plots[0].categories) == list(lowest["unit_name"])
    assert list(bars.plots[0].series[0].values) == pytest.approx(list(lowest["online_pct"]))
    table = _table(presentation.slides[6])
    # no overdue count beside the online rate: it is not Mẫu − Tử and answers another question
    assert table[0] == ["Đơn vị", "Tỷ lệ", "Tử số", "Mẫu số", "Mức"]
    assert _table(presentation.slides[4])[0] == ["Đơn vị", "Tỷ lệ", "Tử số", "Mẫu số",
                                                 "Quá hạn (đã + đang giải quyết)", "Mức"]
    first = lowest.iloc[0]
    assert table[1][:4] == [first["unit_name"], percent(first["online_pct"]), number(first["online_num"]),
                            number(first["online_den"])]
    assert table[1][4] == ("Cần cải thiện gấp" if first["online_pct"] < 80 else
                           "Cần chú ý" if first["online_pct"] < 90 else "Đạt ngưỡng")
    # PAR INDEX cấp sở 2025 (the demo department scores): the lowest five, then where the last one lost points
    ranking = queries.run(con, "score_compare", index_code="PAR", subject_kind="so", year=2025, unit_ids=None,
                          demo_loader="dữ liệu mẫu")
    lowest_scores = ranking.tail(5).iloc[::-1]
    bars = _chart(presentation.slides[8])
    assert list(bars.plots[0].categories) == list(lowest_scores["unit_name"])
    assert list(bars.plots[0].series[0].values) == pytest.approx(list(lowest_scores["score"]))
    weakest = ranking.iloc[-1]
    lost = queries.run(con, "score_components", index_code="PAR", unit_id=int(weakest["unit_id"]), year=2025)
    assert list(_chart(presentation.slides[9]).plots[0].series[0].values) == pytest.approx(list(lost["lost"]))
    assert _table(presentation.slides[9])[1][3] == number(lost.iloc[0]["lost"], 2)
    # the plan's KPIs against their targets: the yearly on-time rate of kpi_status, "Gần đạt" (under 5 points short)
    kpis = queries.run(con, "kpi_status", year=2025, as_of=q4["period_end"], unit_ids=departments(con), amber_points=5.0)
    on_time = kpis.set_index("kpi_code").loc["dossier_on_time"]
    kpi_rows = _table(presentation.slides[10])
    assert ["Giải quyết đúng hạn", percent(on_time["actual_pct"]), percent(on_time["target_pct"])] in [
        r[:3] for r in kpi_rows] and any(r[-1] == "Gần đạt" for r in kpi_rows)
    # slide 11 and "Tồn tại, hạn chế" count the same rows: every KPI with a value below its target
    with_value = kpis[(kpis["status"] != "no_data") & kpis["actual_pct"].notna()]
    amber, red = (with_value["status"] == "amber").sum(), (with_value["status"] == "red").sum()
    assert on_time["status"] == "amber" and amber >= 1 and red >= 1
    verdict = f"chưa đạt mục tiêu ({number(amber)} gần đạt, {number(red)} chưa đạt)"
    assert f"{number(amber + red)} {verdict}" in " ".join(_texts(presentation.slides[10]))
    shortcomings = " ".join(_texts(presentation.slides[13]))
    assert f"Có {number(amber + red)} chỉ tiêu của kế hoạch CCHC {verdict}" in shortcomings
    assert f"Giải quyết đúng hạn ({percent(on_time['actual_pct'])}, mục tiêu ≥ 100" in shortcomings
    # the 2025 plan's tasks (Q4/2025 ends in 2025) past their deadline on the day the deck is made, longest
    # overdue first; the 2026 plan (22 more tasks in the sample) stays out
    tasks = queries.run(con, "plan_task_list", today=CREATED.date(), due_days=30, plan_year=2025, unit_ids=None)
    every_plan = queries.run(con, "plan_task_list", today=CREATED.date(), due_days=30, plan_year=None, unit_ids=None)
    assert len(tasks) == 22 and len(every_plan) == 44
    late = tasks[tasks["status"] == "late"].sort_values("days_overdue", ascending=False)
    rows = _table(presentation.slides[11])
    assert rows[0] == ["Nhiệm vụ", "Chủ trì", "Thời hạn", "Quá hạn (ngày)"]
    assert [r[0] for r in rows[1:]] == [slides.task_text(t) for t in late["task"].head(5)]
    assert rows[1][3] == number(late.iloc[0]["days_overdue"])
    assert (f"Kế hoạch năm 2025: tổng số 22 nhiệm vụ, đã hoàn thành {number((tasks['status'] == 'done').sum())}, "
            f"quá hạn {number(len(late))}") in " ".join(_texts(presentation.slides[11]))
    assert "kế hoạch năm 2025" in _texts(presentation.slides[11])[1]


def test_one_department_gets_no_unit_ranking(con):
    units = queries.run(con, "dossier_units")
    justice = int(units.loc[units["name"] == "Sở Tư pháp", "unit_id"].iloc[0])
    settings = slides.Settings((justice,), ("Sở Tư pháp",), period_end=dt.date(2025, 12, 14))
    deck = slides.build(functools.partial(queries.run, con), settings, created=CREATED)
    presentation = Presentation(io.BytesIO(pptx.build(deck)))
    titles = [_texts(s)[0] for s in presentation.slides]
    assert len(titles) == 10 and not any(t.startswith("Đơn vị có") for t in titles)
    truth = totals([ROOT / "data/sample/2025/bieu06_so_tu_phap_2025_q4.xlsx"])
    headline = " | ".join(_texts(presentation.slides[1]))
    assert "Sở Tư pháp" in headline and number(truth["recv_total"]) in headline
    # on time = (trước hạn + đúng hạn) / đã giải quyết, from the workbook's "Tổng số" row
    assert percent(100 * (truth["res_before"] + truth["res_ontime"]) / truth["res_total"]) in headline


def test_an_earlier_period_can_be_chosen(con):
    deck = slides.build(functools.partial(queries.run, con), slides.Settings(period_end=dt.date(2024, 6, 14)),
                        created=CREATED)
    assert deck.period_label == "Quý II/2024"
    trend = next(s for s in deck.slides if s.key == "trend_on_time")
    assert trend.chart.categories[0] == "I/22" and trend.chart.categories[-1] == "II/24"


def test_charts_and_tables_bundles(con):
    deck = slides.build(functools.partial(queries.run, con), slides.Settings(), created=CREATED)
    with zipfile.ZipFile(io.BytesIO(images.charts_zip(deck))) as archive:
        names = archive.namelist()
        assert names == ["03_xu_huong_on_time.png", "04_xu_huong_online.png", "05_thap_nhat_on_time_unit.png",
                         "06_thap_nhat_on_time_linh_vuc.png", "07_thap_nhat_online_unit.png",
                         "08_thap_nhat_online_linh_vuc.png", "09_par_cap_so_2025.png", "10_diem_bi_mat_11_2025.png",
                         "13_thap_nhat_on_time_commune.png"]      # the communes' slide (issue 19)
        assert archive.read(names[0])[:8] == b"\x89PNG\r\n\x1a\n"
    with zipfile.ZipFile(io.BytesIO(images.tables_zip(deck))) as archive:
        # 2 trends, 4 lowest-N lists, PAR ranking, points lost, plan KPIs, overdue tasks, the communes (issue 19)
        assert len(archive.namelist()) == 11
        book = openpyxl.load_workbook(io.BytesIO(archive.read("08_linh_vuc_online.xlsx")))
    rows = list(book.active.iter_rows(values_only=True))
    expected = queries.run(con, "presentation_linh_vuc_period", period_start=dt.date(2025, 9, 15),
                           period_end=dt.date(2025, 12, 14), unit_ids=departments(con), metric="online", min_dossiers=10)
    # every lĩnh vực behind the slide, not only the five shown; numbers kept as numbers
    assert len(rows) == 1 + len(expected)
    assert rows[1][0] == expected.iloc[0]["linh_vuc"] and rows[1][1] == pytest.approx(expected.iloc[0]["online_pct"])


def _task_frame(rows) -> pd.DataFrame:
    """A task list shaped like plan_task_list."""
    columns = queries.contract("plan_task_list")["columns"]
    return pd.DataFrame([dict.fromkeys(columns) | dict(plan_year=2025, task=t, lead_unit=u, deadline_text=d, status=st,
                                                       days_overdue=o, due_soon=soon)
                         for t, u, d, st, o, soon in rows], columns=columns)


def test_overdue_plan_tasks_slide():
    """The late ones, longest overdue first, with the counts; the list marks of the source file left out."""
    tasks = _task_frame([
        ("- Rà soát quy trình nội bộ", "Văn phòng Sở", "Quý II/2025", "late", 170, False),
        ("+ Số hóa hồ sơ lưu trữ", "Phòng Hành chính", "30/9/2025", "late", 95, False),
        ("Ban hành kế hoạch kiểm tra", "Thanh tra Sở", "Tháng 3/2025", "done", None, False),
        ("Khảo sát sự hài lòng", "Văn phòng Sở", "31/12/2025", "in_progress", None, True)])
    slide = slides._task_slide(tasks, dt.date(2025, 12, 18), slides.Settings(), 2025)
    assert slide.narrative == ("Kế hoạch năm 2025: tổng số 4 nhiệm vụ, đã hoàn thành 1, quá hạn 2, sắp đến hạn "
                               "(trong 30 ngày) 1.",)
    assert slide.table.cells() == [["Rà soát quy trình nội bộ", "Văn phòng Sở", "Quý II/2025", "170"],
                                   ["Số hóa hồ sơ lưu trữ", "Phòng Hành chính", "30/9/2025", "95"]]
    assert slides._task_shortcoming(tasks) == (
        "Có 2 nhiệm vụ của kế hoạch CCHC năm 2025 quá hạn chưa hoàn thành, lâu nhất: Rà soát quy trình nội bộ "
        "(Văn phòng Sở, quá 170 ngày); Số hóa hồ sơ lưu trữ (Phòng Hành chính, quá 95 ngày).")


def test_more_overdue_tasks_than_shown_are_counted():
    # 7 late tasks, 5 on the slide: 7 − 5 = 2 others; the shortcoming names 3: 7 − 3 = 4 others
    tasks = _task_frame([(f"Nhiệm vụ {i}", "Sở Nội vụ", "Quý I/2025", "late", 100 - i, False) for i in range(1, 8)])
    slide = slides._task_slide(tasks, dt.date(2025, 12, 18), slides.Settings(), 2025)
    assert len(slide.table.cells()) == 5 and len(slide.appendix.cells()) == 7
    assert slide.narrative[1] == ("Bảng nêu 5 nhiệm vụ quá hạn lâu nhất và 2 nhiệm vụ khác (danh sách đầy đủ trong "
                                  "phụ lục và bảng .xlsx).")
    assert slides._task_shortcoming(tasks).endswith("Nhiệm vụ 3 (Sở Nội vụ, quá 97 ngày) và 4 nhiệm vụ khác.")


def test_a_year_without_a_plan_says_so(con):
    # Q2/2024: the sample holds the plans of 2025 and 2026 only
    deck = slides.build(functools.partial(queries.run, con), slides.Settings(period_end=dt.date(2024, 6, 14)),
                        created=CREATED)
    slide = next(s for s in deck.slides if s.key == "plan_tasks")
    assert slide.table is None and slide.empty == (
        "Chưa có kế hoạch CCHC năm 2024 trong kho (đã có kế hoạch năm 2025, 2026). Nạp kế hoạch năm 2024 ở trang "
        "\"Nạp dữ liệu\".")
    shortcomings = " ".join(deck.slides[-1].narrative)
    assert "nhiệm vụ" not in shortcomings


def test_kpis_short_of_target_are_counted_alike_on_both_slides():
    """Three KPIs shaped like kpi_status: 95 % / ≥ 100 % is 5 points short (amber), 80 % / ≥ 100 % red,
    60 % / ≥ 50 % met. Missed = amber + red = 2, on the KPI slide and in "Tồn tại, hạn chế"."""
    columns = queries.contract("kpi_status")["columns"]
    kpis = pd.DataFrame([dict.fromkeys(columns) | dict(short_name=n, actual_pct=a, target_pct=t, comparator=">=",
                                                       status=st, gap_pp=a - t, source=src,
                                                       gap_units=gu, numerator_label=nl)
                         for n, a, t, st, src, gu, nl in [
                             ("Hộp thư công vụ", 80.0, 100.0, "red", "kpi_value", 14, "tài khoản hoạt động"),
                             ("Giải quyết đúng hạn", 95.0, 100.0, "amber", "dossier", 1250, "hồ sơ đúng hạn"),
                             ("Số hóa hồ sơ", 60.0, 50.0, "green", "kpi_value", 0, "hồ sơ được số hóa")]],
                        columns=columns)
    current = {"year": 2025, "label": "Quý IV/2025"}
    slide = slides._kpi_slide(kpis, current, slides.Settings())
    assert slide.narrative == (
        "3 chỉ tiêu có số liệu năm 2025: 1 đạt mục tiêu, 2 chưa đạt mục tiêu (1 gần đạt, 1 chưa đạt).",
        "Chưa đạt mục tiêu: Hộp thư công vụ (80,00\u00a0%, mục tiêu ≥ 100\u00a0%), Giải quyết đúng hạn "
        "(95,00\u00a0%, mục tiêu ≥ 100\u00a0%).")
    # what each lacks in units of work, as the page says it (42 of 56 mailboxes active → 14 more)
    assert list(slide.table.frame["need"]) == ["cần thêm 14 tài khoản hoạt động", "cần thêm 1.250 hồ sơ đúng hạn", ""]
    assert [c.label for c in slide.table.columns] == ["Chỉ tiêu", "Kết quả", "Mục tiêu", "Chênh lệch", "Cần thêm",
                                                      "Đánh giá"]
    assert slide.table.columns[1].header == "Kết quả năm 2025"
    assert slides._kpi_shortcomings(kpis) == (
        "Có 2 chỉ tiêu của kế hoạch CCHC chưa đạt mục tiêu (1 gần đạt, 1 chưa đạt): Hộp thư công vụ "
        "(80,00\u00a0%, mục tiêu ≥ 100\u00a0%), Giải quyết đúng hạn (95,00\u00a0%, mục tiêu ≥ 100\u00a0%).")


def test_trend_labels_on_the_ends_only_and_clear_of_the_target():
    """Online rate 48,82 % → 76,65 % under a 50 % target from 2025: the labels of the first and last points,
    both above the line (the target is below the last point, absent at the first); on time 98,5 → 99,5 %
    under a 100 % target: below the line, so the dashed target does not cross them."""
    online = slides.Chart("t", "t", ("Q1/23", "Q2/23", "Q3/23", "Q4/25"), (
        slides.Series("Tỷ lệ", (48.82, 58.7, None, 76.65), "#1f4e79"),
        slides.Series("Mục tiêu năm", (None, None, 50.0, 50.0), "#888888", "target")))
    assert figures.labelled_points(online, online.series[0]) == {0: "above", 3: "above"}
    on_time = slides.Chart("t", "t", ("Q1/23", "Q2/23", "Q3/23"), (
        slides.Series("Tỷ lệ", (98.5, 99.6, 99.53), "#1f4e79"),
        slides.Series("Mục tiêu năm", (100.0, 100.0, 100.0), "#888888", "target")))
    assert figures.labelled_points(on_time, on_time.series[0]) == {0: "below", 2: "below"}
    trace = figures.figure(on_time).data[0]
    assert list(trace.text) == ["98,50\u00a0%", "", "99,53\u00a0%"]
    assert list(trace.textposition) == ["bottom center", "top center", "bottom center"]


def test_two_chosen_units_are_named(con):
    units = queries.run(con, "dossier_units").set_index("name")["unit_id"]
    chosen = ("Sở Y tế", "Sở Nội vụ")
    deck = slides.build(functools.partial(queries.run, con),
                        slides.Settings(tuple(int(units[n]) for n in chosen), chosen), created=CREATED)
    assert deck.slides[0].subtitle == "Sở Y tế và Sở Nội vụ — Quý IV/2025"
    assert deck.slides[0].narrative[0] == "Phạm vi: Sở Y tế và Sở Nội vụ (2 đơn vị có số liệu)."
