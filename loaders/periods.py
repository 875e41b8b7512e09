"""Reading a period from a file or from what a user typed: "Từ ngày 15/6/2024 đến ngày 14/9/2024", "Quý III năm
2024", "6 tháng đầu năm 2025". The periods themselves (dates, kind, label, the 15th→14th cut-off) are
vocabulary/periods.py's.
"""

import re
from datetime import date, datetime

from loaders.text import match_key
from vocabulary.dates import DAY
from vocabulary.periods import Period, official

_ROMAN_TO_INT = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

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
            start, end = (datetime.strptime(d, DAY).date() for d in dates)
        except ValueError:
            return None
        return Period(start, end) if start <= end else None
    return parse_label(text)
