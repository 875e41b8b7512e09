"""Reporting periods: explicit date ranges, their kind and their Vietnamese label.

Rules (domain.md §1.4): a period is stored as the dates the sheet states. When a sheet only
names its period ("Quý III năm 2024", "6 tháng đầu năm", "9 tháng", "năm"), the dates follow the
15th→14th cut-off: Q1 = 15/12 of the previous year – 14/3, …, year = 15/12 – 14/12. Calendar
periods (1/1 – 31/3 …) are kept as given and labelled as calendar periods. The reporting year of a
period is the year of its end date (Q1 2025 starts on 15/12/2024).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loaders.text import match_key

KIND_LABELS = {
    "month": "tháng",
    "quarter": "quý",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "year": "năm",
    "other": "khác",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_ROMAN_TO_INT = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def months(self) -> int:
        """Length in whole months, rounded (a 15→14 quarter is 3)."""
        return round(((self.end - self.start).days + 1) / 30.44)

    @property
    def kind(self) -> str:
        return {1: "month", 3: "quarter", 6: "half", 9: "nine_months", 12: "year"}.get(self.months, "other")

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def is_calendar(self) -> bool:
        """Starts on the 1st of a month and ends on the last day of one (not the 15→14 cut-off)."""
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1

    @property
    def quarter(self) -> int | None:
        if self.kind != "quarter":
            return None
        return (self.end.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        kind, year = self.kind, self.year
        if kind == "quarter" and self.end.month % 3 == 0:
            text = f"Quý {ROMAN[self.quarter]}/{year}"
        elif kind == "half" and self.end.month in (6, 12):
            text = f"6 tháng {'đầu' if self.end.month == 6 else 'cuối'} năm {year}"
        elif kind == "nine_months" and self.end.month == 9:
            text = f"9 tháng năm {year}"
        elif kind == "year" and self.end.month == 12:
            text = f"Năm {year}"
        elif kind == "month":
            text = f"Tháng {self.end.month}/{year}"
        else:
            return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
        return text + (" (theo tháng dương lịch)" if self.is_calendar else "")

    def dates_text(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def official(kind: str, year: int, number: int = 1) -> Period:
    """The 15th→14th period of a kind: official('quarter', 2024, 3) = 15/6/2024 – 14/9/2024."""
    last_month = {"quarter": 3 * number, "half": 6 * number, "nine_months": 9, "year": 12, "month": number}[kind]
    span = {"quarter": 3, "half": 6, "nine_months": 9, "year": 12, "month": 1}[kind]
    first_month = last_month - span  # the month before the period; 0 means December of last year
    start = date(year - 1, 12, 15) if first_month == 0 else date(year, first_month, 15)
    return Period(start, date(year, last_month, 14))


_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_DATE_WORDS = r"(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"
_ANY_DATE = rf"(?:{_DATE}|{_DATE_WORDS})"
_RANGE = re.compile(rf"tu\s+(?:ngay\s+)?{_ANY_DATE}\s*(?:den|toi|-|–)\s*(?:het\s+)?(?:ngay\s+)?{_ANY_DATE}")
_END_ONLY = re.compile(rf"(?:den|toi)\s+(?:het\s+)?ngay\s+{_ANY_DATE}")

_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\b\s*(?:(?:/|nam|-)\s*)?(\d{4})?")
_HALF = re.compile(r"6\s+thang\s+(dau|cuoi)\s+nam\s*(\d{4})?")
_NINE = re.compile(r"9\s+thang(?:\s+dau)?(?:\s+nam)?\s*(\d{4})?")
_MONTH = re.compile(r"(?<!\d\s)(?<!ngay\s)thang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})")
_YEAR_LABEL = re.compile(r"(?:ky bao cao|bao cao)\s*:?\s*nam\s+(\d{4})|^nam\s+(\d{4})$")
_ANY_YEAR = re.compile(r"\b(20\d{2})\b")


def _to_date(groups) -> date:
    d, m, y = [int(g) for g in groups if g is not None]
    return date(y, m, d)


def parse_range(text: str) -> Period | None:
    """Explicit "Từ ngày 15/6/2024 đến ngày 14/9/2024" (or "15 tháng 6 năm 2024") in a text."""
    found = _RANGE.search(match_key(text))
    if not found:
        return None
    groups = found.groups()
    try:
        start, end = _to_date(groups[:6]), _to_date(groups[6:])
    except ValueError:
        return None
    return Period(start, end) if start <= end else None


def parse_end_only(text: str) -> date | None:
    """"Số liệu đến hết ngày 14/9/2024": an end date without a start."""
    key = match_key(text)
    if _RANGE.search(key) or "tu ngay" in key:
        return None
    found = _END_ONLY.search(key)
    if not found:
        return None
    try:
        return _to_date(found.groups())
    except ValueError:
        return None


def parse_label(text: str, default_year: int | None = None) -> Period | None:
    """A period named in words: "Quý III năm 2024", "6 tháng đầu năm 2025", "9 tháng", "năm 2024"."""
    key = match_key(text)
    year_match = _ANY_YEAR.search(key)
    year = int(year_match.group(1)) if year_match else default_year
    if (found := _QUARTER.search(key)) and year:
        return official("quarter", int(found.group(2) or year), _ROMAN_TO_INT[found.group(1)])
    if (found := _HALF.search(key)) and year:
        return official("half", int(found.group(2) or year), 1 if found.group(1) == "dau" else 2)
    if (found := _NINE.search(key)) and year:
        return official("nine_months", int(found.group(1) or year))
    if found := _MONTH.search(key):
        return official("month", int(found.group(2)), int(found.group(1)))
    if found := _YEAR_LABEL.search(key):
        return official("year", int(found.group(1) or found.group(2)))
    return None


def parse_user_period(text: str) -> Period | None:
    """A period typed by a user: "15/6/2024-14/9/2024", "Quý III/2024", "6 tháng đầu năm 2025"."""
    dates = re.findall(r"\d{1,2}/\d{1,2}/\d{4}", text)
    if len(dates) == 2:
        try:
            start, end = (datetime.strptime(d, "%d/%m/%Y").date() for d in dates)
        except ValueError:
            return None
        return Period(start, end) if start <= end else None
    return parse_label(text)


def quarter_of(day: date) -> Period:
    """The official (15→14) quarter a day falls in: 20/11/2026 → Quý IV/2026 (15/9–14/12)."""
    if day.month == 12 and day.day >= 15:
        return official("quarter", day.year + 1, 1)
    month = day.month + (1 if day.day >= 15 else 0)
    return official("quarter", day.year, (month - 1) // 3 + 1)
