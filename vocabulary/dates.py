"""Dates and times as Vietnamese readers write them: 07/12/2026 and 07/12/2026 08:30; "—" where there is none."""

from vocabulary.numbers import DASH, missing

DAY = "%d/%m/%Y"
MOMENT = "%d/%m/%Y %H:%M"


def _stamp(value):
    if hasattr(value, "strftime"):
        return value
    import pandas as pd           # a numpy datetime64 or an ISO text, as a query may hand one back

    return pd.Timestamp(value)


def day(value, empty: str | None = DASH) -> str | None:
    """date(2026, 12, 7) → "07/12/2026"; `empty` for None, NaT or NaN."""
    return empty if missing(value) else f"{_stamp(value):{DAY}}"


def days(values, empty: str | None = DASH):
    """`day` over a whole column at once (a list of 50.000 dossiers formatted value by value costs seconds)."""
    import pandas as pd

    stamps = pd.to_datetime(values, errors="coerce")
    return stamps.dt.strftime(DAY).astype(object).where(stamps.notna(), empty)


def moment(value, empty: str | None = DASH) -> str | None:
    """A time of day to the minute: "07/12/2026 08:30"."""
    return empty if missing(value) else f"{_stamp(value):{MOMENT}}"
