"""Tabs whose hidden panels are not computed nor sent: only the tab shown runs, another tab is a rerun away.

Streamlit sends every tab's elements by default, and the browser builds them all (hidden ones included) in the same
burst as the first chart, which is drawn only after that burst (bench/RESULTS.md, "First chart: where the time
goes"). With `on_change="rerun"` a tab knows whether it is open and the page skips the others.

A widget not drawn in a run loses its value (Streamlit's clean-up of widget state): the choices made in a tab
(a year, a unit, a search) would be gone after a look at another tab. Writing such a key back to the session
state at the start of the run keeps it, as it was when every tab was drawn on every run. A data editor cannot be
kept that way (Streamlit refuses to set its state): its tab is drawn, hidden, while it holds edits not yet saved."""

import streamlit as st


def lazy_tabs(labels: list[str], key: str, keep: tuple[str, ...] = ()):
    """The tab containers (`.open` says which one is shown); `keep`: key prefixes of the widgets in the tabs
    whose values must survive runs where their tab is not drawn (value widgets only, never buttons)."""
    state = st.session_state
    if keep:
        for name in [k for k in state if isinstance(k, str) and k.startswith(keep)]:
            state[name] = state[name]
    return st.tabs(labels, key=key, on_change="rerun")


def shown(tab) -> bool:
    """Whether a tab's content is computed in this run (None: tabs without state, every panel computed)."""
    return tab.open is not False


def editing(key: str) -> bool:
    """Whether the data editor `key` holds edits not yet saved: its tab must be drawn (hidden or not) so that they
    survive a look at another tab."""
    edits = st.session_state.get(key)
    return isinstance(edits, dict) and any(edits.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))
