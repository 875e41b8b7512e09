"""The level a page shows (issue 19): departments unless another is chosen in the sidebar, so that communes beside
departments change no department figure. The level reaches the Biểu 06 count queries through `frame.scope.query`:
called with no unit, they read the chosen level's units (query level_units, macro level_group)."""

import streamlit as st

from frame import cache
from vocabulary.units import LEVEL_CHOICES, LEVEL_DEFAULT

# Short keys in shared links (?cap=xa).
LEVEL_PARAM = {"so": "so", "xa": "xa", "pvhcc": "pvhcc", "toan_tinh": "toan-tinh"}
# The queries of Biểu 06 counts: with no unit chosen they read the chosen level's units, not every unit.
LEVELLED = frozenset({"dossier_period_totals", "dossier_yearly_totals", "dossier_rates", "dossier_rates_yearly",
                      "dossier_unit_periods", "dossier_unit_ranking", "dossier_linh_vuc_breakdown",
                      "presentation_unit_period", "presentation_linh_vuc_period", "demo_dossiers_in_view",
                      # the KPIs: the two dossier KPIs are Biểu 06 counts too, summed over the same units
                      "kpi_status", "kpi_trend", "kpi_unit_status", "kpi_values"})


def chosen_level() -> str:
    """The level chosen in the sidebar (kept across pages), else the URL's "cap", else departments."""
    try:
        keep = st.session_state.get("_keep_filters", {})
        wanted = st.session_state.get("f_level") or keep.get("level")
        if wanted is None:
            wanted = {v: k for k, v in LEVEL_PARAM.items()}.get(st.query_params.get("cap", ""))
    except Exception:      # no Streamlit session (a query run from a script): the default
        wanted = None
    return wanted if wanted in LEVEL_CHOICES else LEVEL_DEFAULT


def level_unit_ids(cur, level: str) -> tuple[int, ...]:
    """The units a level stands for (level_units), read once per data version."""
    return tuple(int(u) for u in cache.cached(cur, "level_units", {"level_group": level})["unit_id"])


def levelled(cur, name: str, params: dict) -> dict:
    """`params` of query `name` with the chosen level's units when the page chose none."""
    if name in LEVELLED and params.get("unit_ids") is None:
        return dict(params, unit_ids=list(level_unit_ids(cur, chosen_level())))
    return params
