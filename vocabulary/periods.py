"""Reporting periods: explicit date ranges, their kind and their Vietnamese label (the parsing of a period written
in a file is loaders/periods.py's).

Rules (domain.md §1.4): a period is stored as the dates the sheet states. When a sheet only
names its period ("Quý III năm 2024", "6 tháng đầu năm", "9 tháng", "năm"), the dates follow the
15th→14th cut-off: Q1 = 15/12 of the previous year – 14/3, …, year = 15/12 – 14/12. Calendar
periods (1/1 – 31/3 …) are kept as given and labelled as calendar periods. The reporting year of a
period is the year of its end date (Q1 2025 starts on 15/12/2024).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from vocabulary.dates import DAY
from vocabulary.numbers import roman

KIND_LABELS = {
    "month": "tháng",
    "quarter": "quý",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "year": "năm",
    "other": "khác",
}
ROMAN = {q: roman(q) for q in range(1, 5)}      # Quý I … Quý IV
# A kind as a choice in a filter ("Loại kỳ"), capitalised.
KIND_CHOICES = {"quarter": "Quý", "half": "6 tháng", "nine_months": "9 tháng", "year": "Năm", "month": "Tháng",
                "other": "Kỳ khác"}


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
            return f"{self.start:{DAY}} – {self.end:{DAY}}"
        return text + (" (theo tháng dương lịch)" if self.is_calendar else "")

    def dates_text(self) -> str:
        return f"{self.start:{DAY}} – {self.end:{DAY}}"


def official(kind: str, year: int, number: int = 1) -> Period:
    """The 15th→14th period of a kind: official('quarter', 2024, 3) = 15/6/2024 – 14/9/2024."""
    last_month = {"quarter": 3 * number, "half": 6 * number, "nine_months": 9, "year": 12, "month": number}[kind]
    span = {"quarter": 3, "half": 6, "nine_months": 9, "year": 12, "month": 1}[kind]
    first_month = last_month - span  # the month before the period; 0 means December of last year
    start = date(year - 1, 12, 15) if first_month == 0 else date(year, first_month, 15)
    return Period(start, date(year, last_month, 14))


def quarter_of(day: date) -> Period:
    """The official (15→14) quarter a day falls in: 20/11/2026 → Quý IV/2026 (15/9–14/12)."""
    if day.month == 12 and day.day >= 15:
        return official("quarter", day.year + 1, 1)
    month = day.month + (1 if day.day >= 15 else 0)
    return official("quarter", day.year, (month - 1) // 3 + 1)
