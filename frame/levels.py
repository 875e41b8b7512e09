"""The level a page shows (issue 19): departments unless another is chosen in the sidebar, so that communes beside
departments change no department figure. The level reaches the Biểu 06 count queries through `frame.scope.query`:
called with no unit, they read the chosen level's units (query level_units, macro level_group)."""

import pandas as pd
import streamlit as st

from frame import cache
from vocabulary.periods import Period, official
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


# The levels whose figures over time begin, or change, with the first commune reports (two-level local government).
COMMUNE_LEVELS = ("xa", "toan_tinh")


def communes_start_note(cur, series, unit_ids=None, year_from: int | None = None) -> str | None:
    """A sentence when the chosen level counts communes ("Xã, phường", "Toàn tỉnh") and the view — `series` (rows of
    dossier_period_totals with period_start, or of dossier_yearly_totals with year), or the filters' first year —
    reaches back before the first period with commune reports: it names that period, where the province's total
    jumps. None otherwise, and when units were chosen (their own series)."""
    level = chosen_level()
    if unit_ids or level not in COMMUNE_LEVELS or series is None or series.empty:
        return None
    first = cache.cached(cur, "level_first_period", {"level_group": "xa"}).iloc[0]
    if pd.isna(first["period_start"]):
        return None
    start = pd.Timestamp(first["period_start"]).date()
    shown = (pd.Timestamp(series["period_start"].min()).date() if "period_start" in series.columns
             else official("year", int(series["year"].min())).start)
    if year_from is not None:
        shown = min(shown, official("year", year_from).start)
    if shown >= start:
        return None
    label = Period(start, pd.Timestamp(first["period_end"]).date()).label
    if level == "xa":
        return (f"Số liệu xã, phường có từ {label} (chính quyền địa phương hai cấp từ 1/7/2025): các kỳ trước đó "
                "không có xã, phường nào.")
    return (f"Số liệu xã, phường có từ {label}: các kỳ trước đó tổng toàn tỉnh chưa gồm xã, phường, nên đường xu "
            f"hướng và so sánh với kỳ trước nhảy ở {label} — không phải do số hồ sơ tăng đột ngột.")
