"""The period of a bulletin, named as the bulletin names it, with the two windows it is compared with.

A bulletin covers a week (Monday–Sunday, ISO numbering: "Tuần 20/2025"), an official month, quarter, half, nine
months or year (15th → 14th, as Biểu 06 counts: loaders.periods.official), or any dd/mm/yyyy–dd/mm/yyyy range.
It is compared with the window just before it of the same length (the previous week, the official month before)
and with the same window one year earlier (the same ISO week number, the same official month).
"""

import datetime as dt
import re
from dataclasses import dataclass

from loaders.periods import parse_user_period
from vocabulary.dates import DAY
from vocabulary.periods import Period, official
from loaders.text import match_key

WEEK, MONTH, QUARTER = "week", "month", "quarter"
EVERY = (WEEK, MONTH, QUARTER)
_WEEK = re.compile(r"tuan\s+(\d{1,2})\s*(?:/|nam|-)\s*(\d{4})")
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "nine_months": 9, "year": 12}


@dataclass(frozen=True)
class Window:
    period: Period
    label: str
    prev: Period
    prev_label: str
    last_year: Period
    last_year_label: str

    @property
    def is_week(self) -> bool:
        return self.label.startswith("Tuần")

    def params(self) -> dict:
        """The parameters of dossier_list_window_totals."""
        return dict(date_from=self.period.start, date_to=self.period.end, prev_from=self.prev.start,
                    prev_to=self.prev.end, ly_from=self.last_year.start, ly_to=self.last_year.end,
                    label=self.label, prev_label=self.prev_label, ly_label=self.last_year_label)


def week(year: int, number: int) -> Period:
    """ISO week `number` of `year` (Monday to Sunday); week 53 of a year that has 52 is its week 52."""
    number = min(number, dt.date(year, 12, 28).isocalendar().week)
    monday = dt.date.fromisocalendar(year, number, 1)
    return Period(monday, monday + dt.timedelta(days=6))


def week_label(period: Period) -> str:
    year, number, _ = period.start.isocalendar()
    start = f"{period.start:%d/%m}" if period.start.year == period.end.year else f"{period.start:{DAY}}"
    return f"Tuần {number}/{year}, {start} – {period.end:{DAY}}"


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    for last in (day.day, 30, 29, 28):          # 31/5 - 1 month = 30/4; 29/2 - 12 months = 28/2
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    raise ValueError(day)


def of_week(period: Period) -> Window:
    year, number, _ = period.start.isocalendar()
    prev = Period(period.start - dt.timedelta(days=7), period.end - dt.timedelta(days=7))
    last_year = week(year - 1, number)
    return Window(period, week_label(period), prev, week_label(prev), last_year, week_label(last_year))


def of_period(period: Period) -> Window:
    """A month, quarter, half, nine months, year (official or calendar) or any range, with its neighbours."""
    if _named(period):
        prev = Period(_shift_months(period.start, -_MONTHS[period.kind]), period.start - dt.timedelta(days=1))
    else:
        length = period.end - period.start + dt.timedelta(days=1)
        prev = Period(period.start - length, period.start - dt.timedelta(days=1))
    last_year = Period(_shift_months(period.start, -12), _shift_months(period.end, -12))
    return Window(period, _label(period), prev, _label(prev), last_year, _label(last_year))


def _label(period: Period) -> str:
    """Period.label for an official or calendar period; the dates otherwise (a 20-day range is not "Tháng 5")."""
    return period.label if _named(period) else period.dates_text()


def _named(period: Period) -> bool:
    """An official (15th → 14th) or calendar month, quarter, half, nine months or year."""
    return period.kind in _MONTHS and (period.is_calendar or (period.start.day == 15 and period.end.day == 14))


def parse(text: str) -> Window | None:
    """"Tuần 20/2025", "Tháng 5/2025", "Quý III/2025", "01/05/2025-31/05/2025"; None when not understood."""
    found = _WEEK.search(match_key(text))
    if found:
        number, year = int(found.group(1)), int(found.group(2))
        if not 1 <= number <= 53:
            return None
        return of_week(week(year, number))
    calendar = "theo thang duong lich" in match_key(text)
    period = parse_user_period(re.sub(r"\(\s*theo tháng dương lịch\s*\)", "", text).strip())
    if period and calendar and not period.is_calendar:
        period = _calendar(period)         # the label a calendar window carries (loaders.periods.Period.label)
    return of_period(period) if period else None


def _calendar(period: Period) -> Period:
    """The calendar months of an official period: Tháng 5/2025 (15/4–14/5) → 1/5–31/5/2025."""
    first = _shift_months(dt.date(period.end.year, period.end.month, 1), 1 - period.months)
    return Period(first, _shift_months(dt.date(period.end.year, period.end.month, 1), 1) - dt.timedelta(days=1))


def latest(every: str, today: dt.date) -> Window:
    """The latest complete period of `every` (week | month | quarter) before `today`: what a cron run reports on."""
    if every == WEEK:
        monday = today - dt.timedelta(days=today.weekday())
        return of_week(Period(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)))
    kind = {MONTH: "month", QUARTER: "quarter"}[every]
    candidates = [official(kind, year, n) for year in (today.year - 1, today.year)
                  for n in range(1, 13 if kind == "month" else 5)]
    return of_period(max((p for p in candidates if p.end < today), key=lambda p: p.end))


def recent(every: str, last_day: dt.date, count: int = 12) -> list[Window]:
    """The `count` latest weeks or official months that start on or before `last_day` (the end of the stored
    dossier lists), the latest first: what the page offers for a weekly or monthly bulletin."""
    if every == WEEK:
        monday = last_day - dt.timedelta(days=last_day.weekday())
        return [of_week(Period(monday - dt.timedelta(days=7 * n), monday - dt.timedelta(days=7 * n - 6)))
                for n in range(count)]
    months = [official("month", year, n) for year in range(last_day.year - count // 12 - 1, last_day.year + 2)
              for n in range(1, 13)]
    started = sorted((p for p in months if p.start <= last_day), key=lambda p: p.end, reverse=True)
    return [of_period(p) for p in started[:count]]
