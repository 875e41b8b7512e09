"""The .pptx deck read back with python-pptx: the expected slides, their titles, and numbers equal to the
query results (and to the sample workbooks summed without our loader). Also the PNG and .xlsx bundles."""

import datetime as dt
import functools
import io
import zipfile

import openpyxl
import pytest
from pptx import Presentation

import queries
from charts.format import number, percent
from reports import deck as pptx
from reports import images, slides
from tests.sample_db import ROOT
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
    "Chỉ số cải cách hành chính và điểm bị trừ",
    "Chỉ tiêu kế hoạch CCHC",
    "Nhiệm vụ kế hoạch CCHC quá hạn",
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


def test_the_deck_for_all_units_has_twelve_slides_with_the_query_numbers(con):
    run = functools.partial(queries.run, con)
    deck = slides.build(run, slides.Settings(), created=CREATED)
    presentation = Presentation(io.BytesIO(pptx.build(deck)))
    assert len(presentation.slides) == 12
    assert [_texts(s)[0] for s in presentation.slides] == TITLES_ALL_UNITS

    periods = queries.run(con, "dossier_period_totals", kind="quarter", year_from=0, year_to=9999, unit_ids=None,
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
    assert list(trend.plots[0].categories) == [f"{r}/{y}" for y in (2023, 2024, 2025) for r in ("I", "II", "III", "IV")]
    assert list(trend.plots[0].series[0].values) == pytest.approx(list(last12["on_time_pct"]))
    assert list(trend.plots[0].series[1].values) == [100.0] * 12          # the plan target, every year 100 %

    # the five units with the lowest online rate, lowest first, in the chart and the table
    lowest = queries.run(con, "presentation_unit_period", period_start=q4["period_start"],
                         period_end=q4["period_end"], unit_ids=None, metric="online", min_dossiers=10).head(5)
    bars = _chart(presentation.slides[6])
    assert list(bars.plots[0].categories) == list(lowest["unit_name"])
    assert list(bars.plots[0].series[0].values) == pytest.approx(list(lowest["online_pct"]))
    table = _table(presentation.slides[6])
    assert table[0] == ["Đơn vị", "Tỷ lệ", "Tử số", "Mẫu số", "Trễ hạn", "Mức"]
    first = lowest.iloc[0]
    assert table[1][:4] == [first["unit_name"], percent(first["online_pct"]), number(first["online_num"]),
                            number(first["online_den"])]
    assert table[1][5] == ("Cần cải thiện gấp" if first["online_pct"] < 80 else
                           "Cần chú ý" if first["online_pct"] < 90 else "Đạt ngưỡng")
    # no index scores or plan tasks stored: the slides say so instead of showing numbers
    assert "Chưa có dữ liệu chỉ số CCHC" in " ".join(_texts(presentation.slides[8]))


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
    assert trend.chart.categories[0] == "I/2022" and trend.chart.categories[-1] == "II/2024"


def test_charts_and_tables_bundles(con):
    deck = slides.build(functools.partial(queries.run, con), slides.Settings(), created=CREATED)
    with zipfile.ZipFile(io.BytesIO(images.charts_zip(deck))) as archive:
        names = archive.namelist()
        assert names == ["03_xu_huong_on_time.png", "04_xu_huong_online.png", "05_thap_nhat_on_time_unit.png",
                         "06_thap_nhat_on_time_linh_vuc.png", "07_thap_nhat_online_unit.png",
                         "08_thap_nhat_online_linh_vuc.png"]
        assert archive.read(names[0])[:8] == b"\x89PNG\r\n\x1a\n"
    with zipfile.ZipFile(io.BytesIO(images.tables_zip(deck))) as archive:
        assert len(archive.namelist()) == 6
        book = openpyxl.load_workbook(io.BytesIO(archive.read("08_linh_vuc_online.xlsx")))
    rows = list(book.active.iter_rows(values_only=True))
    expected = queries.run(con, "presentation_linh_vuc_period", period_start=dt.date(2025, 9, 15),
                           period_end=dt.date(2025, 12, 14), unit_ids=None, metric="online", min_dossiers=10)
    # every lĩnh vực behind the slide, not only the five shown; numbers kept as numbers
    assert len(rows) == 1 + len(expected)
    assert rows[1][0] == expected.iloc[0]["linh_vuc"] and rows[1][1] == pytest.approx(expected.iloc[0]["online_pct"])
