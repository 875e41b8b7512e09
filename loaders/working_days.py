"""The working-day calendar (domain.md §8.4): Vietnam's public holidays, observed days and make-up Saturdays
from the `holidays` package, corrected by an override table (shipped corrections, then an admin's).

Used only where the one-stop system's own deadline does not answer: the QĐ 766 fallback when a due date is
missing, "due within N working days" and processing times in working days. A due date the export carries
is never recomputed.

The calendar in force is materialised in the table `working_day` (one row per day, with a running count of
working days) so that SQL measures millions of dossiers by subtracting two numbers; `refresh` rebuilds it
whenever its inputs change (an override batch stored or rolled back, dossiers outside the covered years).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from functools import cache

from loaders.lazy import pa

import queries
from loaders.tables import DATE, convert
from loaders.text import match_key
from vocabulary.clock import vietnam_today

SHIPPED_OVERRIDES = Path(__file__).resolve().parent.parent / "data" / "reference" / "ngay_lam_viec_dieu_chinh.csv"
SHIPPED_SOURCE = "dieu chinh kem theo phan mem"
FIRST_YEAR = 2015
YEARS_AHEAD = 2
WEEKEND = (5, 6)           # Saturday, Sunday
_YES = {"co", "x", "1", "lam viec", "true", "yes"}
_NO = {"khong", "0", "nghi", "false", "no"}


@dataclass(frozen=True)
class Override:
    day: date
    is_working: bool
    note: str | None = None
    source: str | None = None


def working_flag(text) -> bool | None:
    """"có" / "x" / 1 → True; "không" / "nghỉ" / 0 → False; anything else → None."""
    key = match_key(text).removesuffix(".0")
    return True if key in _YES else False if key in _NO else None


def shipped_overrides(path: Path = SHIPPED_OVERRIDES) -> list[Override]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        day, problem = convert(row["Ngày"], DATE)
        flag = working_flag(row["Làm việc"])
        if problem or flag is None:
            raise ValueError(f"{path.name}: dòng \"{row}\" không đọc được")
        found.append(Override(day, flag, row.get("Ghi chú") or None, row.get("Nguồn") or None))
    return found


def base_calendar(first: date, last: date) -> dict[date, tuple[bool, str | None]]:
    """Each day from `first` to `last` → (working, why not the weekday rule) by the package alone."""
    # imported here: a tenth of a second, which the command line's Biểu 06 path (it imports this module through
    # the kinds) never needs (issue 13 §4)
    import holidays

    years = range(first.year, last.year + 1)
    public = holidays.country_holidays("VN", years=years)
    make_up = set(public.weekend_workdays)
    days, day = {}, first
    while day <= last:
        if day in public:
            days[day] = (False, public.get(day))
        elif day in make_up:
            days[day] = (True, "Ngày làm bù")
        else:
            days[day] = (day.weekday() not in WEEKEND, None)
        day += timedelta(days=1)
    return days


def calendar(first: date, last: date, overrides: list[Override]) -> list[tuple[date, bool, int, str | None]]:
    """(day, working, running count of working days, note) from `first` to `last`; later overrides win."""
    days = base_calendar(first, last)
    for override in overrides:
        if first <= override.day <= last:
            days[override.day] = (override.is_working, override.note)
    rows, count = [], 0
    for day in sorted(days):
        working, note = days[day]
        count += working
        rows.append((day, working, count, note))
    return rows


def working_days_between(start: date, end: date, overrides: list[Override]) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start): the 766 way of counting a
    dossier received on `start` and finished on `end`."""
    if end <= start:
        return 0
    rows = calendar(start, end, overrides)
    return rows[-1][2] - rows[0][2]


def add_working_days(start: date, count: int, overrides: list[Override]) -> date:
    """The day `count` working days after `start` (15 after 25/4/2025 is 20/5/2025)."""
    day, found = start, 0
    horizon = start + timedelta(days=count * 3 + 60)
    rows = {d: working for d, working, _, _ in calendar(start, horizon, overrides)}
    while found < count:
        day += timedelta(days=1)
        found += rows[day]
    return day


def covered_range(con) -> tuple[date, date]:
    """From 1/1/2015 (or the first dossier date) to 31/12 two years ahead (or the last dossier date)."""
    first, last = queries.rows(con, "dossier_date_range")[0]
    start = min(date(FIRST_YEAR, 1, 1), first or date(FIRST_YEAR, 1, 1))
    end = max(date(vietnam_today().year + YEARS_AHEAD, 12, 31), last or date.min)
    return date(start.year, 1, 1), date(end.year, 12, 31)


@cache
def override_schema():
    return pa.schema([("day", pa.date32()), ("is_working", pa.bool_()), ("note", pa.string()),
                      ("source", pa.string())])
@cache
def calendar_schema():
    return pa.schema([("day", pa.date32()), ("is_working", pa.bool_()), ("workday_no", pa.int32()),
                      ("note", pa.string())])


def refresh(con) -> None:
    """Rebuild `working_day`: the shipped corrections are stored again (batch_id NULL, so the file in the release
    is the truth for them), then the package's calendar with the overrides in force. Runs inside the caller's
    transaction when there is one."""
    shipped = [{"day": o.day, "is_working": o.is_working, "note": o.note, "source": o.source or SHIPPED_SOURCE}
               for o in shipped_overrides()]
    con.register("incoming_overrides", pa.Table.from_pylist(shipped, schema=override_schema()))
    try:
        queries.execute(con, "working_day_shipped_clear")
        queries.execute(con, "working_day_shipped_insert")
    finally:
        con.unregister("incoming_overrides")
    overrides = [Override(*row) for row in queries.rows(con, "working_day_overrides")]
    first, last = covered_range(con)
    rows = calendar(first, last, overrides)
    table = pa.Table.from_arrays([pa.array([r[0] for r in rows], pa.date32()), pa.array([r[1] for r in rows]),
                                  pa.array([r[2] for r in rows], pa.int32()), pa.array([r[3] for r in rows], pa.string())],
                                 schema=calendar_schema())
    con.register("incoming_calendar", table)
    try:
        queries.execute(con, "working_day_clear")
        queries.execute(con, "working_day_insert")
    finally:
        con.unregister("incoming_calendar")


def overrides_in_force(con) -> list[Override]:
    return [Override(*row) for row in queries.rows(con, "working_day_overrides")]
