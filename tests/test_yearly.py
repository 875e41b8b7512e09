"""The `dossier_yearly` view / `dossier_rates_yearly` query: a year built from non-overlapping periods.

Flows are summed, carry-over comes from the first period and pending from the last, cumulative reports
are never added to the quarters they overlap. Expected values are worked out by hand in the comments from
the fixture tables in tests/fixtures/rates/make_rates_fixtures.py; the real sample is checked against
sums read from its workbooks with python-calamine (not through our loader).
"""

from datetime import date

import pytest
import python_calamine

from tests.test_rates import FIXTURES, RATES, ROOT, XAY_DUNG, load, records, unit_id

GIAO_DUC = {name: RATES / f"giao_duc_2025_{name}.xlsx" for name in ("q1", "q2", "q3", "q4", "6thang", "9thang", "nam")}
QUARTERS_2025 = "Quý I/2025 + Quý II/2025 + Quý III/2025 + Quý IV/2025"
COUNTS = ("recv_total", "recv_online", "recv_offline", "recv_carry", "res_total", "res_before", "res_ontime",
          "res_late", "proc_total", "proc_ontime", "proc_late")


def yearly(con, **params) -> dict:
    """(unit name, lĩnh vực) → the yearly row."""
    rows = records(con, "dossier_rates_yearly", **({"unit_ids": None, "year_from": None, "year_to": None} | params))
    keyed = {(r["unit_name"], r["linh_vuc"], r["year"]): r for r in rows}
    assert len(keyed) == len(rows), "one row per unit × lĩnh vực × year"
    return keyed


def counts(row) -> tuple:
    return tuple(row[c] for c in COUNTS)


def test_year_from_four_quarters_sums_flows_and_takes_stocks_at_the_ends(db):
    load(db, *XAY_DUNG)
    rows = yearly(db)
    assert len(rows) == 3 + 1     # three lĩnh vực and the unit total

    r = rows[("Sở Xây dựng", "Hoạt động xây dựng", 2024)]
    # quarter      online offline carry  before ontime late  pending(trong hạn/quá hạn)
    # Q1            100     40     10     90     35     5     20 (18/2)
    # Q2            120     30     20    100     40     6     24 (21/3)
    # Q3            130     25     24    110     38     4     27 (25/2)
    # Q4            150     20     27    120     45     2     30 (29/1)
    # year          500    115     10    420    158    17     30 (29/1)
    # res_total 130 + 146 + 152 + 167 = 595; recv_total = 500 + 115 new + 10 carried = 625 (= 595 + 30)
    # Summing carry would give 81, summing pending 101, summing recv_total 696: all wrong.
    assert counts(r) == (625, 500, 115, 10, 595, 420, 158, 17, 30, 29, 1)
    assert (r["period_count"], r["months_covered"], r["is_complete"], r["uses_cumulative"]) == (4, 12, True, False)
    assert r["basis"] == "Quý I/2024 + Quý II/2024 + Quý III/2024 + Quý IV/2024"
    assert (r["first_period_start"], r["last_period_end"]) == (date(2023, 12, 15), date(2024, 12, 14))
    # rates of the year from the summed counts
    assert r["on_time_pct"] == pytest.approx(100 * 578 / 595)          # (420 + 158) / 595 = 97,1429 %
    assert r["on_time_766_pct"] == pytest.approx(100 * 607 / 625)      # (578 + 29) / (595 + 30)
    assert r["on_time_due_pct"] == pytest.approx(100 * 578 / 596)      # 578 / (595 + 1)
    assert r["online_pct"] == pytest.approx(100 * 500 / 615)           # 500 / (500 + 115)
    assert r["completion_pct"] == pytest.approx(100 * 595 / 625)
    assert r["overdue_pct"] == pytest.approx(100 * 17 / 595)
    assert r["overdue_pending_pct"] == pytest.approx(100 * 1 / 30)
    assert r["bcci_recv_pct"] is None

    # "Quy hoạch xây dựng, kiến trúc": online 8+9+10+12 = 39, offline 3+2+1+2 = 8, carry Q1 4,
    # before 6+7+9+10 = 32, on time 3+4+2+5 = 14, late 1+0+1+0 = 2 → resolved 48; pending Q4 3 (3/0); total 51
    assert counts(rows[("Sở Xây dựng", "Quy hoạch xây dựng, kiến trúc", 2024)]) == (
        51, 39, 8, 4, 48, 32, 14, 2, 3, 3, 0)
    # "Giám định chất lượng công trình": Q1 only carry 2 (nothing new, nothing resolved), Q4 all zero:
    # online 1, offline 1, carry 2, resolved 1/2/1 = 4, pending at the end 0 → on time 3/4, pending overdue 0/0
    r = rows[("Sở Xây dựng", "Giám định chất lượng công trình", 2024)]
    assert counts(r) == (4, 1, 1, 2, 4, 1, 2, 1, 0, 0, 0)
    assert r["on_time_pct"] == 75.0 and r["overdue_pending_pct"] is None


def test_unit_total_row_sums_flows_and_takes_stocks_from_first_and_last_period(db):
    load(db, *XAY_DUNG)
    rows = yearly(db)
    unit = rows[("Sở Xây dựng", None, 2024)]
    parts = [r for (u, lv, y), r in rows.items() if lv is not None]
    for flow in ("recv_online", "recv_offline", "res_total", "res_before", "res_ontime", "res_late"):
        assert unit[flow] == sum(p[flow] for p in parts), flow
    # online 500 + 39 + 1 = 540; offline 115 + 8 + 1 = 124; resolved 595 + 48 + 4 = 647 (453/174/20)
    # carry = the Q1 carries 10 + 4 + 2 = 16 (the unit's carries by quarter are 16, 27, 31, 31)
    # pending = Q4 30 + 3 + 0 = 33 (32 on time, 1 overdue) (by quarter 27, 31, 31, 33)
    # recv_total = 540 + 124 + 16 = 680 = 647 + 33
    assert counts(unit) == (680, 540, 124, 16, 647, 453, 174, 20, 33, 32, 1)
    assert unit["on_time_pct"] == pytest.approx(100 * 627 / 647)       # (453 + 174) / 647
    assert unit["on_time_766_pct"] == pytest.approx(100 * 659 / 680)   # (627 + 32) / (647 + 33)
    assert (unit["basis"], unit["period_count"], unit["is_complete"]) == (
        "Quý I/2024 + Quý II/2024 + Quý III/2024 + Quý IV/2024", 4, True)


# The Sở Giáo dục 2025 files: four quarters and three cumulative reports built from them.
#   "Văn bằng, chứng chỉ": online 50/70/90/60, offline 20/15/10/12, carry Q1 6, before 40/55/70/50,
#                          on time 25/26/31/25, late 1/2/0/1, pending Q3 11 (10/1), Q4 7 (7/0)
#   "Thi, tuyển sinh":     online 5/20/40/3, offline 3/4/2/1, carry Q1 0, before 4/15/30/3, on time 3/8/12/2,
#                          late 0/0/1/0, pending Q3 1 (0/1), Q4 0
# Unit, whole year: online 270 + 68 = 338, offline 57 + 10 = 67, carry 6 + 0 = 6,
#   before 215 + 52 = 267, on time 107 + 25 = 132, late 4 + 1 = 5 → resolved 404; pending Q4 7 (7/0);
#   recv_total 338 + 67 + 6 = 411 (= 404 + 7).
YEAR_2025 = (411, 338, 67, 6, 404, 267, 132, 5, 7, 7, 0)
# Unit, Q1–Q3: online 210 + 65 = 275, offline 45 + 9 = 54, carry 6, before 165 + 49 = 214,
#   on time 82 + 23 = 105, late 3 + 1 = 4 → resolved 323; pending Q3 11 + 1 = 12 (10/2);
#   recv_total 275 + 54 + 6 = 335 (= 323 + 12).
NINE_MONTHS_2025 = (335, 275, 54, 6, 323, 214, 105, 4, 12, 10, 2)


@pytest.mark.parametrize("files, basis, period_count, months, cumulative, expected", [
    (("q1", "q2", "q3", "q4"), QUARTERS_2025, 4, 12, False, YEAR_2025),
    # only the 6-month report for the first half: it is used, and said so
    (("6thang", "q3", "q4"), "6 tháng đầu năm 2025 + Quý III/2025 + Quý IV/2025", 3, 12, True, YEAR_2025),
    # the 6-month report beside its own Q1 and Q2: the quarters win (finer), nothing counted twice
    (("q1", "q2", "6thang", "q3", "q4"), QUARTERS_2025, 4, 12, False, YEAR_2025),
    (("6thang", "q3", "q4", "q1", "q2"), QUARTERS_2025, 4, 12, False, YEAR_2025),
    (("9thang", "q4"), "9 tháng năm 2025 + Quý IV/2025", 2, 12, True, YEAR_2025),
    (("nam", "9thang", "q4"), "9 tháng năm 2025 + Quý IV/2025", 2, 12, True, YEAR_2025),
    (("nam",), "Năm 2025", 1, 12, True, YEAR_2025),
    # every report of the year loaded: four quarters beat the year report
    (("nam", "9thang", "6thang", "q1", "q2", "q3", "q4"), QUARTERS_2025, 4, 12, False, YEAR_2025),
    # Q1–Q3 only: an incomplete year of 9 months; stocks of Q1 (carry) and Q3 (pending)
    (("q1", "q2", "q3"), "Quý I/2025 + Quý II/2025 + Quý III/2025", 3, 9, False, NINE_MONTHS_2025),
    (("6thang", "q1", "q2", "q3"), "Quý I/2025 + Quý II/2025 + Quý III/2025", 3, 9, False, NINE_MONTHS_2025),
    (("9thang",), "9 tháng năm 2025", 1, 9, True, NINE_MONTHS_2025),
])
def test_year_uses_non_overlapping_periods(db, files, basis, period_count, months, cumulative, expected):
    load(db, *(GIAO_DUC[f] for f in files))
    rows = yearly(db)
    assert len(rows) == 2 + 1
    unit = rows[("Sở Giáo dục và Đào tạo", None, 2025)]
    assert unit["basis"] == basis
    assert (unit["period_count"], unit["months_covered"], unit["is_complete"], unit["uses_cumulative"]) == (
        period_count, months, months == 12, cumulative)
    assert counts(unit) == expected
    # every lĩnh vực row uses the unit's periods
    assert {(r["basis"], r["period_count"]) for r in rows.values()} == {(basis, period_count)}
    # and adds up to the unit row
    parts = [r for (u, lv, y), r in rows.items() if lv is not None]
    assert tuple(map(sum, zip(*(counts(p) for p in parts)))) == expected


def test_year_filters_and_dates(db):
    load(db, *XAY_DUNG, GIAO_DUC["6thang"], GIAO_DUC["q3"])
    xay_dung = unit_id(db, "Sở Xây dựng")
    assert {(u, y) for (u, lv, y) in yearly(db)} == {("Sở Giáo dục và Đào tạo", 2025), ("Sở Xây dựng", 2024)}
    assert {(u, y) for (u, lv, y) in yearly(db, unit_ids=[xay_dung])} == {("Sở Xây dựng", 2024)}
    assert {y for (u, lv, y) in yearly(db, year_from=2025)} == {2025}
    assert {y for (u, lv, y) in yearly(db, year_to=2024)} == {2024}
    assert yearly(db, year_from=2026) == {}
    edu = yearly(db, year_from=2025)[("Sở Giáo dục và Đào tạo", None, 2025)]
    # 6 tháng đầu năm 2025 = 15/12/2024 – 14/6/2025, then Q3 15/6 – 14/9/2025
    assert (edu["first_period_start"], edu["last_period_end"], edu["months_covered"], edu["is_complete"]) == (
        date(2024, 12, 15), date(2025, 9, 14), 9, False)


def test_unit_stored_as_rollup_rows_gets_one_row_per_year(db):
    # Q2 2025 roll-up by unit (Sở Tư pháp, Sở Y tế: one row each, linh_vuc NULL), then Sở Tư pháp's own
    # Q3 2025 file by lĩnh vực
    load(db, FIXTURES / "store_rollup_q2_2025.xlsx", FIXTURES / "store_tu_phap_q3_2025.xlsx")
    rows = yearly(db)
    health = [r for (u, lv, y), r in rows.items() if u == "Sở Y tế"]
    assert len(health) == 1 and health[0]["linh_vuc"] is None
    # row(2, "Sở Y tế", 700, 180, 60, 600, 250, 10, 75, 5): 940 received, 860 resolved, 80 pending
    assert counts(health[0]) == (940, 700, 180, 60, 860, 600, 250, 10, 80, 75, 5)
    assert health[0]["basis"] == "Quý II/2025"

    justice = rows[("Sở Tư pháp", None, 2025)]
    # Q2 roll-up row: online 2062, offline 574, carry 249, resolved 1647/950/7, pending 281 (266/15)
    # Q3 lĩnh vực rows: Hộ tịch 40/12/7, 30/22/0, 7/0; LLTP 2100/450/242, 1700/850/6, 225/11;
    #                   Quốc tịch 2/3/15, 1/9/0, 9/1 → online 2142, offline 465, resolved 1731/881/6, pending 241/12
    # year: online 4204, offline 1039, carry 249 (Q2), resolved 3378/1831/13 = 5222, pending 253 (241/12),
    #       recv_total 4204 + 1039 + 249 = 5492
    assert counts(justice) == (5492, 4204, 1039, 249, 5222, 3378, 1831, 13, 253, 241, 12)
    assert (justice["basis"], justice["months_covered"]) == ("Quý II/2025 + Quý III/2025", 6)
    assert sorted(lv for (u, lv, y) in rows if u == "Sở Tư pháp" and lv) == ["Hộ tịch", "Lý lịch tư pháp",
                                                                             "Quốc tịch"]


def _calamine_rows(path):
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name("Biểu 06").to_python()


def test_sample_tu_phap_2024_matches_its_workbooks(db):
    """data/sample/2024, Sở Tư pháp, four quarters: the year row against sums read with python-calamine."""
    paths = sorted((ROOT / "data" / "sample" / "2024").glob("*so_tu_phap*"))
    assert [p.name[-7:] for p in paths] == ["q1.xlsx", "q2.xlsx", "q3.xlsx", "q4.xlsx"]
    load(db, *paths)

    # columns (3)…(13) of each workbook's "Tổng số" row, and of each numbered lĩnh vực row (text STT "1", "2", …)
    totals, by_linh_vuc = [], {}
    for path in paths:
        sheet = _calamine_rows(path)
        total_row = next(r for r in sheet if str(r[0]).strip() == "Tổng số")
        totals.append([int(v) for v in total_row[2:13]])
        for r in sheet:
            if str(r[0]).strip().isdigit() and isinstance(r[2], (int, float)):
                by_linh_vuc.setdefault(str(r[1]).strip(), []).append([int(v) for v in r[2:13]])

    def year_of(quarters):
        # (3) tổng, (4) online, (5) offline, (6) carry, (7)…(10) resolved, (11)…(13) pending
        online = sum(q[1] for q in quarters)
        offline = sum(q[2] for q in quarters)
        carry = quarters[0][3]
        resolved = [sum(q[i] for q in quarters) for i in (4, 5, 6, 7)]
        pending = quarters[-1][8:11]
        return (online + offline + carry, online, offline, carry, *resolved, *pending)

    rows = yearly(db)
    unit = rows[("Sở Tư pháp", None, 2024)]
    assert counts(unit) == year_of(totals)
    assert unit["basis"] == "Quý I/2024 + Quý II/2024 + Quý III/2024 + Quý IV/2024" and unit["is_complete"]
    assert len(by_linh_vuc) >= 5 and all(len(q) == 4 for q in by_linh_vuc.values())
    for name, quarters in by_linh_vuc.items():
        assert counts(rows[("Sở Tư pháp", name, 2024)]) == year_of(quarters), name
    # the sample is consistent: recv_total of the year = resolved + pending at the end
    assert unit["recv_total"] == unit["res_total"] + unit["proc_total"]
