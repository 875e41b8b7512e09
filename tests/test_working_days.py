"""The working-day calendar: the package's Vietnam calendar, the shipped 2026 corrections, an admin's overrides
loaded, rolled back, and the materialised table SQL measures with. Dates checked by hand on a 2025/2026 calendar."""

from datetime import date

import queries
from loaders import working_days
from loaders.pipeline import commit_file, inspect_file
from loaders.store import roll_back
from loaders.working_days import Override, add_working_days, working_days_between

SHIPPED = working_days.shipped_overrides()


def test_package_calendar_2025_make_up_saturday_and_reunification_bridge():
    days = working_days.base_calendar(date(2025, 4, 25), date(2025, 5, 5))
    assert days[date(2025, 4, 26)][0] is True          # Saturday worked for Friday 2/5
    assert [d.day for d, (working, _) in days.items() if not working] == [27, 30, 1, 2, 3, 4]


def test_fifteen_working_days_after_25_april_2025_is_20_may():
    assert add_working_days(date(2025, 4, 25), 15, SHIPPED) == date(2025, 5, 20)


def test_tet_2025_leaves_one_working_day_between_24_january_and_3_february():
    # Mon 27/1 – Sat 1/2 are Tết, the weekends around it off: only Mon 3/2 counts
    assert working_days_between(date(2025, 1, 24), date(2025, 2, 3), SHIPPED) == 1


def test_shipped_new_year_2026_swap():
    # after Tue 30/12/2025 up to Fri 9/1/2026: Wed 31/12 and Mon 5 – Fri 9/1; Thu 1/1 and (corrected) Fri 2/1 off
    assert working_days_between(date(2025, 12, 30), date(2026, 1, 9), SHIPPED) == 6
    assert working_days_between(date(2025, 12, 30), date(2026, 1, 9), []) == 7     # the package alone works 2/1
    rows = {d: w for d, w, _, _ in working_days.calendar(date(2026, 1, 1), date(2026, 1, 11), SHIPPED)}
    assert rows[date(2026, 1, 10)] is True and rows[date(2026, 1, 2)] is False and rows[date(2026, 1, 11)] is False


def test_24_november_2026_is_switchable():
    assert working_days.base_calendar(date(2026, 11, 24), date(2026, 11, 24))[date(2026, 11, 24)][0] is False
    assert {o.day: o.is_working for o in SHIPPED}[date(2026, 11, 24)] is True
    off = SHIPPED + [Override(date(2026, 11, 24), False, "Luật sửa đổi có hiệu lực")]
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 25), SHIPPED) == 2
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 25), off) == 1


def _calendar(con, *days):
    found = {d: (w, n) for d, w, n in con.execute(
        "SELECT day, is_working, workday_no FROM working_day WHERE list_contains($days, day)",
        {"days": list(days)}).fetchall()}
    return [found[d] for d in days]


def test_warehouse_calendar_follows_an_admin_override_and_its_roll_back(db):
    working_days.refresh(db)
    (w2, n2), (w10, n10), (w24, _) = _calendar(db, date(2026, 1, 2), date(2026, 1, 10), date(2026, 11, 24))
    assert (w2, w10, w24) == (False, True, True)
    # Fri 2/1 off; Mon 5 – Sat 10/1 are six working days
    assert n10 - n2 == 6
    csv = "Ngày,Làm việc,Ghi chú,Nguồn\n24/11/2026,không,Ngày Văn hóa Việt Nam,Luật sửa đổi\n".encode()
    report = inspect_file(db, "ngay_nghi.csv", csv)
    assert report.kind == "working_days" and not report.has_errors, [str(i) for i in report.issues]
    assert list(report.replaces["Sẽ tính là"]) == ["nghỉ"]
    stored = commit_file(db, report, loaded_by="pytest")
    assert _calendar(db, date(2026, 11, 24))[0][0] is False
    assert inspect_file(db, "lai.csv", csv).is_duplicate
    roll_back(db, stored[0].batch_id)
    assert _calendar(db, date(2026, 11, 24))[0][0] is True
    assert queries.rows(db, "batch_status", batch_id=stored[0].batch_id)[0][1] == "rolled_back"


def test_override_file_errors_name_their_cells(db):
    csv = "Ngày,Làm việc\n32/01/2026,có\n03/01/2026,có lẽ\n03/01/2026,không\n".encode()
    report = inspect_file(db, "sai.csv", csv)
    assert report.kind == "working_days"
    assert sorted(i.cell for i in report.issues if i.level == "lỗi") == ["A2", "A4", "B3"]
