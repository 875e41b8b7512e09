"""Figures and tables of the dossier pages ("Tổng quan", "Hồ sơ TTHC").

Builders take the rows of the dossier queries and return a figure (or a pandas Styler); they never
draw and never compute a rate: every number comes from the query, builders only place and format it.
"""

from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts import theme
from charts.format import shown_as_text
from vocabulary.numbers import missing, number, percent, points
from vocabulary.periods import ROMAN
from vocabulary.thresholds import ON_TIME_FAIR, ON_TIME_GOOD, ONLINE_FAIR, ONLINE_GOOD, colour_legend


class OnTime(NamedTuple):
    """One on-time definition of domain.md "Formulas": its query columns and how it is explained."""
    column: str
    num: str
    den: str
    label: str
    formula: str
    counted: str     # what the denominator counts, for hover texts
    choice: str      # its name among the choices of the page


ON_TIME = {
    "default": OnTime("on_time_pct", "on_time_num", "on_time_den", "Trước và đúng hạn / đã giải quyết",
                "(trước hạn + đúng hạn) / số đã giải quyết — cột (8)+(9) / (7)", "hồ sơ đã giải quyết",
                "Mặc định (đã giải quyết)"),
    "qd766": OnTime("on_time_766_pct", "on_time_766_num", "on_time_766_den", "Đúng hạn theo QĐ 766 (đã và đang giải quyết)",
              "(trước hạn + đúng hạn + đang trong hạn) / (đã giải quyết + đang giải quyết) — (8)+(9)+(12) / (7)+(11)",
              "hồ sơ đã và đang giải quyết", "Theo QĐ 766"),
    "due": OnTime("on_time_due_pct", "on_time_due_num", "on_time_due_den", "Đúng hạn trên hồ sơ đến hạn",
            "(trước hạn + đúng hạn) / (đã giải quyết + đang quá hạn) — (8)+(9) / (7)+(13)", "hồ sơ đến hạn",
            "Hồ sơ đến hạn"),
}
ON_TIME_HELP = "\n\n".join(f"**{d.label}**: {d.formula}" for d in ON_TIME.values())
# The colours of the ranking table's on-time column (`_colour_rate`), said beside it.
RANKING_LEGEND = colour_legend(ON_TIME_GOOD, ON_TIME_FAIR)
ONLINE_FORMULA = "trực tuyến / số mới tiếp nhận — (4) / (4)+(5); không tính hồ sơ kỳ trước chuyển sang"
TARGET_SERIES = {"dossier_on_time": "on_time", "dossier_online": "online"}


def period_axis(periods: pd.DataFrame):
    """Quarters (I–IV) grouped under their year; years as text categories; other kinds by label."""
    if "quarter" in periods and len(periods) and periods["quarter"].notna().all():
        return [[str(y) for y in periods["year"]], [ROMAN[int(q)] for q in periods["quarter"]]]
    return [str(v) for v in periods["label"]]


# Target lines in a darker shade of their series: a target equal to the data (100 % on time) drawn in the
# series' own colour vanished under the thicker data line.
TARGET_SHADE = {theme.TEAL: "#145a52", theme.BLUE: "#0b2540"}


def _targets_by_year(targets: pd.DataFrame | None, kpi_code: str) -> dict:
    """year → (value, comparator, source, year the target is set for: later when a plan's goal is carried)."""
    if targets is None or targets.empty:
        return {}
    chosen = targets[targets["kpi_code"] == kpi_code]
    set_for = chosen["target_year"] if "target_year" in chosen else chosen["year"]
    return {int(y): (float(v), c, doc, int(t)) for y, v, c, doc, t in
            zip(chosen["year"], chosen["value"], chosen["comparator"], chosen["source_document"], set_for)}


def _target_hover(year: int, target) -> str:
    value, comparator, source, set_for = target
    goal = f" (mục tiêu đến năm {set_for})" if set_for != year else ""
    return f"Mục tiêu năm {year}: {comparator} {percent(value, 0)}{goal}<br>{source}"


def _add_target(fig, periods, targets, kpi_code, name, color, row=None, col=None, show_legend=True, label=True):
    by_year = _targets_by_year(targets, kpi_code)
    if not by_year:
        return
    values = [by_year.get(int(y), (None,))[0] for y in periods["year"]]
    if all(v is None for v in values):
        return
    hover = [_target_hover(int(y), by_year[int(y)]) if int(y) in by_year else "" for y in periods["year"]]
    last = max(i for i, v in enumerate(values) if v is not None)
    # the value written at the line's right end, so a target on top of the data still reads as one
    text = [f"mục tiêu {percent(v, 0)}" if label and i == last else "" for i, v in enumerate(values)]
    shade = TARGET_SHADE.get(color, color)
    fig.add_trace(go.Scatter(
        x=period_axis(periods), y=values, name=f"Mục tiêu {name}", mode="lines+markers+text",
        # a year alone (yearly view) is one point: a short dash marker shows it where a line cannot; a new year's
        # target starts at its first period (a step, not a slope across the turn of the year)
        line=dict(color=shade, width=2, dash="dash", shape="hv"), marker=dict(symbol="line-ew-open", size=16, color=shade),
        text=text, textposition="top left", textfont=dict(size=11, color=shade),
        connectgaps=False, showlegend=show_legend, cliponaxis=False,
        customdata=hover, hovertemplate="%{customdata}<extra></extra>", legendgroup=f"target-{kpi_code}",
    ), row=row, col=col)


def _rate_traces(periods: pd.DataFrame, definition: str):
    chosen = ON_TIME[definition]
    yield (chosen.column, "Tỷ lệ đúng hạn", theme.TEAL,
           [f"{number(a)} / {number(b)} {chosen.counted}" for a, b in zip(periods[chosen.num], periods[chosen.den])],
           "dossier_on_time", "đúng hạn")
    yield ("online_pct", "Tỷ lệ trực tuyến", theme.BLUE,
           [f"{number(a)} / {number(b)} hồ sơ mới tiếp nhận" for a, b in zip(periods["online_num"], periods["online_den"])],
           "dossier_online", "trực tuyến")


def rate_trend(periods: pd.DataFrame, definition: str = "default", targets: pd.DataFrame | None = None,
               title: str = "Tỷ lệ đúng hạn và tỷ lệ trực tuyến theo kỳ") -> go.Figure:
    """On-time % (the chosen definition) and online % by period, targets dashed, counts on hover."""
    fig = go.Figure()
    drawn = list(_rate_traces(periods, definition))
    for column, name, color, detail, kpi_code, short in drawn:
        fig.add_trace(go.Scatter(
            x=period_axis(periods), y=periods[column], name=name, mode="lines+markers",
            line=dict(color=color, width=3), marker=dict(size=7),
            customdata=[[percent(v), d, lbl] for v, d, lbl in zip(periods[column], detail, periods["label"])],
            hovertemplate="<b>%{customdata[2]}</b><br>" + name + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        ))
    for column, name, color, detail, kpi_code, short in drawn:      # targets over every data line
        _add_target(fig, periods, targets, kpi_code, short, color)
    theme.apply(fig, title)
    fig.update_yaxes(range=[0, 105], ticksuffix=" %")
    return fig


def unit_small_multiples(unit_periods: pd.DataFrame, definition: str = "default",
                         targets: pd.DataFrame | None = None, columns: int = 3) -> go.Figure:
    """One small chart per unit: on-time % (chosen definition) and online % by period."""
    units = list(dict.fromkeys(unit_periods["unit_name"]))
    rows = max(1, -(-len(units) // columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=units, shared_yaxes=True,
                        vertical_spacing=0.12 if rows > 1 else 0.2, horizontal_spacing=0.04)
    for i, unit in enumerate(units):
        part = unit_periods[unit_periods["unit_name"] == unit]
        r, c = i // columns + 1, i % columns + 1
        for column, name, color, detail, kpi_code, short in _rate_traces(part, definition):
            fig.add_trace(go.Scatter(
                x=period_axis(part), y=part[column], name=name, mode="lines", line=dict(color=color, width=2),
                showlegend=i == 0, legendgroup=column,
                customdata=[[percent(v), lbl, unit] for v, lbl in zip(part[column], part["label"])],
                hovertemplate="<b>%{customdata[2]}</b> · %{customdata[1]}<br>" + name + ": %{customdata[0]}<extra></extra>",
            ), row=r, col=c)
            _add_target(fig, part, targets, kpi_code, short, color, row=r, col=c, show_legend=i == 0, label=False)
    theme.apply(fig, f"Theo từng đơn vị — tỷ lệ đúng hạn ({ON_TIME[definition].label}) và trực tuyến", height=260 * rows + 80)
    fig.update_yaxes(range=[0, 105], ticksuffix=" %")
    fig.update_xaxes(showticklabels=True, tickfont=dict(size=10))
    fig.update_annotations(font=dict(size=13))
    return fig


def resolution_bars(periods: pd.DataFrame) -> go.Figure:
    """Resolved dossiers per period: early / on time / late, stacked (column (7) of the form)."""
    fig = go.Figure()
    for column, name, color in [("res_before", "Trước hạn", theme.TEAL), ("res_ontime", "Đúng hạn", theme.BLUE),
                                ("res_late", "Quá hạn", theme.RED)]:
        fig.add_trace(go.Bar(
            x=period_axis(periods), y=periods[column], name=name, marker_color=color,
            customdata=[[number(v), lbl, number(t)] for v, t, lbl in zip(periods[column], periods["res_total"], periods["label"])],
            hovertemplate="<b>%{customdata[1]}</b><br>" + name + ": %{customdata[0]} / %{customdata[2]} hồ sơ đã giải quyết<extra></extra>",
        ))
    theme.apply(fig, "Hồ sơ đã giải quyết: trước hạn, đúng hạn, quá hạn")
    fig.update_layout(barmode="stack", yaxis=dict(tickformat=",d"))
    return fig


def channel_bars(periods: pd.DataFrame, title: str = "Hồ sơ nhận giải quyết theo kênh tiếp nhận") -> go.Figure:
    """Dossiers to handle per period by channel; direct and BCCI apart only where files split them."""
    split = "recv_postal" in periods and periods["recv_postal"].notna().any()
    parts = [("recv_online", "Trực tuyến", theme.BLUE)]
    if split:
        parts += [("recv_direct", "Trực tiếp", theme.AMBER), ("recv_postal", "Qua BCCI", theme.GREEN)]
    else:
        parts += [("recv_offline", "Trực tiếp, bưu chính", theme.AMBER)]
    parts += [("recv_carry", "Từ kỳ trước", theme.LIGHT)]
    fig = go.Figure()
    for column, name, color in parts:
        fig.add_trace(go.Bar(
            x=period_axis(periods), y=periods[column], name=name, marker_color=color,
            customdata=[[number(v), lbl] for v, lbl in zip(periods[column], periods["label"])],
            hovertemplate="<b>%{customdata[1]}</b><br>" + name + ": %{customdata[0]} hồ sơ<extra></extra>",
        ))
    theme.apply(fig, title)
    fig.update_layout(barmode="stack", yaxis=dict(tickformat=",d"))
    return fig


def overdue_stock(periods: pd.DataFrame) -> go.Figure:
    """Pending dossiers at the end of each period, overdue ones in red (a stock: never summed over periods)."""
    fig = go.Figure()
    for column, name, color in [("proc_ontime", "Đang giải quyết trong hạn", theme.LIGHT),
                                ("proc_late", "Đang giải quyết quá hạn", theme.RED)]:
        fig.add_trace(go.Bar(
            x=period_axis(periods), y=periods[column], name=name, marker_color=color,
            customdata=[[number(v), lbl] for v, lbl in zip(periods[column], periods["label"])],
            hovertemplate="<b>Cuối %{customdata[1]}</b><br>" + name + ": %{customdata[0]} hồ sơ<extra></extra>",
        ))
    theme.apply(fig, "Hồ sơ đang giải quyết cuối kỳ (tồn), trong đó quá hạn")
    fig.update_layout(barmode="stack", yaxis=dict(tickformat=",d"))
    return fig


HEATMAP_UNITS = 40   # more rows than this are unreadable on a screen: a slice of them, the lowest first


def heatmap_ranking(unit_periods: pd.DataFrame, definition: str = "default") -> pd.DataFrame:
    """The heat map's units ranked by their rate (chosen definition) in the latest period, 1 = highest; units with
    no rate then last (rank after every rated one, chosen_pct empty): unit_name, chosen_pct, rank."""
    latest = unit_periods.loc[unit_periods["period_end"] == unit_periods["period_end"].max()]
    rates = latest.groupby("unit_name")[ON_TIME[definition].column].first()
    ranking = pd.DataFrame({"unit_name": sorted(unit_periods["unit_name"].unique())})
    ranking["chosen_pct"] = ranking["unit_name"].map(rates).astype(float)
    ranking = ranking.sort_values(["chosen_pct", "unit_name"], ascending=[False, True], na_position="last",
                                  ignore_index=True)
    ranking["rank"] = range(1, len(ranking) + 1)
    return ranking


def heatmap_slice(ranking: pd.DataFrame, show: str = "bottom", search: str = "", page: int = 1
                  ) -> tuple[pd.DataFrame, str]:
    """The units of the heat map (a slice of `heatmap_ranking` as `ranking_slice` cuts a ranking, HEATMAP_UNITS at a
    time; the lowest and highest among units with a rate, every unit through the pages or a search) and the words
    saying which slice it is ("" when every unit is shown)."""
    total = len(ranking)
    if total <= HEATMAP_UNITS and not search.strip():
        return ranking.sort_values("unit_name"), ""
    rated = ranking if show == "all" or search.strip() else ranking[ranking["chosen_pct"].notna()]
    rows, pages = ranking_slice(rated, show, search, page, size=HEATMAP_UNITS)
    if search.strip():
        what = f"tìm \"{search.strip()}\": {number(len(rows))} đơn vị"
    elif show == "all":
        page = min(max(1, page), pages)
        first = (page - 1) * HEATMAP_UNITS + 1
        what = f"trang {page}/{pages}: hạng {first}–{first + len(rows) - 1} kỳ gần nhất"
    else:
        what = f"{number(len(rows))} đơn vị {RANKING_SHOWS[show].lower()} kỳ gần nhất"
    return rows, f"{what} / {number(total)}"


def on_time_heatmap(unit_periods: pd.DataFrame, definition: str = "default", show: str = "bottom", search: str = "",
                    page: int = 1) -> go.Figure:
    """Units × periods coloured by on-time % (chosen definition); "—" where nothing was resolved.

    With more than HEATMAP_UNITS units (or a search) a slice is shown, named in the title (`heatmap_slice`): by
    default the lowest in the latest period, worst first.
    """
    column, label = ON_TIME[definition].column, ON_TIME[definition].label
    grid = unit_periods.pivot_table(index="unit_name", columns="period_end", values=column, aggfunc="first",
                                    dropna=False)
    shown, sliced = heatmap_slice(heatmap_ranking(unit_periods, definition), show, search, page)
    grid = grid.loc[list(shown["unit_name"])]
    periods = unit_periods.drop_duplicates("period_end").set_index("period_end").loc[grid.columns]
    x = [f"{ROMAN[int(q)]}/{y}" if not missing(q) else lbl
         for q, y, lbl in zip(periods["quarter"], periods["year"], periods["label"])]
    z = grid.astype(float).where(grid.notna(), None).values.tolist()
    text = [[percent(v, 1) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=list(grid.index), text=text, texttemplate="%{text}" if len(x) <= 12 else None,
        colorscale=[[0, theme.RED], [0.5, theme.AMBER], [0.8, "#f4e7a1"], [1, theme.GREEN]],
        zmin=80, zmax=100, xgap=2, ygap=2, hovertemplate="<b>%{y}</b> · %{x}<br>" + label + ": %{text}<extra></extra>",
        colorbar=dict(title="%", ticksuffix=" %"),
    ))
    title = f"Tỷ lệ đúng hạn theo đơn vị và kỳ ({label})" + (f" — {sliced}" if sliced else "")
    theme.apply(fig, title, height=max(320, 34 * len(grid) + 140))
    fig.update_yaxes(autorange="reversed", gridcolor="white")
    fig.update_xaxes(type="category", tickangle=-45 if len(x) > 12 else 0)
    return fig


def _colour_rate(value, good: float = ON_TIME_GOOD, fair: float = ON_TIME_FAIR) -> str:
    if missing(value):
        return "color: #8c96a3"
    if value >= good:
        return "background-color: #e3f1e4"
    if value >= fair:
        return "background-color: #fbf0d6"
    return "background-color: #f8dcd8"


def _colour_change(value) -> str:
    if missing(value) or value == 0:
        return ""
    return "color: #2e7d32" if value > 0 else "color: #c0392b"


RANKING_COLUMNS = {
    "rank": "Hạng", "unit_name": "Đơn vị", "chosen_pct": "Tỷ lệ đúng hạn", "d_chosen_pp": "So với năm trước",
    "online_pct": "Tỷ lệ trực tuyến", "d_online_pp": "Trực tuyến so với năm trước", "res_total": "Đã giải quyết",
    "res_late": "Giải quyết quá hạn", "proc_late": "Đang quá hạn cuối năm", "basis": "Số liệu năm từ",
}


def common_basis(ranking: pd.DataFrame) -> str | None:
    """The periods every unit's year is summed from, when they are the same for all (then said once above the
    table instead of a wide column that pushed the table past the page)."""
    values = set(ranking["basis"].dropna())
    return values.pop() if len(values) == 1 and ranking["basis"].notna().all() else None


def ranking_table(ranking: pd.DataFrame):
    """Units ranked by the chosen on-time rate: coloured rates, changes against last year in green/red; the
    basis column only when units differ in it."""
    columns = {k: v for k, v in RANKING_COLUMNS.items() if k != "basis" or common_basis(ranking) is None}
    raw = ranking[list(columns)].rename(columns=columns)
    shown = shown_as_text(raw, {"Tỷ lệ đúng hạn": percent, "Tỷ lệ trực tuyến": percent, "So với năm trước": points,
                                "Trực tuyến so với năm trước": points, "Đã giải quyết": number,
                                "Giải quyết quá hạn": number, "Đang quá hạn cuối năm": number})
    styler = shown.style.hide(axis="index")
    styler = styler.apply(lambda col: [_colour_rate(v) for v in raw[col.name]], subset=["Tỷ lệ đúng hạn"])
    styler = styler.apply(lambda col: [_colour_rate(v, ONLINE_GOOD, ONLINE_FAIR) for v in raw[col.name]], subset=["Tỷ lệ trực tuyến"])
    styler = styler.apply(lambda col: [_colour_change(v) for v in raw[col.name]],
                          subset=["So với năm trước", "Trực tuyến so với năm trước"])
    return styler


LINH_VUC_COLUMNS = {
    "linh_vuc": "Lĩnh vực", "unit_names": "Đơn vị", "res_total": "Đã giải quyết", "res_late": "Giải quyết quá hạn",
    "proc_late": "Đang quá hạn", "late_share": "Tỷ trọng trong tổng số trễ hạn", "chosen_pct": "Tỷ lệ đúng hạn",
    "online_pct": "Tỷ lệ trực tuyến", "recv_total": "Nhận giải quyết",
}


def linh_vuc_table(breakdown: pd.DataFrame, definition: str = "default"):
    """Lĩnh vực of the chosen units, those with the most late dossiers first."""
    column = ON_TIME[definition].column
    raw = breakdown.assign(chosen_pct=breakdown[column])[list(LINH_VUC_COLUMNS)].rename(columns=LINH_VUC_COLUMNS)
    shown = shown_as_text(raw, {"Tỷ lệ đúng hạn": percent, "Tỷ lệ trực tuyến": percent,
                                "Tỷ trọng trong tổng số trễ hạn": lambda v: percent(v, 1), "Đã giải quyết": number,
                                "Giải quyết quá hạn": number, "Đang quá hạn": number, "Nhận giải quyết": number})
    styler = shown.style.hide(axis="index")
    return styler.apply(lambda col: [_colour_rate(v) for v in raw[col.name]], subset=["Tỷ lệ đúng hạn"])


def yearly_notes(yearly: pd.DataFrame) -> list[str]:
    """What a reader must know about yearly figures: incomplete years, years built from cumulative reports."""
    notes = []
    incomplete = [(y, n) for y, n in zip(yearly["year"], yearly["incomplete_units"]) if n]
    if incomplete:
        notes.append("Năm chưa đủ 12 tháng số liệu ở một số đơn vị: "
                     + ", ".join(f"{y} ({n} đơn vị)" for y, n in incomplete) + ".")
    cumulative = [(y, n) for y, n in zip(yearly["year"], yearly["basis_note"]) if not missing(n)]
    if cumulative:
        notes.append("Số liệu năm lấy từ báo cáo lũy kế (6 tháng, 9 tháng) cho các quý còn thiếu: "
                     + "; ".join(f"{y}: {n}" for y, n in cumulative) + ".")
    return notes


# ---------------------------------------------------------------------------------------------------------------
# Rankings of many units (issue 19: 78 communes, up to 170): a slice to read, and the distribution beside it
# ---------------------------------------------------------------------------------------------------------------
RANKING_PAGE = 25          # rows of a ranking page; with more units the page offers the lowest, the highest, a search
RANKING_SHOWS = {"bottom": "Thấp nhất", "top": "Cao nhất", "all": "Tất cả (theo trang)"}
BANDS = (90.0, ON_TIME_FAIR, ON_TIME_GOOD)   # the colour bands of the ranking table and the meeting's "below the bands"


def ranking_slice(ranking: pd.DataFrame, show: str = "bottom", search: str = "", page: int = 1,
                  size: int = RANKING_PAGE) -> tuple[pd.DataFrame, int]:
    """The rows of a long ranking to show, and how many pages there are: the `size` lowest ("bottom", worst first)
    or highest ranks, or page `page` of all; a search (accents and case ignored) keeps the units whose name has it."""
    from vocabulary.text import match_key

    rows = ranking
    if search.strip():
        wanted = match_key(search)
        rows = rows[rows["unit_name"].map(lambda n: wanted in match_key(n))]
    if show == "bottom":
        return rows.sort_values("rank", ascending=False).head(size), 1
    if show == "top":
        return rows.sort_values("rank").head(size), 1
    pages = max(1, -(-len(rows) // size))
    page = min(max(1, page), pages)
    return rows.sort_values("rank").iloc[(page - 1) * size:page * size], pages


def rate_distribution(ranking: pd.DataFrame, definition: str = "default") -> go.Figure:
    """How the units' on-time rates (chosen definition) spread: units per band of 1 point from 80 %, the bands'
    limits marked — where the ranking's slice sits among all units."""
    values = ranking["chosen_pct"].dropna().clip(lower=80)
    fig = go.Figure(go.Histogram(x=values, xbins=dict(start=80, end=100.0001, size=1), marker_color=theme.BLUE,
                                 hovertemplate="%{x}: %{y} đơn vị<extra></extra>"))
    for band in BANDS:
        fig.add_vline(x=band, line_dash="dot", line_color=theme.RED if band == BANDS[0] else theme.AMBER)
    theme.apply(fig, f"Phân bố {number(len(values))} đơn vị theo tỷ lệ đúng hạn ({ON_TIME[definition].label})",
                height=320)
    fig.update_xaxes(title="Tỷ lệ đúng hạn (%) — dưới 80 % tính vào cột 80", ticksuffix=" %", range=[80, 100.5])
    fig.update_yaxes(title="Số đơn vị")
    fig.update_layout(bargap=0.05, showlegend=False)
    return fig


def below_bands(ranking: pd.DataFrame, band: float = BANDS[0]) -> pd.DataFrame:
    """The units under the lowest band, worst first (the meeting's commune slide)."""
    return ranking[ranking["chosen_pct"] < band].sort_values("chosen_pct")
