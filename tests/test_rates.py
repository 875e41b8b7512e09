"""Rate formulas (queries/schema/003_rates.sql macros) and the `dossier_rates` view / named query.

Real workbooks (tests/fixtures/rates, written by make_rates_fixtures.py) are loaded through the loader into
a DuckDB file; every expected value below is worked out by hand in the comments.
"""

from datetime import date
from pathlib import Path

import pytest

import queries
from loaders.pipeline import commit_file, inspect_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RATES = FIXTURES / "rates"

LAM_DONG = RATES / "lam_dong_q1_2020.xlsx"
XAY_DUNG = [RATES / f"xay_dung_2024_q{q}.xlsx" for q in (1, 2, 3, 4)]
SYSTEM_EXPORT = FIXTURES / "good_system_export.xlsx"      # Sở GTVT Q3 2024, trực tiếp / BCCI split

RATE_COLUMNS = ("on_time_pct", "on_time_766_pct", "on_time_due_pct", "online_pct", "completion_pct",
                "overdue_pct", "overdue_pending_pct", "bcci_recv_pct")


def load(con, *paths: Path):
    """Inspect and commit each workbook as the upload page does (warnings accepted, errors fail the test)."""
    for path in paths:
        report = inspect_file(con, path.name, path.read_bytes())
        assert not report.has_errors, [str(i) for i in report.issues]
        commit_file(con, report, loaded_by="pytest")


# dossier_rates with every filter NULL ("all"); a test overrides the ones it sets
EVERY = {"unit_ids": None, "year_from": None, "year_to": None, "kind": None, "linh_vuc": None}


def records(con, name: str, **params) -> list[dict]:
    """A named query's rows as dicts, NULL as None (not NaN), in the columns its contract declares."""
    columns = queries.contract(name)["columns"]
    return [dict(zip(columns, row)) for row in queries.rows(con, name, **params)]


def unit_id(con, name: str) -> int:
    return con.execute("SELECT unit_id FROM unit WHERE name = $n", {"n": name}).fetchone()[0]


def test_macros_divide_and_give_null_for_a_zero_or_null_denominator(db):
    got = db.execute("""
        SELECT pct(1, 4), pct(0, 5), pct(3, 0), pct(3, NULL), pct(NULL, 3),
               on_time_pct(2, 1, 4), on_time_pct(0, 0, 0),
               on_time_766_pct(2, 1, 1, 4, 2), on_time_766_pct(0, 0, 0, 0, 0),
               on_time_due_pct(2, 1, 4, 2), on_time_due_pct(0, 0, 0, 0),
               online_pct(3, 1), online_pct(0, 0),
               completion_pct(3, 4), completion_pct(0, 0),
               overdue_pct(1, 4), overdue_pct(0, 0),
               overdue_pending_pct(1, 2), overdue_pending_pct(0, 0),
               bcci_recv_pct(1, 3, 1), bcci_recv_pct(NULL, 3, 1), bcci_recv_pct(0, 0, 0)
    """).fetchone()
    assert got == (
        25.0, 0.0, None, None, None,
        75.0, None,                  # (2 + 1) / 4
        pytest.approx(400 / 6), None,   # (2 + 1 + 1) / (4 + 2)
        50.0, None,                  # (2 + 1) / (4 + 2)
        75.0, None,                  # 3 / (3 + 1)
        75.0, None,
        25.0, None,
        50.0, None,
        25.0, None, None,            # 1 / (3 + 1); not split → NULL; split but no new receipt → NULL
    )
    assert db.execute("SELECT typeof(pct(1, 3))").fetchone() == ("DOUBLE",)   # full precision, not rounded


def test_worked_example_lam_dong_q1_2020(db):
    """domain.md §6: 635.593 resolved on time of 643.272 = 98,81 % (definition A), and the two options."""
    load(db, LAM_DONG)
    rows = {r["linh_vuc"]: r for r in records(db, "dossier_rates", **EVERY)}
    r = rows["Giải quyết TTHC các cấp"]
    assert (r["res_before"], r["res_ontime"], r["res_late"], r["res_total"]) == (512_345, 123_248, 7_679, 643_272)
    assert (r["proc_ontime"], r["proc_late"], r["proc_total"]) == (12_345, 678, 13_023)
    assert (r["recv_online"], r["recv_offline"], r["recv_carry"], r["recv_total"]) == (
        250_000, 396_419, 9_876, 656_295)
    assert (r["period_kind"], r["period_label"], r["year"]) == ("quarter", "01/12/2019 – 29/02/2020", 2020)

    # A (default): (512.345 + 123.248) / 643.272 = 635.593 / 643.272 = 98,8063 %  → 98,81 % as published
    assert r["on_time_pct"] == pytest.approx(100 * 635_593 / 643_272, rel=1e-12)
    assert round(r["on_time_pct"], 2) == 98.81
    # QĐ 766: (635.593 + 12.345 đang trong hạn) / (643.272 + 13.023 đang giải quyết) = 647.938 / 656.295 = 98,7266 %
    assert r["on_time_766_pct"] == pytest.approx(100 * 647_938 / 656_295, rel=1e-12)
    assert round(r["on_time_766_pct"], 2) == 98.73
    # "đến hạn": 635.593 / (643.272 + 678 đang quá hạn) = 635.593 / 643.950 = 98,7022 %
    assert r["on_time_due_pct"] == pytest.approx(100 * 635_593 / 643_950, rel=1e-12)
    assert round(r["on_time_due_pct"], 2) == 98.70
    # online over NEW receipts only: 250.000 / (250.000 + 396.419) = 250.000 / 646.419 = 38,6747 %
    # (dividing by recv_total 656.295, carry included, would give 38,09 %)
    assert r["online_pct"] == pytest.approx(100 * 250_000 / 646_419, rel=1e-12)
    assert round(r["online_pct"], 2) == 38.67
    # completion 643.272 / 656.295 = 98,0157 %; overdue 7.679 / 643.272 = 1,1937 %; pending overdue 678 / 13.023 = 5,2062 %
    assert r["completion_pct"] == pytest.approx(100 * 643_272 / 656_295, rel=1e-12)
    assert r["overdue_pct"] == pytest.approx(100 * 7_679 / 643_272, rel=1e-12)
    assert round(r["overdue_pct"], 2) == 1.19
    assert r["overdue_pending_pct"] == pytest.approx(100 * 678 / 13_023, rel=1e-12)
    # on time + overdue = 100 % of the resolved
    assert r["on_time_pct"] + r["overdue_pct"] == pytest.approx(100.0)
    # the official form does not split trực tiếp / bưu chính: no BCCI rate
    assert r["recv_postal"] is None and r["bcci_recv_pct"] is None


def test_zero_denominators_give_null_not_zero(db):
    load(db, LAM_DONG)
    rows = {r["linh_vuc"]: r for r in records(db, "dossier_rates", **EVERY)}

    # "Bồi thường nhà nước": 3 carried over, nothing new, nothing resolved, 2 pending on time + 1 overdue
    r = rows["Bồi thường nhà nước"]
    assert (r["recv_online"], r["recv_offline"], r["recv_carry"], r["res_total"], r["proc_total"]) == (0, 0, 3, 0, 3)
    assert r["on_time_pct"] is None          # 0 / 0 resolved
    assert r["online_pct"] is None           # 0 / 0 new receipts (the 3 carried over do not count)
    assert r["overdue_pct"] is None          # 0 / 0 resolved
    assert r["on_time_766_pct"] == pytest.approx(100 * 2 / 3)   # (0 + 0 + 2) / (0 + 3)
    assert r["on_time_due_pct"] == 0.0       # 0 / (0 + 1 overdue pending): a real 0 %, not undefined
    assert r["completion_pct"] == 0.0        # 0 / 3 received
    assert r["overdue_pending_pct"] == pytest.approx(100 / 3)   # 1 / 3

    # "Khiếu nại, tố cáo": an all-zero row; no rate is defined
    r = rows["Khiếu nại, tố cáo"]
    assert [r[c] for c in RATE_COLUMNS] == [None] * 8


def test_bcci_rate_only_where_the_file_splits_postal(db):
    load(db, SYSTEM_EXPORT, LAM_DONG)
    rows = {r["linh_vuc"]: r for r in records(db, "dossier_rates", **EVERY)}
    # good_system_export "Đường bộ": 420 online, 35 trực tiếp, 12 BCCI, 18 carried over
    r = rows["Đường bộ"]
    assert (r["recv_online"], r["recv_direct"], r["recv_postal"], r["recv_offline"]) == (420, 35, 12, 47)
    assert (r["awaiting_supplement"], r["returned_withdrawn"]) == (7, 3)
    assert r["bcci_recv_pct"] == pytest.approx(100 * 12 / 467)        # 12 / (420 + 35 + 12) = 2,5696 %
    assert r["online_pct"] == pytest.approx(100 * 420 / 467)          # 89,9358 %
    # "Đường thủy nội địa": 15 online, 4 trực tiếp, 1 BCCI → 1 / 20 = 5 %
    assert rows["Đường thủy nội địa"]["bcci_recv_pct"] == pytest.approx(5.0)
    assert all(rows[n]["bcci_recv_pct"] is None for n in ("Giải quyết TTHC các cấp", "Bồi thường nhà nước"))


def test_named_query_filters_and_order(db):
    load(db, *XAY_DUNG, LAM_DONG)
    xay_dung, lam_dong = unit_id(db, "Sở Xây dựng"), unit_id(db, "UBND tỉnh Lâm Đồng")

    everything = records(db, "dossier_rates", **EVERY)          # every parameter NULL = all
    assert len(everything) == 4 * 3 + 3
    # ordered by unit name, lĩnh vực, period end
    assert [(r["unit_name"], r["linh_vuc"], r["period_end"]) for r in everything[:5]] == [
        ("Sở Xây dựng", "Giám định chất lượng công trình", date(2024, 3, 14)),
        ("Sở Xây dựng", "Giám định chất lượng công trình", date(2024, 6, 14)),
        ("Sở Xây dựng", "Giám định chất lượng công trình", date(2024, 9, 14)),
        ("Sở Xây dựng", "Giám định chất lượng công trình", date(2024, 12, 14)),
        ("Sở Xây dựng", "Hoạt động xây dựng", date(2024, 3, 14)),
    ]
    assert everything[-1]["unit_name"] == "UBND tỉnh Lâm Đồng"

    assert {r["unit_id"] for r in records(db, "dossier_rates", **(EVERY | dict(unit_ids=[lam_dong])))} == {lam_dong}
    assert len(records(db, "dossier_rates", **(EVERY | dict(unit_ids=[xay_dung, lam_dong])))) == 15
    assert {r["year"] for r in records(db, "dossier_rates", **(EVERY | dict(year_from=2021)))} == {2024}
    assert {r["year"] for r in records(db, "dossier_rates", **(EVERY | dict(year_to=2020)))} == {2020}
    assert records(db, "dossier_rates", **(EVERY | dict(year_from=2021, year_to=2023))) == []
    assert len(records(db, "dossier_rates", **(EVERY | dict(kind="quarter")))) == 15   # 01/12/2019 – 29/02/2020 is a quarter too
    assert records(db, "dossier_rates", **(EVERY | dict(kind="half"))) == []

    activity = records(db, "dossier_rates", **(EVERY | dict(linh_vuc="Hoạt động xây dựng", unit_ids=None)))
    assert [(r["period_label"], r["recv_carry"], r["proc_total"]) for r in activity] == [
        ("Quý I/2024", 10, 20), ("Quý II/2024", 20, 24), ("Quý III/2024", 24, 27), ("Quý IV/2024", 27, 30)]
    # Q4: (120 + 45) / 167 = 98,8024 %; online 150 / (150 + 20) = 88,2353 %
    q4 = activity[-1]
    assert q4["on_time_pct"] == pytest.approx(100 * 165 / 167)
    assert q4["online_pct"] == pytest.approx(100 * 150 / 170)
    assert (q4["period_start"], q4["period_kind"]) == (date(2024, 9, 15), "quarter")
