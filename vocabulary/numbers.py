"""Numbers as Vietnamese readers write them: 1.234 and 98,5 %; "—" where a value is undefined; Roman numerals.

The one home of these formats: loaders (messages), charts, reports and pages all write numbers through here."""

DASH = "—"


def missing(value) -> bool:
    """None, NaN, NaT, pandas NA, or the dash a table already shows for one: a value that is not there (without
    importing pandas for it)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value in ("<NA>", "nan", DASH)
    try:
        return bool(value != value)       # NaN and NaT differ from themselves
    except TypeError:                     # pandas' NA cannot be compared: it is the missing value
        return True
    except ValueError:                    # an array: not one value
        return False


def number(value, decimals: int = 0) -> str:
    """1234567 → "1.234.567"; 12.5 with decimals=1 → "12,5"."""
    if missing(value):
        return DASH
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def short(value, decimals: int = 2) -> str:
    """At most `decimals` decimals and no trailing zero, as a person types a limit: 30.0 → "30"; 99.5 → "99,5";
    1234.567 → "1.234,57"."""
    text = number(value, decimals)
    return text.rstrip("0").removesuffix(",") if "," in text else text


def percent(value, decimals: int = 2) -> str:
    """97.6612 → "97,66 %" (a non-breaking space before the sign keeps it on the line)."""
    if missing(value):
        return DASH
    return f"{number(value, decimals)}\u00a0%"


def signed(value, decimals: int = 0, unit: str = "") -> str:
    """A change with its sign: +12 / -3,5 điểm %; "—" when undefined."""
    if missing(value):
        return DASH
    body = number(abs(value), decimals)
    # the sign of what is shown: +0,004 printed with two decimals is "±0,00", not a rise
    shown = round(float(value), decimals)
    sign = "+" if shown > 0 else ("-" if shown < 0 else "±")
    return f"{sign}{body}{(' ' + unit) if unit else ''}"


def points(value, decimals: int = 2) -> str:
    """Difference between two percentages, in percentage points."""
    return signed(value, decimals, "điểm %")


def megabytes(size: float) -> str:
    """A file size in bytes: "12,3 MB", "29 KB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    value = size / (1024 * 1024)
    return short(value, 1 if value < 100 else 0) + " MB"


_ROMAN_LETTERS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                  (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """3 → "III": quarters (Quý III), the parts of a report (I. TÌNH HÌNH…), the areas of a CCHC plan."""
    out = ""
    for value, letters in _ROMAN_LETTERS:
        while n >= value:
            out, n = out + letters, n - value
    return out
