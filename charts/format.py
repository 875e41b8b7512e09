"""Tables as st.dataframe shows them, with numbers written the Vietnamese way (vocabulary.numbers) and "—" in
empty cells."""

import pandas as pd

# dashboard.py still imports `number` from here (the frame is being split into a package); the formats themselves
# live in vocabulary.numbers.
from vocabulary.numbers import DASH, missing, number


def shown_as_text(frame, formats: dict, fills: dict | None = None):
    """The frame as st.dataframe should show it: the `formats` columns written out (1.234; 98,5 %), and every empty
    cell as "—" or the text `fills` gives for its column ("(cả đơn vị)").

    Why text in the data: st.dataframe writes "None" for an empty cell whatever a Styler's na_rep says, and a
    number column holding a "—" cannot go to Arrow (Streamlit then converts it itself and logs a traceback at every
    run). Colour rules are applied from the numbers (`styler.apply` on the original frame)."""
    shown = frame.copy()
    fills = fills or {}
    for c in frame.columns:
        fill = fills.get(c, DASH)
        if c in formats:
            shown[c] = [fill if missing(v) else formats[c](v) for v in frame[c]]
        elif any(missing(v) for v in frame[c]):
            shown[c] = [fill if missing(v) else str(v) for v in frame[c]]
    return shown


def table_style(frame, counts=(), decimals2=(), ids=()):
    """A table for st.dataframe whose numbers read as 1.234 and 75,25; `ids` (row and batch numbers) as written,
    without a thousands dot; an empty cell reads "—".

    A number column with an empty cell is written out as text (`shown_as_text`: st.dataframe would write "None");
    one without stays numeric, so the table sorts it as numbers, and is only displayed the Vietnamese way."""
    formats = {**{c: number for c in counts}, **{c: (lambda v: number(v, 2)) for c in decimals2}}
    gappy = {c: f for c, f in formats.items() if frame[c].map(missing).any()}
    shown = shown_as_text(frame, gappy)
    numeric = {c: f for c, f in formats.items() if c not in gappy}
    return shown.style.hide(axis="index").format({**numeric, **{c: str for c in ids}}, na_rep=DASH)


def fit_widths(table: pd.DataFrame, narrow: int = 8) -> dict[str, int]:
    """A pixel width per column wide enough for its longest cell (Streamlit cuts longer cells off) and its
    header; `narrow` pixels a character (8 fits the body font)."""
    return {c: max(80, min(460, narrow * max([len(str(c))] + [len(str(v)) for v in table[c]]) + 24))
            for c in table.columns}
