"""The rates of the existing pages from the other source: Biểu 06 derived from the dossier lists for the same
periods the units reported, and the links from a number to the dossiers behind it ("Hồ sơ chi tiết").

`period_series` gives, for each stored period the lists cover, a row with the columns of dossier_period_totals
(dossier_list_window_totals, one window per period: the previous stored period and the same dates a year
earlier beside it), so the pages' cards and charts read either source unchanged. Nothing here computes a rate.
"""

import datetime as dt
from collections.abc import Callable

import pandas as pd

from vocabulary.dates import DAY
from vocabulary.periods import Period, official

Run = Callable[..., pd.DataFrame]
REPORTS, DOSSIERS = "reports", "dossiers"
SOURCE_LABELS = {REPORTS: "Báo cáo Biểu 06 của đơn vị", DOSSIERS: "Tính từ danh sách hồ sơ"}
SOURCE_NOTES = {
    REPORTS: "Nguồn số liệu: báo cáo Biểu 06 các đơn vị gửi.",
    DOSSIERS: ("Nguồn số liệu: tính từ danh sách hồ sơ xuất từ hệ thống thông tin giải quyết TTHC, cho đúng các kỳ "
               "các đơn vị báo cáo (không phải báo cáo Biểu 06); trạng thái hồ sơ là trạng thái lúc xuất danh sách."),
}
DETAIL_PAGE = "pages/dossier_list.py"
NOTHING = Period(dt.date(1900, 1, 2), dt.date(1900, 1, 1))     # before any dossier, and empty
# the URL parameters of "Hồ sơ chi tiết" (pages/dossier_list.py reads them)
FROM, TO, UNITS, MEASURE = "tu_ngay", "den_ngay", "don_vi", "so_lieu"   # (the shared filters use "tu", "den", "donvi")


def source_note(source: str, found: tuple[dt.date, dt.date] | None) -> str:
    """What the page says of its source; for the lists, the days they cover (only periods wholly inside count)."""
    if source != DOSSIERS or found is None:
        return SOURCE_NOTES[source]
    return (SOURCE_NOTES[source] + f" Danh sách hồ sơ trong kho từ {found[0]:{DAY}} đến {found[1]:{DAY}}: chỉ "
            "các kỳ nằm trọn trong khoảng này được tính.")


def span(run: Run, unit_ids: list[int] | None) -> tuple[dt.date, dt.date] | None:
    """(first receipt, last day) of the stored dossier lists of the units, or None when there are none."""
    row = run("dossier_list_periods", unit_ids=unit_ids).iloc[0]
    if not row["dossiers"] or pd.isna(row["last_day"]):
        return None
    return pd.Timestamp(row["first_received"]).date(), pd.Timestamp(row["last_day"]).date()


def covers(found: tuple[dt.date, dt.date] | None, start, end) -> bool:
    """The lists hold the whole period: dossiers received before it starts (the carry-over) and up to its end."""
    return found is not None and found[0] <= pd.Timestamp(start).date() and found[1] >= pd.Timestamp(end).date()


def period_series(run: Run, periods: pd.DataFrame, unit_ids: list[int] | None) -> pd.DataFrame:
    """The stored periods of `periods` (rows of dossier_period_totals) the lists cover, derived from the lists."""
    found = span(run, unit_ids)
    rows, previous = [], None
    for _, stored in periods.iterrows():
        start, end = pd.Timestamp(stored["period_start"]).date(), pd.Timestamp(stored["period_end"]).date()
        if covers(found, start, end):
            # a window the lists do not wholly cover is not compared with: NOTHING counts no dossier, and the
            # comparison columns stay empty
            nothing = NOTHING
            before = previous if previous and covers(found, previous.start, previous.end) else nothing
            last_year = Period(_year_before(start), _year_before(end))
            last_year = last_year if covers(found, last_year.start, last_year.end) else nothing
            window = run("dossier_list_window_totals", date_from=start, date_to=end, prev_from=before.start,
                         prev_to=before.end, ly_from=last_year.start, ly_to=last_year.end, unit_ids=unit_ids,
                         label=stored["label"], prev_label=_label_of(periods, before),
                         ly_label=_label_of(periods, last_year) or last_year.label)
            if not window.empty:
                rows.append(window.assign(year=stored["year"], quarter=stored.get("quarter")))
        previous = Period(start, end)
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=periods.columns)


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:                      # 29/2
        return day.replace(year=day.year - 1, day=28)


def _label_of(periods: pd.DataFrame, period: Period) -> str | None:
    same = periods[(pd.to_datetime(periods["period_start"]).dt.date == period.start)
                   & (pd.to_datetime(periods["period_end"]).dt.date == period.end)]
    return None if same.empty else str(same.iloc[0]["label"])


def detail_link(start, end, measure: str, unit_ids: list[int] | None = None) -> dict[str, str]:
    """The URL parameters that open "Hồ sơ chi tiết" on the dossiers behind a number."""
    params = {FROM: f"{pd.Timestamp(start):%Y-%m-%d}", TO: f"{pd.Timestamp(end):%Y-%m-%d}", MEASURE: measure}
    if unit_ids:
        params[UNITS] = ",".join(str(int(u)) for u in unit_ids)
    return params


def read_link(params) -> dict | None:
    """What a link to "Hồ sơ chi tiết" asks for: {"period": Period, "measure", "unit_ids"}; None when the URL
    carries no (valid) link."""
    try:
        start = dt.date.fromisoformat(params.get(FROM, ""))
        end = dt.date.fromisoformat(params.get(TO, ""))
        units = [int(u) for u in params.get(UNITS, "").split(",") if u.strip()]
    except ValueError:
        return None
    if end < start:
        return None
    return {"period": Period(start, end), "measure": params.get(MEASURE), "unit_ids": units}


def year_series(run: Run, year_from: int, year_to: int, unit_ids: list[int] | None) -> pd.DataFrame:
    """The official years (15/12 → 14/12) the lists cover, derived from the lists: one window per year (where
    the reports' yearly figures chain the stored periods, a list counts the year's window directly)."""
    years = [official("year", y) for y in range(year_from, year_to + 1)]
    frame = pd.DataFrame({"period_start": [p.start for p in years], "period_end": [p.end for p in years],
                          "label": [p.label for p in years], "year": list(range(year_from, year_to + 1)),
                          "quarter": [None] * len(years)})
    return period_series(run, frame, unit_ids)
