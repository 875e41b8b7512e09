"""Figures and tables of the "Chỉ số" page (index scores).

Builders take the rows of the score queries and return a figure, a table of display strings, or sentences;
they never compute a score: totals, points lost, changes, groups and 766 points all come from the queries.
Published values are partial: a year without a value is a gap in the line (never bridged), a series is
also cut at a methodology break and at a merger, and every point names its source on hover.
"""

from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts import theme
from vocabulary.numbers import DASH, missing, number, percent, signed
from vocabulary.thresholds import PAR_GROUP_LABELS, PAR_GROUP_RULE  # noqa: F401  (pages: figures.PAR_GROUP_RULE)
from vocabulary.indices import INDICES, SUBJECT_KINDS, UNIT_KINDS, index_label, kind_label  # noqa: F401  (pages: figures.index_label)
from vocabulary.units import LEVEL_CHOICES, LEVEL_SCOPE
from vocabulary.dates import DAY

FLAG_LABELS = {
    "nguon_khac_nhau": "các nguồn công bố khác nhau",
    "hang_diem_khong_khop": "điểm và hạng không khớp với các đơn vị khác — cần kiểm tra",
    "hang_theo_thu_tu": "hạng suy ra từ thứ tự liệt kê trong nguồn",
    "so_lieu_thoi_diem": "số liệu tại một thời điểm, chưa phải kết quả cả năm",
    "khong_xep_hang": "không được xếp hạng năm này",
}
DOUBTFUL = ("nguon_khac_nhau", "hang_diem_khong_khop")
GROUP_LABELS = PAR_GROUP_LABELS
GROUP_COLORS = {"A": theme.GREEN, "B": theme.TEAL, "duoi_80": theme.AMBER}
OWN = "chinh"     # score_series.relation of the subject's own rows (not its predecessors' or successor's)
RELATION_LABELS = {"truoc_sap_nhap": "trước sáp nhập", "sau_sap_nhap": "đơn vị sau sáp nhập"}
RATE_SOURCE_LABELS = {"ho_so": "số liệu hồ sơ TTHC đã nạp", "nhap": "nhập tay"}
WHATIF_FORMULA = "điểm = min(tỷ lệ, T) / T × điểm tối đa (QĐ 766/QĐ-TTg); đạt ngưỡng T thì đủ điểm"


def default_subject(subjects: pd.DataFrame, home: str | None) -> str:
    """The subject a page opens on (query score_subjects; its unit_id as text): the `home` province where it is
    among the subjects, else the unit still in existence with the most years (the first in name order of those)."""
    rows = list(subjects[["unit_id", "name", "valid_to", "years"]].itertuples(index=False))
    at_home = [r for r in rows if r.name == home]
    current = [r for r in rows if missing(r.valid_to)]
    best = max(current or rows, key=lambda r: int(r.years))
    return str(int((at_home or [best])[0].unit_id))


def kind_for_level(kinds: list[str], level: str) -> str:
    """The subject kind the page opens on at the sidebar's level: the communes' at "Xã, phường", the departments'
    otherwise, when the index has them; else the index's first kind (provinces for PAPI)."""
    wanted = level_kind(level) or "so"
    return wanted if wanted in kinds else kinds[0]


def level_kind(level: str) -> str | None:
    """The subject kind of a level's own units: departments at "Sở / ban, ngành", communes at "Xã, phường"."""
    return {"so": "so", "xa": "xa"}.get(level)


def index_for_level(indices: pd.DataFrame, level: str) -> str:
    """The index the page opens on (query score_indices): the first scoring the level's own units, else the first."""
    scored = indices.loc[indices["subject_kind"] == level_kind(level), "index_code"]
    return str(scored.iloc[0]) if len(scored) else str(indices["index_code"].iloc[0])


def indices_at_level(indices: pd.DataFrame, level: str) -> list[str]:
    """The labels of the indices scoring the level's own units (to say where to look when one scores none)."""
    return [index_label(c) for c in dict.fromkeys(indices.loc[indices["subject_kind"] == level_kind(level), "index_code"])]


def followed_kind(current: str | None, kinds: list[str], level: str) -> str | None:
    """The kind to show after a change of level or index: at "Sở / ban, ngành" and "Xã, phường" the departments' or
    the communes' kind follows the level (the other one has none of the level's units); any other choice is kept."""
    wanted = kind_for_level(kinds, level)
    if level in ("so", "xa") and current in ("so", "xa") and wanted in ("so", "xa"):
        return wanted
    return current


def in_level(subjects: pd.DataFrame, unit_ids) -> pd.DataFrame:
    """The subjects (any frame with unit_id) among the level's units."""
    return subjects[subjects["unit_id"].astype(int).isin(set(unit_ids))]


def level_note(level: str, index_code: str, kind: str, shown: int) -> str:
    """What the sidebar's "Cấp" does to this index and kind: which units it keeps, or plainly that it does not apply."""
    index, kinds = index_label(index_code), kind_label(kind).lower()
    if kind in UNIT_KINDS:
        return (f"Cấp **{LEVEL_CHOICES[level]}** (thanh bên): chỉ {LEVEL_SCOPE[level]} có điểm {index} ({kinds}) được "
                f"hiển thị và so sánh — {number(shown)} đơn vị.")
    return (f"Cấp \"{LEVEL_CHOICES[level]}\" ở thanh bên không áp dụng cho {index} ({kinds}): chỉ số này chấm từng "
            f"{kinds} và so sánh trên cả nước, không theo cấp trong tỉnh.")


def own_rows(series: pd.DataFrame) -> pd.DataFrame:
    """The rows of query score_series that are the subject's own (not carried over across a merger)."""
    return series[series["relation"] == OWN]


def scored_years(series: pd.DataFrame) -> list[int]:
    """The years the subject itself has a total, latest first."""
    return sorted({int(y) for y in own_rows(series)["year"]}, reverse=True)


def total_of(series: pd.DataFrame, year: int) -> dict | None:
    """The subject's own total row of `year`, or None."""
    total = own_rows(series)
    total = total[total["year"] == year]
    return total.iloc[0].to_dict() if len(total) else None


def years_caption(name: str, series: pd.DataFrame) -> str:
    """Under the trend: how many years the subject has a score or a rank, and which."""
    mine = own_rows(series)
    return (f"{name}: {len(mine)} năm có điểm hoặc hạng ({', '.join(str(int(y)) for y in mine['year'])}). "
            "Điểm hình thoi: các nguồn ghi khác nhau hoặc điểm và hạng không khớp — xem chi tiết khi di chuột "
            "và ở thẻ \"Nguồn và khung chỉ số\".")


def fullest_year(counts) -> int:
    """The year with most subjects scored (the latest of equals): published rankings are partial, so the comparison
    opens on the year that says most."""
    return int(max(zip(counts["scored"], counts["year"]))[1])


def template_year(indices, today) -> int:
    """The year a new score sheet is most likely for: the year after the latest stored, else last year (scores are
    published the year after they measure)."""
    return int(indices["last_year"].max()) + 1 if len(indices) else today.year - 1


def data_caption(indices) -> str:
    """What the page's numbers are: published values partial and never filled in; department scores called demo
    data only while every one of them still comes from the bundled sample (`score_indices.demo_only`)."""
    text = ("Số liệu công bố chỉ có một phần (nhóm đầu, nhóm cuối, một số tỉnh): năm không có số liệu để trống, "
            "không ước tính; di chuột lên điểm để xem nguồn.")
    departments = indices[indices["subject_kind"] == "so"]
    if len(departments) and departments["demo_only"].all():
        text += " Điểm các sở là **dữ liệu minh họa**."
    elif len(departments) and departments["demo_only"].any():
        text += " Một số chỉ số của các sở chỉ có **dữ liệu minh họa** (ghi rõ ở từng điểm)."
    return text


def published(value) -> str:
    """A score as published: up to 4 decimals, none padded (46,0414; 91,87; 45)."""
    if missing(value):
        return DASH
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number(value, decimals)


def score_text(value, unit: str | None) -> str:
    if missing(value):
        return DASH
    if unit == "%":
        return f"{published(value)}\u00a0%"
    return f"{published(value)} điểm" if unit == "điểm" else published(value)


def rank_text(rank, rank_of=None) -> str:
    """"hạng 12/63" as the Ministry publishes it; without the count where it is not known."""
    if missing(rank):
        return "chưa có hạng"
    return f"hạng {int(rank)}/{int(rank_of)}" if not missing(rank_of) else f"hạng {int(rank)}"


def group_text(code) -> str:
    return GROUP_LABELS.get(code, "") if isinstance(code, str) else ""


def _items(value) -> list:
    """A list column's value as a list: [] for NULL (None, NaN or NA, as pandas gives it)."""
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        return []


def flags_text(flags) -> str:
    return "; ".join(FLAG_LABELS.get(f, f) for f in _items(flags))


def _urls(sources) -> list[str]:
    found = []
    for source in _items(sources):
        found += [s.strip() for s in str(source).split(" ; ") if s.strip()]
    return list(dict.fromkeys(found))


def _site(source: str) -> str:
    """A short name for a source on hover: the web site, or the document text as written."""
    host = urlparse(source).netloc
    return host.removeprefix("www.") if host else source[:60]


def sources_text(sources, limit: int = 3) -> str:
    urls = _urls(sources)
    if not urls:
        return "chưa ghi nguồn"
    shown = ", ".join(_site(u) for u in urls[:limit])
    return shown + (f" và {len(urls) - limit} nguồn khác" if len(urls) > limit else "")


def _hover(row, unit) -> str:
    parts = [f"<b>{row['unit_name']} — {int(row['year'])}</b>", f"Điểm: {score_text(row['score'], unit)}",
             rank_text(row["rank"], row["rank_of"]).capitalize()]
    if isinstance(row.get("group_code"), str):
        parts.append(group_text(row["group_code"]))
    if isinstance(row.get("methodology_label"), str):
        parts.append(f"Phương pháp: {row['methodology_label']}")
    alternatives = _items(row.get("alt_scores"))
    if alternatives:
        others = [f"{score_text(v, unit)} ({_site(s)})" for v, s in zip(alternatives, _items(row.get("alt_sources")))]
        parts.append("Nguồn khác ghi: " + "; ".join(others))
    if flags_text(row.get("flags")):
        parts.append("Lưu ý: " + flags_text(row["flags"]))
    parts.append("Nguồn: " + sources_text(row.get("sources")))
    if row.get("is_demo"):
        parts.append("<i>Dữ liệu minh họa (giả lập)</i>")
    return "<br>".join(parts)


def _legend_below(fig: go.Figure, height: int, top: int = 50):
    """The legend well under the x axis labels, whatever the figure's height (Streamlit draws a legend closer
    to the axis than plotly's own renderer does, so the distance is generous)."""
    bottom = 110
    plot = max(height - top - bottom, 80)
    fig.update_layout(height=height, margin=dict(t=top, b=bottom),
                      legend=dict(orientation="h", yanchor="top", y=-max(0.2, 75 / plot), xanchor="left", x=0))


def _doubtful(flags) -> bool:
    return any(f in DOUBTFUL for f in _items(flags))


def _cut_points(breaks: pd.DataFrame | None) -> list[float]:
    return sorted({float(y) - 0.5 for y in breaks["after_year"].dropna()}) if breaks is not None and len(breaks) else []


def _segmented(years: list[int], values: list, cuts: list[float]) -> tuple[list, list]:
    """x/y with a gap at each missing year and each break, so no line crosses either."""
    if not years:
        return [], []
    by_year = {y: None if missing(v) else v for y, v in zip(years, values)}
    xs, ys = [], []
    for year in range(min(years), max(years) + 1):
        if xs and any(xs[-1] < cut < year for cut in cuts if not missing(xs[-1])):
            xs.append(None)
            ys.append(None)
        xs.append(year)
        ys.append(by_year.get(year))
    return xs, ys


def score_trend(series: pd.DataFrame, breaks: pd.DataFrame | None = None, means: pd.DataFrame | None = None,
                index_code: str = "PAR") -> go.Figure:
    """Total score (top) and rank (bottom, 1 at the top) over the years, as published, breaks marked. Without a
    published rank of the subject, the score alone: an empty rank panel also took the year labels with it (a
    shared axis writes them under the lowest panel)."""
    ranks = own_rows(series)["rank"].dropna()
    if len(ranks):
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.64, 0.36], vertical_spacing=0.08)
    else:
        fig = make_subplots(rows=1, cols=1)
    unit = series["scale_unit"].dropna().iloc[0] if series["scale_unit"].notna().any() else None
    breaks = _visible(breaks, series)
    cuts = _cut_points(breaks)
    for name, part in series.groupby("unit_name", sort=False):
        main = part["relation"].iloc[0] == OWN
        label = name if main else f"{name} ({RELATION_LABELS.get(part['relation'].iloc[0], '')}, như đã công bố)"
        if part["is_demo"].any():
            label += " — minh họa"
        color = theme.BLUE if main else theme.GREY
        years = [int(y) for y in part["year"]]
        hover = {int(r["year"]): _hover(r, unit) for _, r in part.iterrows()}
        xs, ys = _segmented(years, list(part["score"]), cuts)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines+markers", name=label, legendgroup=name, connectgaps=False,
            line=dict(color=color, width=3 if main else 2, dash="solid" if main else "dot"),
            marker=dict(size=9 if main else 7, color=color,
                        symbol=["diamond" if _doubtful(f) else "circle" for f in _by_x(xs, part, "flags")]),
            customdata=[hover.get(x, "") if x is not None else "" for x in xs],
            hovertemplate="%{customdata}<extra></extra>"), row=1, col=1)
        alt_x, alt_y, alt_text = [], [], []
        for _, r in part.iterrows():
            for value, source in zip(_items(r.get("alt_scores")), _items(r.get("alt_sources"))):
                alt_x.append(int(r["year"]))
                alt_y.append(value)
                alt_text.append(f"<b>{name} — {int(r['year'])}</b><br>Nguồn khác công bố {score_text(value, unit)}"
                                f"<br>{_site(source)}")
        if alt_x:
            fig.add_trace(go.Scatter(
                x=alt_x, y=alt_y, mode="markers", name="Giá trị khác theo nguồn khác", legendgroup=f"alt-{name}",
                marker=dict(size=10, symbol="diamond-open", color=theme.AMBER, line=dict(width=2)),
                customdata=alt_text, hovertemplate="%{customdata}<extra></extra>"), row=1, col=1)
        ranked = part[part["rank"].notna()]
        if len(ranked) and main and len(ranks):           # the merged units' ranks are in their hover, not on this axis
            rx, ry = _segmented([int(y) for y in ranked["year"]], list(ranked["rank"]), cuts)
            labels = {int(r["year"]): rank_text(r["rank"], r["rank_of"]) for _, r in ranked.iterrows()}
            fig.add_trace(go.Scatter(
                x=rx, y=ry, mode="lines+markers+text", name=f"Hạng — {name}", legendgroup=name, showlegend=False,
                text=[labels.get(x, "").removeprefix("hạng ") if x is not None else "" for x in rx],
                textposition="top center", connectgaps=False, cliponaxis=False,
                line=dict(color=color, width=2, dash="solid" if main else "dot"), marker=dict(size=7, color=color),
                customdata=[hover.get(x, "") if x is not None else "" for x in rx],
                hovertemplate="%{customdata}<extra></extra>"), row=2, col=1)
    if means is not None and len(means):
        fig.add_trace(go.Scatter(
            x=[int(y) for y in means["year"]], y=list(means["value"]), mode="markers",
            name="Trung bình công bố", marker=dict(symbol="line-ew-open", size=18, color=theme.GREY, line=dict(width=3)),
            customdata=[f"<b>Trung bình công bố {int(r['year'])}</b><br>{score_text(r['value'], unit)}"
                        f"<br>Nguồn: {_site(r['source'])}" for _, r in means.iterrows()],
            hovertemplate="%{customdata}<extra></extra>"), row=1, col=1)
    _mark_breaks(fig, breaks)
    title = "điểm và xếp hạng qua các năm" if len(ranks) else "điểm qua các năm (chưa có xếp hạng công bố)"
    theme.apply(fig, f"{index_label(index_code)} — {title}", height=560 if len(ranks) else 440)
    first, last = _year_span(series, breaks)
    fig.update_xaxes(tickmode="linear", dtick=1, range=[first - 0.6, last + 0.6], tickformat="d")
    fig.update_yaxes(ticksuffix=" %" if unit == "%" else "", title_text="Điểm tổng", row=1, col=1)
    if len(ranks):   # reversed: 1 on top, room above the top label and below the lowest point
        pad = max(1.0, (float(ranks.max()) - float(ranks.min())) * 0.25)
        fig.update_yaxes(range=[float(ranks.max()) + pad, max(0.45, float(ranks.min()) - pad * 1.4)],
                         title_text="Xếp hạng", tick0=1,
                         dtick=max(1, round((float(ranks.max()) - float(ranks.min())) / 4)), row=2, col=1)
    return fig


def _visible(breaks: pd.DataFrame | None, series: pd.DataFrame) -> pd.DataFrame | None:
    """The breaks inside the years shown; a merger right after the last year is shown too (why it ends)."""
    if breaks is None or not len(breaks):
        return breaks
    first, last = int(series["year"].min()), int(series["year"].max())
    inside = [(first < int(r["after_year"]) <= last) or (r["break_kind"] == "sap_nhap" and int(r["after_year"]) == last + 1)
              for _, r in breaks.iterrows()]
    return breaks[inside]


def _by_x(xs: list, part: pd.DataFrame, column: str) -> list:
    values = {int(r["year"]): r[column] for _, r in part.iterrows()}
    return [values.get(x) if x is not None else None for x in xs]


def _year_span(series: pd.DataFrame, breaks: pd.DataFrame | None) -> tuple[int, int]:
    years = [int(y) for y in series["year"]]
    if breaks is not None and len(breaks):
        years += [int(y) for y in breaks["after_year"].dropna()]
    return min(years), max(years)


def _mark_breaks(fig: go.Figure, breaks: pd.DataFrame | None):
    if breaks is None or not len(breaks):
        return
    for after_year, group in breaks.groupby("after_year"):
        kinds = set(group["break_kind"])
        text = " · ".join(t for k, t in (("phuong_phap", "đổi phương pháp"), ("sap_nhap", "sáp nhập")) if k in kinds)
        fig.add_vline(x=float(after_year) - 0.5, line=dict(color=theme.RED if "sap_nhap" in kinds else theme.GREY,
                                                            dash="dash", width=1.5))
        fig.add_annotation(x=float(after_year) - 0.5, y=1.0, yref="paper", text=text.capitalize(), showarrow=False,
                           xanchor="left", yanchor="bottom", font=dict(size=11, color=theme.RED if "sap_nhap" in kinds
                                                                       else "#566573"))


def break_notes(breaks: pd.DataFrame, first_year: int, last_year: int) -> list[str]:
    """One sentence per break inside the years shown."""
    notes = []
    for _, b in breaks.iterrows():
        year = int(b["after_year"])
        last = last_year + 1 if b["break_kind"] == "sap_nhap" else last_year     # as score_trend draws them
        if not first_year < year <= last:
            continue
        if b["break_kind"] == "phuong_phap":
            notes.append(f"Từ {year}: {b['label']} thay cho {b['prev_label']} — điểm trước và sau không so sánh trực "
                         "tiếp được.")
        else:
            day = f"{b['effective_date']:{DAY}}".lstrip("0").replace("/0", "/")
            if b["direction"] == "vao":
                notes.append(f"{day}: {b['other_name']} sáp nhập vào đơn vị này — số liệu từ {year} là của đơn vị sau "
                             "sáp nhập, hiển thị như đã công bố, không quy đổi.")
            else:
                notes.append(f"{day}: đơn vị này sáp nhập vào {b['other_name']} — từ {year} không còn điểm riêng; "
                             "điểm của đơn vị mới không quy đổi ngược.")
    return notes


def points_lost_bars(components: pd.DataFrame, title: str) -> go.Figure:
    """Points achieved and lost per component against its maximum, the most lost on top."""
    shown = components[components["score"].notna()]
    names = list(shown["component_name"])
    hover = []
    for _, r in shown.iterrows():
        text = f"<b>{r['component_name']}</b><br>Đạt {published(r['score'])}"
        if not missing(r["max_score"]):
            text += (f" / {published(r['max_score'])} điểm ({percent(r['achieved_pct'], 1)}); mất "
                     f"{published(round(r['lost'], 4))} điểm")
        else:
            text += " điểm; điểm tối đa chưa công bố"
        if not missing(r["prev_score"]):
            text += f"<br>Năm trước: {published(r['prev_score'])} / {published(r['prev_max'])}"
            if r["max_changed"]:
                text += " (khung điểm đã thay đổi)"
        hover.append(text)
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=list(shown["score"]), orientation="h", name="Điểm đạt", marker_color=theme.TEAL,
                         customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                         text=[published(v) for v in shown["score"]], textposition="inside"))
    fig.add_trace(go.Bar(y=names, x=[None if missing(v) else v for v in shown["lost"]], orientation="h",
                         name="Điểm bị mất", marker_color=theme.RED, customdata=hover,
                         hovertemplate="%{customdata}<extra></extra>",
                         text=["" if missing(v) else f"−{published(round(v, 4))}" for v in shown["lost"]],
                         textposition="outside", cliponaxis=False))
    height = max(300, 46 * len(names) + 150)
    theme.apply(fig, title, height=height)
    fig.update_layout(barmode="stack", margin=dict(l=10, r=60))
    _legend_below(fig, height)
    fig.update_yaxes(autorange="reversed", automargin=True, ticklabelstandoff=6)
    fig.update_xaxes(rangemode="tozero", ticksuffix=" điểm")
    return fig


def components_table(components: pd.DataFrame) -> pd.DataFrame:
    """The components with achieved, maximum, lost, last year and the change, as text."""
    rows = []
    for _, r in components.iterrows():
        notes = []
        if missing(r["max_score"]):
            notes.append("điểm tối đa chưa công bố")
        elif not r["max_confirmed"]:
            notes.append("điểm tối đa theo khung đang cấu hình (chưa xác nhận)")
        if r["max_changed"]:
            notes.append(f"tối đa năm trước {published(r['prev_max'])}: khung thay đổi")
        if flags_text(r["flags"]):
            notes.append(flags_text(r["flags"]))
        rows.append({
            "Thành phần": r["component_name"],
            "Điểm đạt": published(r["score"]) if not missing(r["score"]) else "chưa có số liệu",
            "Tối đa": published(r["max_score"]),
            "Điểm bị mất": published(round(r["lost"], 4)) if not missing(r["lost"]) else DASH,
            "Tỷ lệ đạt": percent(r["achieved_pct"], 1),
            "Năm trước": (f"{published(r['prev_score'])} / {published(r['prev_max'])}"
                          if not missing(r["prev_score"]) else DASH),
            "Thay đổi": signed(r["change"], 2, "điểm") if not missing(r["change"]) else DASH,
            "Ghi chú": "; ".join(notes),
        })
    return pd.DataFrame(rows)


def lost_sentence(subject: str, year: int, total: dict | None, components: pd.DataFrame) -> str:
    """"Năm 2025, Sở Y tế đạt 86,12/100 điểm (hạng 3/6): mất 13,88 điểm, nhiều nhất ở …"."""
    scored = components[components["lost"].notna()]
    head = f"Năm {year}, {subject}"
    if total is not None and not missing(total.get("score")):
        head += f" đạt {published(total['score'])}/{published(total['max_score'])} điểm"
        if not missing(total.get("rank")):
            head += f" ({rank_text(total['rank'], total['rank_of'])})"
        if not missing(total.get("max_score")):
            head += f": mất {published(round(total['max_score'] - total['score'], 4))} điểm"
    if scored.empty:
        return head + "."
    worst = [f"\"{r['component_name']}\" (−{published(round(r['lost'], 4))})" for _, r in scored.head(2).iterrows()]
    return head + ", nhiều nhất ở " + " và ".join(worst) + "."


def compare_dots(compare: pd.DataFrame, index_code: str, means: pd.DataFrame | None = None,
                 year: int | None = None) -> go.Figure:
    """Subjects side by side for one year, as published: one dot per score (an axis that need not start at 0
    without exaggerating bars), rank and group written as the Ministry writes them; a subject whose source
    gave only its rank is listed at the left edge with that rank."""
    unit = compare["scale_unit"].dropna().iloc[0] if compare["scale_unit"].notna().any() else None
    scores = compare["score"].dropna()
    low = float(scores.min()) if len(scores) else 0.0
    high = float(scores.max()) if len(scores) else 100.0
    pad = max((high - low) * 0.15, 1.0)
    left = low - pad
    fig = go.Figure()
    names = [r["unit_name"] + (" (minh họa)" if r["is_demo"] else "") for _, r in compare.iterrows()]
    for code, label in (GROUP_LABELS.items() if index_code == "PAR" else [(None, "Điểm công bố")]):
        part = [(n, r) for n, (_, r) in zip(names, compare.iterrows())
                if not missing(r["score"]) and (code is None or r["group_code"] == code)]
        if not part and code is not None:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=label,
                                     marker=dict(size=12, color=GROUP_COLORS[code])))
            continue
        fig.add_trace(go.Scatter(
            x=[r["score"] for _, r in part], y=[n for n, _ in part], mode="markers+text", name=label,
            marker=dict(size=13, color=GROUP_COLORS.get(code, theme.BLUE),
                        symbol=["diamond" if _doubtful(r["flags"]) else "circle" for _, r in part],
                        line=dict(width=1, color="white")),
            text=["  " + " · ".join(x for x in (score_text(r["score"], unit), rank_text(r["rank"], r["rank_of"]),
                                                group_text(r["group_code"])) if x) for _, r in part],
            textposition="middle right", cliponaxis=False,
            customdata=[_hover({**r.to_dict(), "year": year or 0}, unit) for _, r in part],
            hovertemplate="%{customdata}<extra></extra>"))
    ranked_only = [(n, r) for n, (_, r) in zip(names, compare.iterrows()) if missing(r["score"])]
    if ranked_only:
        fig.add_trace(go.Scatter(
            x=[left] * len(ranked_only), y=[n for n, _ in ranked_only], mode="markers+text",
            name="Chỉ công bố thứ hạng", marker=dict(size=10, symbol="line-ew-open", color=theme.GREY),
            text=["  " + (rank_text(r["rank"], r["rank_of"]) if not missing(r["rank"]) else
                          flags_text(r["flags"]) or "chưa công bố điểm") + " — điểm không công bố"
                  for _, r in ranked_only],
            textposition="middle right", cliponaxis=False,
            customdata=[_hover({**r.to_dict(), "year": year or 0}, unit) for _, r in ranked_only],
            hovertemplate="%{customdata}<extra></extra>"))
    if means is not None and len(means):
        mean = means.iloc[0]
        fig.add_vline(x=mean["value"], line=dict(color=theme.GREY, dash="dash"),
                      annotation_text=f"Trung bình công bố {score_text(mean['value'], unit)}",
                      annotation_position="top", annotation_font=dict(size=11, color="#566573"))
    height = max(320, 30 * len(names) + 170)
    theme.apply(fig, f"{index_label(index_code)} {year or ''} — so sánh các đối tượng", height=height)
    _legend_below(fig, height)
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array", categoryarray=names)
    fig.update_xaxes(range=[left - pad * 0.1, high + (high - left) * 0.9], ticksuffix=" %" if unit == "%" else "",
                     showgrid=True, gridcolor="#edf1f5")
    fig.update_layout(margin=dict(l=10, r=30))
    return fig


def compare_table(compare: pd.DataFrame) -> pd.DataFrame:
    unit = compare["scale_unit"].dropna().iloc[0] if compare["scale_unit"].notna().any() else None
    return pd.DataFrame([{
        "Xếp hạng": (f"{int(r['rank'])}/{int(r['rank_of'])}" if not missing(r["rank_of"]) else str(int(r["rank"])))
        if not missing(r["rank"]) else DASH,
        "Đối tượng": r["unit_name"] + (" (minh họa)" if r["is_demo"] else ""),
        "Điểm": score_text(r["score"], unit),
        "Nhóm": group_text(r["group_code"]),
        "Lưu ý": flags_text(r["flags"]),
        "Nguồn": sources_text(r["sources"]),
    } for _, r in compare.iterrows()])


LOST_HEATMAP_UNITS = 40    # columns of the points-lost heat map at a time (78 communes scored by QĐ 766: pages)


def lost_pages(matrix: pd.DataFrame) -> int:
    """How many pages of LOST_HEATMAP_UNITS subjects the points-lost heat map has."""
    return max(1, -(-matrix["unit_name"].nunique() // LOST_HEATMAP_UNITS))


def lost_heatmap(matrix: pd.DataFrame, index_code: str, year: int, page: int = 1) -> go.Figure:
    """Components × subjects: the points each subject lost (darker = more lost). More than LOST_HEATMAP_UNITS
    subjects: page `page` of them, the most points lost first, the page named in the title."""
    components = list(dict.fromkeys(matrix.sort_values("sort")["component_name"]))
    subjects = list(dict.fromkeys(matrix["unit_name"]))
    sliced = ""
    if len(subjects) > LOST_HEATMAP_UNITS:
        lost = matrix.groupby("unit_name", sort=True)["lost"].sum().sort_values(ascending=False, kind="stable")
        pages = lost_pages(matrix)
        page = min(max(1, page), pages)
        first = (page - 1) * LOST_HEATMAP_UNITS
        sliced = (f" — trang {page}/{pages}: đơn vị thứ {first + 1}–{min(first + LOST_HEATMAP_UNITS, len(lost))} "
                  f"theo số điểm bị mất / {number(len(lost))}")
        subjects = list(lost.index[first:first + LOST_HEATMAP_UNITS])
    cells = {(r["unit_name"], r["component_name"]): r for _, r in matrix.iterrows()}
    z, text, hover = [], [], []
    for c in components:
        row = [cells.get((s, c)) for s in subjects]
        z.append([None if r is None or missing(r["lost"]) else r["lost"] for r in row])
        text.append(["" if v is None else published(round(v, 2)) for v in z[-1]])
        hover.append([f"<b>{s}</b><br>{c}<br>" + (f"Đạt {published(r['score'])} / {published(r['max_score'])}, mất "
                                               f"{published(round(r['lost'], 4))} điểm"
                                               if r is not None and not missing(r["lost"]) else "chưa có số liệu")
                      for s, r in zip(subjects, row)])
    # few columns: names on short horizontal lines (slanted wrapped names ran into each other); many: upright
    few = len(subjects) <= 12
    names = [_wrap(s.removeprefix("Sở "), 12) if few else s.removeprefix("Sở ") for s in subjects]
    fig = go.Figure(go.Heatmap(z=z, x=names, y=components, text=text,
                               texttemplate="%{text}", colorscale=[[0, "#fdf2f0"], [1, theme.RED]],
                               customdata=hover, hovertemplate="%{customdata}<extra></extra>",
                               colorbar=dict(title="Điểm<br>bị mất")))
    theme.apply(fig, f"{index_label(index_code)} {year} — điểm bị mất theo thành phần và đơn vị{sliced}",
                height=200 + 40 * len(components))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(tickangle=0 if few else -90, tickfont=dict(size=11), automargin=True)
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=20))
    return fig


def _wrap(text: str, width: int = 18) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines[:4]) + ("…" if len(lines) > 4 else "")


def papi_bars(dimensions: pd.DataFrame, province: str, year: int) -> go.Figure:
    """PAPI's dimensions (1–10): the province, the national mean and the best province, where published."""
    dims = dimensions[dimensions["component_code"].notna()]
    names = [f"{r['component_code']}. {r['component_name']}" for _, r in dims.iterrows()]
    best = dims["best_unit_name"].dropna().iloc[0] if dims["best_unit_name"].notna().any() else None
    fig = go.Figure()
    for column, label, color, sources in (
            ("score", province, theme.BLUE, "sources"),
            ("mean_score", "Trung bình cả nước (công bố)", theme.GREY, "mean_source"),
            ("best_score", f"Đứng đầu năm {year}: {best}" if best else "Tỉnh đứng đầu", theme.GREEN, "best_sources")):
        values = [None if missing(v) else v for v in dims[column]]
        if all(v is None for v in values):
            continue            # nothing of it published that year: said in papi_summary, not drawn as empty bars
        fig.add_trace(go.Bar(
            y=names, x=values, orientation="h", name=label, marker_color=color,
            text=[published(v) if v is not None else "chưa công bố" for v in values], textposition="outside",
            cliponaxis=False,
            customdata=[f"<b>{n}</b><br>{label}: {published(v) if v is not None else 'chưa công bố'}"
                        + (f"<br>Nguồn: {sources_text(s)}" if v is not None else "")
                        for n, v, s in zip(names, values, dims[sources])],
            hovertemplate="%{customdata}<extra></extra>"))
    theme.apply(fig, f"PAPI {year} — 8 nội dung (thang 1–10)", height=120 + 78 * len(names))
    fig.update_layout(barmode="group", bargap=0.25, margin=dict(l=10, r=80, t=50, b=40))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(range=[0, 11], dtick=1)
    return fig


def papi_summary(dimensions: pd.DataFrame, province: str, year: int) -> str:
    total = dimensions[dimensions["component_code"].isna()]
    if total.empty:
        return ""
    r = total.iloc[0]
    parts = [f"{province} {year}: tổng {published(r['score'])}/{published(r['max_points'])} điểm"
             if not missing(r["score"]) else f"{province} {year}: chưa có tổng điểm công bố"]
    if not missing(r["mean_score"]):
        parts.append(f"trung bình cả nước {published(r['mean_score'])}")
    if isinstance(r["best_unit_name"], str):
        parts.append(f"đứng đầu: {r['best_unit_name']}"
                     + (f" {published(r['best_score'])}" if not missing(r["best_score"]) else ""))
    dims = dimensions[dimensions["component_code"].notna()]
    parts.append(f"{int(dims['score'].notna().sum())}/{len(dims)} nội dung của tỉnh có số liệu công bố")
    missing_parts = [what for column, what in (("mean_score", "trung bình cả nước"), ("best_score", "tỉnh đứng đầu"))
                     if dims[column].isna().all()]
    if missing_parts:
        parts.append(" và ".join(missing_parts) + " theo từng nội dung năm này chưa công bố")
    return "; ".join(parts) + "."


def whatif_bars(whatif: pd.DataFrame) -> go.Figure:
    """Per QĐ 766 indicator: points held now and points to gain if the rate reached its threshold (the most to
    gain first); an indicator with no rate yet shows its maximum in grey."""
    # * = the indicator's maximum is configured, not confirmed by a published document
    names = [f"{r['component_code']} {r['component_name']}{'' if r['max_confirmed'] else ' *'}"
             for _, r in whatif.iterrows()]
    hover = [f"<b>{n}</b><br>{formula_text(r)}"
             + (f"<br>Có thể tăng {published(round(r['gain'], 2))} điểm" if not missing(r["gain"]) else "")
             + ("" if r["max_confirmed"] else "<br><i>Điểm tối đa chưa xác nhận (cấu hình)</i>")
             for n, (_, r) in zip(names, whatif.iterrows())]
    known = [not missing(v) for v in whatif["points_now"]]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=names, x=[v if k else None for v, k in zip(whatif["points_now"], known)], orientation="h",
                         name="Điểm hiện có", marker_color=theme.TEAL, customdata=hover,
                         hovertemplate="%{customdata}<extra></extra>"))
    fig.add_trace(go.Bar(
        y=names, x=[v if k else None for v, k in zip(whatif["gain"], known)], orientation="h",
        name="Có thể tăng khi đạt ngưỡng",
        marker_color=theme.AMBER, customdata=hover,
        hovertemplate="%{customdata}<extra></extra>",
        text=[("đã đạt ngưỡng" if round(v, 2) == 0 else f"+{published(round(v, 2))}") if k else ""
              for v, k in zip(whatif["gain"], known)],
        textposition="outside", cliponaxis=False))
    fig.add_trace(go.Bar(y=names, x=[None if k else m for m, k in zip(whatif["max_points"], known)], orientation="h",
                         name="Chưa có tỷ lệ (tối đa)", marker_color=theme.LIGHT, customdata=hover,
                         hovertemplate="%{customdata}<extra></extra>",
                         # outside, in one size: inside, plotly shrank each label to its bar (three sizes)
                         text=["" if k else "chưa có tỷ lệ" for k in known], textposition="outside",
                         textfont=dict(size=12, color="#5d6d7e"), cliponaxis=False))
    height = max(300, 48 * len(names) + 160)
    theme.apply(fig, "Chỉ số 766 — điểm hiện có và điểm có thể tăng nếu tỷ lệ đạt ngưỡng", height=height)
    fig.update_layout(barmode="stack", margin=dict(l=10, r=20))
    _legend_below(fig, height)
    fig.update_yaxes(autorange="reversed", automargin=True)
    top = whatif["max_points"].max() if whatif["max_points"].notna().any() else 1
    fig.update_xaxes(range=[0, float(top) * 1.35], ticksuffix=" điểm")
    return fig


def rate_inputs(whatif: pd.DataFrame) -> pd.DataFrame:
    """The indicators whose rate the user types (those not taken from the stored dossiers), in the framework's
    order: the what-if itself is sorted by points gained, and inputs that moved after each entry would take the
    next value typed into another indicator."""
    return whatif[whatif["rate_source"] != "ho_so"].sort_values("sort")


def formula_text(r) -> str:
    """The rule with the row's numbers: min(42,5 %; 50 %) / 50 % × 4 = 3,4 điểm."""
    if missing(r["rate"]):
        return f"chưa có tỷ lệ — nhập tỷ lệ hiện tại để tính (ngưỡng {percent(r['threshold_pct'], 0)})"
    return (f"min({percent(r['rate'])}; {percent(r['threshold_pct'], 0)}) / {percent(r['threshold_pct'], 0)} × "
            f"{published(r['max_points'])} = {published(round(r['points_now'], 2))} điểm")


def whatif_table(whatif: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([{
        "Chỉ tiêu": f"{r['component_code']} {r['component_name']}",
        "Tỷ lệ hiện tại": percent(r["rate"]),
        "Ngưỡng T": percent(r["threshold_pct"], 0),
        "Có thể tăng": DASH if missing(r["gain"]) else
        ("đã đạt ngưỡng" if round(r["gain"], 2) == 0 else f"+{published(round(r['gain'], 2))}"),
        "Cách tính": formula_text(r),
        "Điểm tối đa": published(r["max_points"]) + ("" if r["max_confirmed"] else " (chưa xác nhận)"),
        "Nguồn tỷ lệ": RATE_SOURCE_LABELS.get(r["rate_source"], "chưa có"),
    } for _, r in whatif.iterrows()])


def whatif_sentence(whatif: pd.DataFrame) -> str:
    known = whatif[whatif["gain"].notna() & (whatif["gain"] > 0)]
    if known.empty:
        return "Các chỉ tiêu có số liệu đều đã đạt ngưỡng; nhập tỷ lệ của các chỉ tiêu còn lại để ước tính."
    r = known.iloc[0]
    text = (f"Đáng giá nhất: {r['component_code']} {r['component_name']} — nếu tỷ lệ đạt {percent(r['threshold_pct'], 0)} "
            f"(hiện {percent(r['rate'])}), thêm {published(round(r['gain'], 2))} điểm")
    return text + ("." if r["max_confirmed"] else " (điểm tối đa của chỉ tiêu chưa xác nhận).")


def known_rows_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Every stored value of a subject with its source (first address as a link), caveats and file."""
    return pd.DataFrame([{
        "Năm": str(int(r["year"])),
        "Thành phần": r["component_name"] if isinstance(r["component_name"], str) else "Điểm tổng",
        "Điểm": published(r["score"]),
        "Tối đa": published(r["max_score"]),
        "Hạng": rank_text(r["rank"], r["rank_of"]).removeprefix("hạng ") if not missing(r["rank"]) else DASH,
        "Nguồn": sources_text(r["source"], limit=4),
        "Đường dẫn": next((u for u in _urls(r["source"]) if urlparse(u).scheme in ("http", "https")), ""),
        "Lưu ý": flags_text(r["flags"]) + (" (dữ liệu minh họa)" if r["is_demo"] else ""),
        "Ghi chú gốc (nguyên văn)": r["note"] if isinstance(r["note"], str) else "",
        "Tệp": r["file_name"],
    } for _, r in rows.iterrows()])


def framework_table(framework: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, r in framework.iterrows():
        years = (f"{int(r['year_from']) if not missing(r['year_from']) else '?'}–"
                 f"{int(r['year_to']) if not missing(r['year_to']) else 'nay'}")
        if missing(r["max_points"]):
            maximum = "chưa công bố" if isinstance(r["component_code"], str) else published(r["scale_max"])
        else:
            maximum = published(r["max_points"]) + ("" if r["max_confirmed"] else " (chưa xác nhận)")
        rows.append({
            "Phiên bản": r["version_label"] + (" — MINH HỌA" if r["is_demo"] else ""),
            "Cấp": kind_label(r["level"]),
            "Năm áp dụng": years,
            "Mã": r["component_code"] if isinstance(r["component_code"], str) else "",
            "Thành phần": r["component_name"] if isinstance(r["component_name"], str) else "(điểm tổng)",
            "Điểm tối đa": maximum,
            "Ngưỡng": percent(r["threshold_pct"], 0) if not missing(r["threshold_pct"]) else "",
            "Ghi chú": r["note"] if isinstance(r["note"], str) else (r["version_note"] or ""),
        })
    return pd.DataFrame(rows)
