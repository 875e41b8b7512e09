"""The shared filters in the sidebar (unit, years, period kind) and a page's own choices, mirrored in the URL so
that a link reproduces the view."""

from dataclasses import dataclass

import streamlit as st

from frame import cache, national
from frame.scope import PROVINCE, PROVINCE_LABEL, query, scope_unit_ids
from vocabulary.periods import KIND_CHOICES
from frame.levels import LEVEL_PARAM, chosen_level, level_unit_ids
from vocabulary.units import LEVEL_CHOICES, LEVEL_DEFAULT, LEVEL_SCOPE, units_text

# Short, readable keys in shared links (?ky=quy&tu=2023&den=2025&donvi=1,4).
KIND_PARAM = {"quarter": "quy", "half": "6thang", "nine_months": "9thang", "year": "nam", "month": "thang", "other": "khac"}


@dataclass(frozen=True)
class Filters:
    unit_ids: tuple[int, ...] | None   # None = every unit of the chosen level (`frame.levels`)
    unit_names: tuple[str, ...]
    year_from: int
    year_to: int
    kind: str
    level_label: str | None = None     # the level shown when no unit is chosen

    @property
    def period_kind_text(self) -> str:
        """"Quý", "Năm" …: the chosen kind of period as the sidebar names it."""
        return KIND_CHOICES.get(self.kind, self.kind)

    @property
    def scope_text(self) -> str:
        return self.scope_for(self.period_kind_text)

    @property
    def units_label(self) -> str:
        """The units shown: their names, or the level's ("các xã, phường") when none is chosen."""
        return units_text(self.unit_ids, self.unit_names) if self.unit_ids or not self.level_label else self.level_label

    def scope_for(self, kind_label: str) -> str:
        """The scope line with another period kind (a page showing whole years whatever the filter says)."""
        years = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{national.area_prefix()}{self.units_label} · kỳ: {kind_label.lower()} · {years}"


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _page_id() -> str:
    """Which page script is running (its hash), to notice a page switch."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""
def shared_filters(cur) -> Filters | None:
    """Unit, year range and period kind in the sidebar, mirrored in the URL so a link reproduces the view."""
    scope = scope_unit_ids(cur)
    every_unit = cache.cached(cur, "dossier_units", {})
    units = query(cur, "dossier_units")                  # a viewer limited to some units: those only
    kinds = query(cur, "dossier_period_kinds")
    if every_unit.empty or kinds.empty:
        return None
    params = st.query_params
    names = dict(zip(units["unit_id"].astype(int), units["name"]))
    keep = st.session_state.setdefault("_keep_filters", {})
    if "f_level" not in st.session_state:
        st.session_state["f_level"] = chosen_level()
    if scope is None:                                    # a viewer limited to a few units keeps them all listed
        in_level = set(level_unit_ids(cur, st.session_state["f_level"] or LEVEL_DEFAULT))
        names = {u: n for u, n in names.items() if u in in_level}
    if scope is not None:                                # …and the province totals, as a choice of its own
        names = {PROVINCE: PROVINCE_LABEL, **names}
    kind_options = list(kinds["kind"])
    param_to_kind = {v: k for k, v in KIND_PARAM.items()}
    first_year, last_year = int(every_unit["first_year"].min()), int(every_unit["last_year"].max())

    # Streamlit forgets a widget's value when the page changes (widgets belong to their page), so the
    # chosen values are also kept under plain keys ("_keep_…") that survive the switch.
    page = _page_id()
    if keep.get("page") not in (None, page):      # arrived from another page: restore what was chosen there
        for key in ("f_units", "f_kind", "f_years"):
            st.session_state.pop(key, None)
    keep["page"] = page
    if "f_units" not in st.session_state:
        if "units" in keep:
            wanted = keep["units"]
        else:
            wanted = [_int(x, None) for x in params.get("donvi", "").split(",") if x]
        st.session_state["f_units"] = [u for u in wanted if u in names]
    gone = None
    if "f_kind" not in st.session_state:
        wanted_kind = keep.get("kind") or param_to_kind.get(params.get("ky", ""), "quarter")
        st.session_state["f_kind"] = wanted_kind if wanted_kind in kind_options else kind_options[0]
        if "ky" in params and wanted_kind not in kind_options:
            gone = wanted_kind     # a link made before a rollback, or to another warehouse: said, not hidden
    if "f_years" not in st.session_state:
        lo, hi = keep.get("years") or (_int(params.get("tu"), first_year), _int(params.get("den"), last_year))
        st.session_state["f_years"] = (lo, hi)
    lo, hi = st.session_state["f_years"]
    if keep.get("last_year") is not None and hi == keep["last_year"] < last_year:
        hi = last_year          # new data for a later year: a range that reached the end follows it
    lo = min(max(lo, first_year), last_year)
    st.session_state["f_years"] = (lo, max(min(hi, last_year), lo))
    keep["last_year"] = last_year

    with st.sidebar:
        st.markdown("### Bộ lọc chung")
        level = _level_widget()
        chosen = st.multiselect("Đơn vị", options=list(names), format_func=names.get, key="f_units",
                                placeholder="Tất cả đơn vị" if scope is None else "Các đơn vị của tôi")
        kind = st.selectbox("Loại kỳ báo cáo", options=kind_options, format_func=KIND_CHOICES.get, key="f_kind")
        if first_year < last_year:
            years = st.slider("Năm", min_value=first_year, max_value=last_year, key="f_years")
        else:
            years = (first_year, last_year)
            st.caption(f"Năm: {first_year}")
    if gone is not None:
        st.warning(f"Liên kết này chọn loại kỳ \"{KIND_CHOICES.get(gone, gone).lower()}\" nhưng kho dữ liệu không còn số "
                   f"liệu loại kỳ đó (có thể lô đã được hoàn tác); đang hiển thị loại kỳ \"{KIND_CHOICES[kind].lower()}\".",
                   icon=":material/link_off:")
    level = level or LEVEL_DEFAULT
    keep.update(units=list(chosen), kind=kind, years=tuple(years), level=level)
    st.query_params.update({"donvi": ",".join(map(str, chosen)), "ky": KIND_PARAM[kind],
                            "tu": str(years[0]), "den": str(years[1])})
    if not chosen:
        del st.query_params["donvi"]
    _level_to_url(level)
    if scope is not None and (PROVINCE in chosen or not chosen):
        if PROVINCE in chosen or not scope:
            return Filters(None, (PROVINCE_LABEL,), int(years[0]), int(years[1]), kind)
        return Filters(scope, tuple(names[u] for u in scope if u in names), int(years[0]), int(years[1]), kind)
    return Filters(tuple(chosen) or None, tuple(names[u] for u in chosen), int(years[0]), int(years[1]), kind,
                   LEVEL_SCOPE[level])


def level_filter() -> str:
    """The "Cấp" control alone, for a page without the shared filters (Chỉ số, Hồ sơ chi tiết): the same widget,
    kept across pages and in the URL (?cap=) like the one beside the shared filters; returns the level chosen."""
    if "f_level" not in st.session_state:
        st.session_state["f_level"] = chosen_level()
    with st.sidebar:
        st.markdown("### Bộ lọc chung")
        level = _level_widget() or LEVEL_DEFAULT
    st.session_state.setdefault("_keep_filters", {})["level"] = level
    _level_to_url(level)
    return level


def _level_widget() -> str | None:
    return st.segmented_control("Cấp", options=list(LEVEL_CHOICES), format_func=LEVEL_CHOICES.get, key="f_level",
                                on_change=_level_changed)


def _level_to_url(level: str) -> None:
    """The level in the shared link; the default (departments) is left out so older links stay as they were."""
    if level == LEVEL_DEFAULT:
        st.query_params.pop("cap", None)
    else:
        st.query_params["cap"] = LEVEL_PARAM[level]


def _level_changed():
    """Another level: the units chosen belong to the former one."""
    st.session_state["f_units"] = []
    st.session_state.setdefault("_keep_filters", {})["units"] = []



def link_choice(param: str, key: str, options: list[str], default: str):
    """A page's own choice (a widget with `key`) kept in the URL as `param`, like the shared filters.

    Call before the widget: on the first run the URL seeds it, afterwards the widget's value is written back.
    """
    keep = st.session_state.setdefault("_keep_choices", {})
    page = _page_id()
    if keep.get(("page", key)) not in (None, page):
        st.session_state.pop(key, None)
    keep[("page", key)] = page
    if key in st.session_state and st.session_state[key] not in options:
        # the options changed under the choice (another index has other subjects): the default, not the
        # link's value, which is the old choice; the URL is rewritten below, so it always says what is shown
        st.session_state[key] = default
    if key not in st.session_state:
        wanted = keep.get(key, st.query_params.get(param))
        st.session_state[key] = wanted if wanted in options else default
    keep[key] = st.session_state[key]
    st.query_params[param] = str(st.session_state[key])
