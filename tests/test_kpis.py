"""KPI values: read from the template (and the plan appendix), rates from summed counts, the gap and what the
rest of the year must bring, the status rule at its boundaries, replacement and roll back."""

import io
import math
from datetime import date

import openpyxl
import pandas as pd
import pytest

import queries
from loaders import kpis
from vocabulary.issues import ERROR, WARNING
from loaders.store import roll_back
from loaders.workbook import read_sheets
from reports.plan_templates import kpi_template
from tests.plan_fixtures import PLAN_FIXTURES, load, parsed
from tests.workbook_truth import SAMPLE, totals

AMBER = 5.0
END_2025 = date(2025, 12, 31)


def _unit(con, name):
    return int(queries.run(con, "kpi_units").set_index("name").loc[name, "unit_id"])


def _status(con, year=2025, as_of=END_2025, unit_ids=None):
    return queries.run(con, "kpi_status", year=year, as_of=as_of, unit_ids=unit_ids,
                       amber_points=AMBER).set_index("kpi_code")


def test_rates_come_from_summed_counts_and_stocks_from_the_latest_quarter(db):
    load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    mailbox = _status(db).loc["mailbox_active"]
    # Sở Tư pháp 42/56 in Q4 (its Q2 40/56 is not added: accounts are a stock) + Sở Y tế 30/40 = 72/96 = 75 %
    assert (mailbox["numerator"], mailbox["denominator"]) == (72, 96)
    assert mailbox["actual_pct"] == pytest.approx(75.0)
    # target ≥ 100 % (default): 25 points short → red; 96 − 72 = 24 accounts to activate
    assert (mailbox["target_pct"], mailbox["status"], mailbox["gap_units"]) == (100.0, "red", 24)
    assert mailbox["gap_pp"] == pytest.approx(-25.0)
    justice = _status(db, unit_ids=[_unit(db, "Sở Tư pháp")]).loc["mailbox_active"]
    assert (justice["numerator"], justice["denominator"], justice["gap_units"]) == (42, 56, 14)   # 56 − 42
    # as of Q3 the latest mailbox figure of Sở Tư pháp is Q2's 40/56
    q3 = _status(db, as_of=date(2025, 9, 30), unit_ids=[_unit(db, "Sở Tư pháp")]).loc["mailbox_active"]
    assert (q3["numerator"], q3["denominator"]) == (40, 56)
    # a flow sums its quarters: 20 + 30 + 40 of 3 × 200, and Sở Y tế's Q4 30/100: 120/700
    digitised = _status(db).loc["digitised"]
    assert (digitised["numerator"], digitised["denominator"]) == (120, 700)
    assert digitised["actual_pct"] == pytest.approx(100 * 120 / 700)


def test_a_reported_percentage_is_kept_and_never_rolled_up(db):
    load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    both = _status(db).loc["bcci_return"]
    # only Sở Tư pháp's counts (10/100) are summed; Sở Y tế's 6,7 % stands apart
    assert (both["numerator"], both["denominator"], both["actual_pct"]) == (10, 100, 10.0)
    assert (both["units_counted"], both["units_reported_only"], both["value_basis"]) == (1, 1, "counts")
    health = _status(db, unit_ids=[_unit(db, "Sở Y tế")]).loc["bcci_return"]
    assert (health["actual_pct"], health["value_basis"]) == (6.7, "reported")
    assert pd.isna(health["numerator"]) and pd.isna(health["denominator"])
    # a percentage alone has no gap in units of work, only in points: 6,7 − 20 = −13,3
    assert health["gap_pp"] == pytest.approx(-13.3)
    assert pd.isna(health["gap_units"])


def test_zero_denominator_gives_no_rate(db):
    load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    payment = _status(db, unit_ids=[_unit(db, "Sở Tư pháp")]).loc["online_payment"]
    assert (payment["numerator"], payment["denominator"]) == (0, 0)
    assert math.isnan(payment["actual_pct"]) and payment["status"] == "no_data"


def test_what_the_rest_of_the_year_must_bring_worked_example(db):
    load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    row = _status(db, as_of=date(2025, 9, 30), unit_ids=[_unit(db, "Sở Tư pháp")]).loc["digitised"]
    # Q1–Q3: 20 + 30 + 40 = 90 digitised of 600 received = 15 %, target ≥ 30 % for the year.
    # Q4 is expected to bring as many as an average quarter: 600 / 3 = 200 dossiers.
    # The year then has 600 + 200 = 800 dossiers; 30 % of 800 = 240 must be digitised; 240 − 90 = 150 in Q4,
    # i.e. 150 / 200 = 75 % of Q4's dossiers. Even all 200 would give (90 + 200) / 800 = 36,25 %.
    assert (row["quarters_done"], row["est_remaining_den"], row["needed_remaining"]) == (3, 200, 150)
    assert row["needed_share_pct"] == pytest.approx(75.0)
    assert row["best_possible_pct"] == pytest.approx(36.25)
    assert row["status"] == "red"


def test_online_dossiers_needed_in_q4_from_the_dossier_reports(sample_db):
    files = sorted((SAMPLE / "2021").glob("*_2021_q[123].xlsx"))
    t = totals(files)
    online, new = t["recv_online"], t["recv_online"] + t["recv_offline"]
    expected_q4 = round(new / 3)                              # Q4 ≈ the average of Q1–Q3
    needed = -(-30 * (new + expected_q4) // 100) - online     # ⌈30 % of the year⌉ − online so far
    con = queries.connect(sample_db)
    row = _status(con, year=2021, as_of=date(2021, 9, 30)).loc["dossier_online"]
    con.close()
    assert (row["numerator"], row["denominator"]) == (online, new)
    assert (row["est_remaining_den"], row["needed_remaining"]) == (expected_q4, needed)
    assert row["target_pct"] == 30.0


def test_status_rule_at_its_boundaries(db):
    def status(actual, comparator, target):
        return db.execute("SELECT target_status($a, $c, $t, 5.0)", {"a": actual, "c": comparator, "t": target}
                          ).fetchone()[0]

    assert status(30.0, ">=", 30) == "green"              # exactly on the target is met
    assert status(29.999999999999996, ">=", 30) == "green"   # 100 × 3 / 10 computed in floating point
    assert status(29.99, ">=", 30) == "amber"
    assert status(25.0, ">=", 30) == "amber"              # exactly 5 points short is still amber
    assert status(24.99, ">=", 30) == "red"
    assert status(5.0, "<=", 5) == "green" and status(7.0, "<=", 5) == "amber" and status(10.01, "<=", 5) == "red"
    assert status(None, ">=", 30) == "no_data" and status(50.0, ">=", None) == "no_target"
    load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    health = _status(db, unit_ids=[_unit(db, "Sở Y tế")])
    assert health.loc["digitised", "actual_pct"] == 30.0 and health.loc["digitised", "status"] == "green"   # 30/100
    assert health.loc["bcci_receipt", "status"] == "green"                                                 # 30/300
    assert health.loc["satisfaction", "status"] == "green"                                                 # 90/100
    assert health.loc["digitised", "gap_units"] == 0


def test_old_online_levels_are_kept_as_reported_and_flagged(db):
    load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    rows = db.execute("SELECT kpi_code, year(period_end), service_level_raw, service_level_std, level_mapped "
                      "FROM kpi_current WHERE kpi_code LIKE 'tthc%' ORDER BY 1, 2").fetchall()
    assert rows == [("tthc_online_full", 2021, "mức độ 4", "toàn trình", True),
                    ("tthc_online_full", 2023, "toàn trình", "toàn trình", False),
                    ("tthc_online_partial", 2021, "mức độ 3", "một phần", True)]
    trend = queries.run(db, "kpi_trend", year_from=2021, year_to=2025, unit_ids=None, amber_points=AMBER)
    full = trend[trend["kpi_code"] == "tthc_online_full"].set_index("year")
    assert list(full["level_mapped"]) == [True, False]
    assert full.loc[2021, "actual_pct"] == pytest.approx(25.0) and full.loc[2023, "actual_pct"] == pytest.approx(50.0)


def test_a_bad_kpi_file_says_what_is_wrong_cell_by_cell(db):
    result = parsed(kpis, PLAN_FIXTURES / "kpi_bad.xlsx", db)[0]
    found = {(i.level, i.where()): i.message for i in result.issues}
    assert found[(ERROR, "KPI!F4")] == ("tử số (60) lớn hơn mẫu số (56): tỷ lệ không thể vượt 100 % — "
                                        "kiểm tra lại hai số.")
    assert found[(ERROR, "KPI!B5")].startswith("chỉ tiêu \"Tỷ lệ hồ sơ đẹp\" không có trong danh mục KPI")
    assert found[(ERROR, "KPI!A6")] == "ô trống ở cột \"Đơn vị\" — hãy điền giá trị."
    assert found[(ERROR, "KPI!D7")].startswith("kỳ \"Quý V\" không đọc được")
    assert found[(WARNING, "KPI!H8")].startswith("mức độ DVCTT chỉ dùng cho chỉ tiêu TTHC")
    assert found[(ERROR, "KPI!H9")] == ("\"mức độ 3\" tương ứng DVCTT một phần, không phải toàn trình — chọn đúng "
                                        "chỉ tiêu cho mức độ này.")
    assert sum(i.level == ERROR for i in result.issues) == 5


def test_a_later_file_replaces_its_values_and_roll_back_brings_them_back(db):
    (first,) = load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    justice = _unit(db, "Sở Tư pháp")
    preview = kpis.replacement(db, parsed(kpis, PLAN_FIXTURES / "kpi_corrected.xlsx", db))
    assert preview.to_dict("records") == [{
        "Chỉ tiêu": "Hộp thư công vụ", "Đơn vị": "Sở Tư pháp", "Kỳ": "Quý IV/2025",
        "Đang dùng": "42/56 (75,00\u00a0%)", "Giá trị mới": "50/56 (89,29\u00a0%)",
        "Lô đang dùng": first.batch_id, "Tệp đang dùng": "kpi_values.xlsx"}]
    (corrected,) = load(db, kpis, PLAN_FIXTURES / "kpi_corrected.xlsx")
    assert corrected.replaced == []                       # the first file keeps its other 14 values
    row = _status(db, unit_ids=[justice]).loc["mailbox_active"]
    assert (row["numerator"], row["denominator"]) == (50, 56)
    assert _status(db, unit_ids=[justice]).loc["digitised", "numerator"] == 90
    roll_back(db, corrected.batch_id)
    row = _status(db, unit_ids=[justice]).loc["mailbox_active"]
    assert (row["numerator"], row["denominator"]) == (42, 56)


def test_a_file_covering_every_value_of_an_earlier_one_replaces_it(db):
    (corrected,) = load(db, kpis, PLAN_FIXTURES / "kpi_corrected.xlsx")
    (full,) = load(db, kpis, PLAN_FIXTURES / "kpi_values.xlsx")
    assert full.replaced == [corrected.batch_id]
    assert queries.rows(db, "batch_status", batch_id=corrected.batch_id)[0][1] == "replaced"
    justice = _unit(db, "Sở Tư pháp")
    assert _status(db, unit_ids=[justice]).loc["mailbox_active", "numerator"] == 42
    assert roll_back(db, full.batch_id) == [corrected.batch_id]
    assert _status(db, unit_ids=[justice]).loc["mailbox_active", "numerator"] == 50


def test_the_template_loads_back_empty_then_filled(db):
    catalogue = queries.run(db, "kpi_catalogue").to_dict("records")
    data = kpi_template(catalogue, ["Sở Tư pháp", "Sở Y tế"], 2025, "Quý IV")
    empty = kpis.parse("mau.xlsx", read_sheets("mau.xlsx", data), db)[0]
    assert empty.records == [] and empty.issues == []      # rows with the keys only are skipped
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Số liệu KPI"]
    assert (sheet["A4"].value, sheet["B4"].value, sheet["D4"].value) == ("Hộp thư công vụ", "Sở Tư pháp", "Quý IV")
    sheet["E4"], sheet["F4"] = 42, 56
    buffer = io.BytesIO()
    book.save(buffer)
    result = kpis.parse("mau.xlsx", read_sheets("mau.xlsx", buffer.getvalue()), db)[0]
    assert [i for i in result.issues if i.level == ERROR] == []
    assert [(r["_kpi_code"], r["numerator"], r["denominator"], r["_period"].label) for r in result.records] == [
        ("mailbox_active", 42, 56, "Quý IV/2025")]


MERGED_1_3_2025 = ["Sở Kế hoạch và Đầu tư", "Sở Lao động - Thương binh và Xã hội",
                   "Sở Nông nghiệp và Phát triển nông thôn", "Sở Thông tin và Truyền thông",
                   "Sở Tài nguyên và Môi trường"]


def test_templates_of_a_year_leave_out_units_merged_away_before_its_end(sample_db):
    con = queries.connect(sample_db)
    catalogue = queries.run(con, "kpi_catalogue").to_dict("records")
    in_2024 = list(queries.run(con, "kpi_units_in_force", as_of=date(2024, 12, 31))["name"])
    in_2026 = list(queries.run(con, "kpi_units_in_force", as_of=date(2026, 12, 31))["name"])
    con.close()
    # the sample's 11 departments; the five merged on 1/3/2025 (lineage → valid_to 28/02/2025) leave 6 after 2024
    assert len(in_2024) == 11 and set(MERGED_1_3_2025) <= set(in_2024)
    assert in_2026 == ["Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Sở Nội vụ", "Sở Tài chính",
                       "Sở Tư pháp", "Sở Y tế"]
    sheet = openpyxl.load_workbook(io.BytesIO(kpi_template(catalogue, in_2026, 2026)))["Số liệu KPI"]
    units = [sheet.cell(r, 2).value for r in range(4, sheet.max_row + 1) if sheet.cell(r, 1).value]
    # 12 reported KPIs × 6 units = 72 rows (was 12 × 11 = 132 with the merged departments)
    assert len(units) == 72 and set(units) == set(in_2026)


def test_a_value_for_a_unit_after_its_merger_is_a_warning_at_its_cell(sample_db):
    con = queries.connect(sample_db)
    catalogue = queries.run(con, "kpi_catalogue").to_dict("records")
    book = openpyxl.load_workbook(io.BytesIO(kpi_template(catalogue, ["Sở Kế hoạch và Đầu tư", "Sở Tư pháp"], 2026)))
    sheet = book["Số liệu KPI"]
    for row in (4, 5, 16):          # rows 4, 5: Sở Kế hoạch và Đầu tư; row 16 (4 + 12 KPIs): Sở Tư pháp
        sheet.cell(row, 5, 42)
        sheet.cell(row, 6, 56)
    buffer = io.BytesIO()
    book.save(buffer)
    (result,) = kpis.parse("kpi.xlsx", read_sheets("kpi.xlsx", buffer.getvalue()), con)
    con.close()
    assert [i for i in result.issues if i.level == ERROR] == []
    # merged into Sở Tài chính from 01/03/2025 (last day 28/02/2025); the year 2026 ends after it
    assert [(i.where(), i.message) for i in result.issues if "sáp nhập" in i.message] == [(
        "Số liệu KPI!B4", "đơn vị \"Sở Kế hoạch và Đầu tư\" đã sáp nhập vào \"Sở Tài chính\" từ 01/03/2025, nhưng số "
        "liệu ghi cho kỳ sau ngày đó (và 1 dòng khác của đơn vị này). Nếu là số liệu sau sáp nhập, hãy ghi cho đơn vị "
        "mới; nếu đúng là số liệu của đơn vị cũ, có thể nạp như vậy.")]
    assert [i.level for i in result.issues if "sáp nhập" in i.message] == [WARNING]


def test_rates_are_computed_by_the_rate_model_with_hand_computed_values(db):
    """42/56 = 75 %; 50/56 = 89,2857… %; 1/3 = 33,33… %; a zero or missing denominator gives no rate — the same
    numbers from the warehouse's connection and from the in-memory one used without it."""
    pairs = [(42, 56), (50, 56), (1, 3), (0, 0), (5, None)]
    for con in (db, None):
        found = kpis.rates(con, pairs)
        assert [round(r, 4) if r is not None else None for r in found] == [75.0, 89.2857, 33.3333, None, None]
    assert kpis.rates(db, []) == []
    assert kpis.value_text(42, 56, None, 75.0) == "42/56 (75,00\u00a0%)"
    assert kpis.value_text(0, 0, None, None) == "0/0 (—)"
    assert kpis.value_text(None, None, 6.7, None) == "6,70\u00a0% (tỷ lệ báo cáo)"


def test_a_reported_rate_far_from_its_counts_is_questioned_with_the_model_rate(db):
    """Mailbox activation 42 of 56 = 75 %: a reported 70 % is 5 points off (more than 0,5) and is questioned;
    42 of 56 reported as 75,4 % is within 0,5 point and is not; 0 of 0 reported as 10 % has no rate to compare."""
    catalogue = queries.run(db, "kpi_catalogue").to_dict("records")
    book = openpyxl.load_workbook(io.BytesIO(kpi_template(catalogue, ["Sở Tư pháp"], 2025, "Quý IV")))
    sheet = book["Số liệu KPI"]
    for row, (num, den, reported) in zip((4, 5, 6), ((42, 56, 70), (42, 56, 75.4), (0, 0, 10))):
        sheet[f"E{row}"], sheet[f"F{row}"], sheet[f"G{row}"] = num, den, reported
    buffer = io.BytesIO()
    book.save(buffer)
    result = kpis.parse("mau.xlsx", read_sheets("mau.xlsx", buffer.getvalue()), db)[0]
    questioned = {i.where(): i.message for i in result.issues if i.level == WARNING and "tỷ lệ báo cáo" in i.message}
    assert questioned == {"Số liệu KPI!G4": "tỷ lệ báo cáo 70 % khác tử số / mẫu số = 75,00 % — bảng điều khiển "
                                            "dùng tử số và mẫu số."}
