"""Vietnamese number formatting and the figure builders of the overview."""

import pandas as pd
import pyarrow as pa

from charts import dossiers as overview
from charts.format import table_style
from vocabulary.dates import day, moment
from vocabulary.numbers import DASH, megabytes, missing, number, percent, points, roman, short, signed


def test_numbers_as_vietnamese_readers_write_them():
    assert number(1234) == "1.234"
    assert number(1234567) == "1.234.567"
    assert number(12.5, 1) == "12,5"
    assert number(None) == DASH
    assert number(float("nan")) == DASH
    assert number(pd.NA) == DASH


def test_percentages_and_changes():
    assert percent(98.5, 1) == "98,5\u00a0%"
    assert percent(2597 / 2604 * 100) == "99,73\u00a0%"
    assert percent(None) == "—"
    assert points(1.2) == "+1,20 điểm %"
    assert points(-0.084) == "-0,08 điểm %"
    assert signed(-326) == "-326"
    assert signed(1891) == "+1.891"
    assert signed(0) == "±0"
    # a change that rounds to nothing is printed without a rising or falling sign
    assert points(0.004) == "±0,00 điểm %"
    assert points(-0.004) == "±0,00 điểm %"
    assert signed(0.4) == "±0"


def _periods():
    return pd.DataFrame({
        "label": ["Quý I/2025", "Quý II/2025"], "year": [2025, 2025], "quarter": [1, 2],
        "on_time_pct": [99.2617, 97.5], "online_pct": [75.8305, None],
        "on_time_num": [2295, 390], "on_time_den": [2302, 400], "online_num": [1952, 0], "online_den": [2347, 0],
        "recv_online": [1952, 0], "recv_offline": [395, 0], "recv_carry": [204, 10],
    })


def test_limits_sizes_and_roman_numerals():
    """The forms the old copies wrote (targets.target_text, workbook._mb, reports.pdf.roman), now in one place."""
    assert (short(30.0), short(99.5), short(99.25), short(1234.567), short(0.001, 6)) == (
        "30", "99,5", "99,25", "1.234,57", "0,001")
    assert (megabytes(29_000), megabytes(12.34 * 2**20), megabytes(12 * 2**20), megabytes(1500 * 2**20)) == (
        "28 KB", "12,3 MB", "12 MB", "1.500 MB")
    assert [roman(n) for n in (1, 3, 4, 7, 9, 14)] == ["I", "III", "IV", "VII", "IX", "XIV"]


def test_what_counts_as_missing_and_how_dates_read():
    assert [missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, DASH, "<NA>", 0, "", pd.Timestamp("2026-12-07"))] \
        == [True, True, True, True, True, True, False, False, False]
    assert (day(pd.Timestamp("2026-12-07 08:30")), moment(pd.Timestamp("2026-12-07 08:30")), day("2025-03-01")) == (
        "07/12/2026", "07/12/2026 08:30", "01/03/2025")
    assert (day(pd.NaT), day(None, None), moment(float("nan"))) == (DASH, None, DASH)


def test_rate_trend_draws_both_rates_with_counts_on_hover():
    fig = overview.rate_trend(_periods())
    assert [t.name for t in fig.data] == ["Tỷ lệ đúng hạn", "Tỷ lệ trực tuyến"]
    assert list(fig.data[0].y) == [99.2617, 97.5]
    assert [list(level) for level in fig.data[0].x] == [["2025", "2025"], ["I", "II"]]
    assert fig.data[0].customdata[0][0] == "99,26\u00a0%"
    assert fig.data[0].customdata[0][1] == "2.295 / 2.302 hồ sơ đã giải quyết"
    assert fig.data[1].customdata[1][0] == "—"   # 0 new dossiers: no online rate, not 0 %
    assert fig.layout.separators == ",."


def test_channel_bars_stack_the_three_parts_of_column_3():
    fig = overview.channel_bars(_periods())
    assert [t.name for t in fig.data] == ["Trực tuyến", "Trực tiếp, bưu chính", "Từ kỳ trước"]
    assert fig.layout.barmode == "stack"
    assert list(fig.data[2].y) == [204, 10]
    assert fig.data[0].customdata[0][0] == "1.952"


def test_non_quarter_periods_keep_their_label_on_the_axis():
    periods = _periods().assign(quarter=[None, None], label=["6 tháng đầu năm 2024", "6 tháng đầu năm 2025"])
    fig = overview.rate_trend(periods)
    assert list(fig.data[0].x) == ["6 tháng đầu năm 2024", "6 tháng đầu năm 2025"]


def test_heatmap_keeps_the_lowest_units_when_there_are_too_many():
    rows = []
    for u in range(45):
        for q, end in ((1, "2025-03-14"), (2, "2025-06-14")):
            rows.append({"unit_name": f"Sở {u:02d}", "period_end": pd.Timestamp(end), "label": f"Quý {q}/2025",
                         "year": 2025, "quarter": q, "on_time_pct": 100.0 - u * (q == 2) * 0.1})
    fig = overview.on_time_heatmap(pd.DataFrame(rows))
    heat = fig.data[0]
    assert len(heat.y) == 40
    assert heat.y[0] == "Sở 44"                       # the lowest in the latest quarter first
    assert list(heat.x) == ["I/2025", "II/2025"]
    assert heat.text[0][1] == "95,6\u00a0%"
    assert "40 đơn vị thấp nhất kỳ gần nhất / 45" in fig.layout.title.text


def test_tables_on_screen_read_as_vietnamese_numbers_and_dashes():
    frame = pd.DataFrame({"Lô": [1234, 7], "Đơn vị": ["Sở Tư pháp", None], "Số dòng": [2885, None],
                          "Tỷ lệ (%)": [92.1875, None]})
    styler = table_style(frame, counts=["Số dòng"], decimals2=["Tỷ lệ (%)"], ids=["Lô"])
    pa.Table.from_pandas(styler.data)                              # st.dataframe can take it without converting
    shown = styler._translate(False, False)
    cells = [[c["display_value"] for c in row if c["type"] == "td"] for row in shown["body"]]
    assert cells == [["1234", "Sở Tư pháp", "2.885", "92,19"], ["7", "—", "—", "—"]]


def test_empty_cells_are_written_out_for_the_tables():
    """st.dataframe shows "None" for an empty cell whatever the Styler says: the table is written out in the data,
    the colours come from the numbers."""
    ranking = pd.DataFrame({"rank": [1, 2], "unit_name": ["Sở Tư pháp", "Sở Nội vụ"], "chosen_pct": [99.5, None],
                            "d_chosen_pp": [1.25, float("nan")], "online_pct": [80.0, 70.0], "d_online_pp": [None, 2.0],
                            "res_total": [100, 0], "res_late": [0, 0], "proc_late": [0, 0], "basis": ["4 quý", None]})
    styler = overview.ranking_table(ranking)
    assert not styler.data.isna().any().any()                      # what st.dataframe reads: no null left …
    pa.Table.from_pandas(styler.data)                              # … and Arrow takes it as it is (no "—" in a float column)
    assert [s for s in styler._compute().ctx.values()][:1]         # the colour rules ran, from the numbers
    shown = styler._translate(False, False)
    cells = [[c["display_value"] for c in row if c["type"] == "td"] for row in shown["body"]]
    assert cells[1][2:4] == ["—", "—"] and cells[0][3] == "+1,25 điểm %" and cells[1][9] == "—"
    assert all(v is not None and "None" not in str(v) and "nan" not in str(v) for row in cells for v in row)
    assert percent(DASH) == DASH and number(DASH) == DASH


def test_a_column_of_dates_and_codes_is_written_at_once_as_one_value_would_be():
    import pandas as pd

    from vocabulary.dates import days
    from vocabulary.text import code_labels

    stamps = pd.Series([pd.Timestamp("2025-05-02 08:30"), pd.NaT, pd.Timestamp("2026-12-31")])
    assert days(stamps, None).tolist() == ["02/05/2025", None, "31/12/2026"]
    assert days(stamps).tolist() == ["02/05/2025", "—", "31/12/2026"]
    codes = pd.Series([2, None, 9, 2], dtype="Int64")
    assert code_labels(codes, {2: "Đúng hạn"}).tolist() == ["Đúng hạn", "—", "9", "Đúng hạn"]
