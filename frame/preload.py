"""The chart library asked for at the start of every page run, while the server computes the page.

Streamlit's browser side loads Plotly (a 4,7 MB chunk of its frontend) only when the first chart element arrives,
then parses it before drawing. A one-chart app sends its chart at once; a page of the dashboard sends it after its
filters, queries and cards, so the browser started that load up to a second later (bench/first_chart_trace.py).
This script imports the very chunk Streamlit will import (same address, so the browser's module map hands it
the loaded module) as soon as the frame's first elements arrive, and the first chart is drawn that much earlier.
The chunk's name carries a hash of the Streamlit release: read from the installed package, never written here."""

import functools
import json
from pathlib import Path

import streamlit as st

# the element holding the script draws nothing: hidden, so the sidebar keeps its spacing
_HIDE = ('<style>[data-testid="stSidebar"] [data-testid="stElementContainer"]:has(script[data-chart-preload]) '
         '{ display: none; }</style>')


@functools.cache
def _chunk() -> str | None:
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def chart_library():
    """In the sidebar: the script that imports the chart library, beside Streamlit's own entry script."""
    chunk = _chunk()
    if chunk is None:            # another packaging of Streamlit: the chart loads as it always did
        return
    script = ("<script data-chart-preload>(() => { const entry = document.querySelector("
              "'script[type=\"module\"][src*=\"/index.\"]'); if (entry) import(new URL("
              f"{json.dumps(chunk)}, entry.src).href).catch(() => {{}}); }})();</script>")
    with st.sidebar:
        st.html(script, unsafe_allow_javascript=True)
    st.html(_HIDE)
