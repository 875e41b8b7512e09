"""Figures, tables and sentences of the page "Mục tiêu & kế hoạch".

Builders take the rows of the kpi_*, target_* and plan_task_* queries and place and word them; every
number (rates, gaps, what the remaining quarters must bring) comes from the query.
"""

import calendar
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts import theme
from charts.format import fit_widths, table_style  # noqa: F401  (pages use views.fit_widths)
from vocabulary.numbers import missing, number, percent
from vocabulary.plan import ALL_UNITS, COMPARATORS, DONE, IN_PROGRESS, LATE, NOT_STARTED, target_text
from vocabulary.plan import STATUS_LABELS as TASK_STATUS_LABELS
from vocabulary.dates import DAY, MOMENT
from vocabulary.periods import ROMAN
from vocabulary.units import units_text

# The amber band of the status rule: missed by at most this many percentage points.
AMBER_POINTS = 5.0
STATUS_LABELS = {"green": "Đạt", "amber": "Gần đạt", "red": "Chưa đạt", "no_target": "Chưa có mục tiêu",
                 "no_data": "Chưa có số liệu"}
STATUS_COLORS = {"green": theme.GREEN, "amber": theme.AMBER, "red": theme.RED, "no_target": theme.GREY,
                 "no_data": theme.LIGHT}
STATUS_RULE = (f"**Xanh – đạt**: bằng hoặc vượt mục tiêu (đúng bằng mục tiêu là đạt). **Vàng – gần đạt**: chưa "
               f"đạt, thiếu không quá {number(AMBER_POINTS)} điểm %. **Đỏ – chưa đạt**: thiếu hơn "
               f"{number(AMBER_POINTS)} điểm %. **Xám**: chưa có mục tiêu hoặc chưa có số liệu.")
_TINT = {"green": "#e3f1e4", "amber": "#fbefd9", "red": "#f6dcd9", "no_target": "#eef1f4", "no_data": "#f6f8fa"}
TASK_COLORS = {LATE: theme.RED, "due_soon": theme.AMBER, IN_PROGRESS: theme.BLUE, NOT_STARTED: theme.GREY,
               DONE: theme.GREEN}
QUARTER_NAMES = {1: "quý II, III và IV", 2: "quý III và IV", 3: "quý IV"}


def quarter_end(year: int, quarter: int) -> date:
    """The last day a quarter's reports can end on (official 15→14 quarters and calendar ones alike)."""
    return date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])


def quarter_label(year: int, quarter: int) -> str:
    """"Quý III/2026": the choice "data up to the end of" a quarter."""
    return f"Quý {ROMAN[quarter]}/{year}"


def scope_caption(filters, year: int, as_of: date) -> str:
    """The page's scope line: the units of the shared filters (None: none chosen yet), the plan year and the last
    day of the periods counted."""
    units = units_text(filters.unit_ids, filters.unit_names) if filters else units_text(None, ())
    return f"Phạm vi: {units} · năm {year}, số liệu các kỳ kết thúc đến {as_of:{DAY}}"


def value_text(row) -> str:
    """"93,66 % (798/852 tài khoản)", "6,70 % (tỷ lệ báo cáo)", or "—"."""
    if missing(row["actual_pct"]):
        return "—"
    if row["value_basis"] == "reported":
        return f"{percent(row['actual_pct'])} (tỷ lệ báo cáo)"
    return f"{percent(row['actual_pct'])} ({number(row['numerator'])}/{number(row['denominator'])} {row['work_unit']})"


def _target(row) -> str:
    return "—" if missing(row["target_pct"]) else target_text(row["comparator"], row["target_pct"])


def status_counts(status: pd.DataFrame) -> dict[str, int]:
    """KPIs per status, and `unassessed`: those without a target or without data."""
    counts = {code: int((status["status"] == code).sum()) for code in STATUS_LABELS}
    counts["unassessed"] = counts["no_target"] + counts["no_data"]
    return counts


def missed_targets(status: pd.DataFrame) -> pd.DataFrame:
    """The KPIs short of their target (red and amber), the largest gap first."""
    return status[status["status"].isin(["red", "amber"])].sort_values("gap_pp")


def reported_only_notes(status: pd.DataFrame) -> list[str]:
    """One line per KPI some units of which reported only a percentage (kept, never rolled up)."""
    return [f"{row['short_name']}: {number(row['units_reported_only'])} đơn vị chỉ báo cáo tỷ lệ (không có số đếm) — "
            "tỷ lệ đó được giữ nguyên, không cộng gộp; xem thẻ \"Theo đơn vị\"."
            for _, row in status[status["units_reported_only"] > 0].iterrows()]


def nothing_assessed_sentence(counts: dict[str, int], year: int) -> str | None:
    """The notice for a year where no KPI has both a target and data (nothing to call met or missed), else None."""
    if counts["green"] + counts["amber"] + counts["red"]:
        return None
    return (f"Năm {year} chưa có chỉ tiêu nào vừa có mục tiêu vừa có số liệu để đánh giá: "
            f"{number(counts['no_target'])} chỉ tiêu chưa có mục tiêu, {number(counts['no_data'])} chỉ tiêu chưa có "
            "số liệu. Nạp số liệu KPI hoặc báo cáo Biểu 06 của năm ở trang \"Nạp dữ liệu\", và đặt mục tiêu ở thẻ "
            "\"Mục tiêu\".")


def gap_sentence(row) -> str:
    """What a KPI that misses its target lacks, in points and in units of work."""
    text = (f"**{row['short_name']}**: {value_text(row)} — mục tiêu {_target(row)}, "
            f"thiếu {number(abs(row['gap_pp']), 2)} điểm %")
    if not missing(row["gap_units"]) and row["gap_units"] > 0:
        verb = "cần giảm" if row["comparator"] == "<=" else "cần thêm"
        text += (f": {verb} {number(row['gap_units'])} {row['numerator_label']} "
                 f"(trên {number(row['denominator'])} {row['denominator_label']})")
    return text + "."


def projection_sentence(row) -> str | None:
    """What the remaining quarters must bring for the year to reach its target (quarterly flows only)."""
    if missing(row["needed_remaining"]) or missing(row["target_pct"]):
        return None
    quarters = QUARTER_NAMES[int(row["quarters_done"])]
    expected = f"{number(row['est_remaining_den'])} {row['denominator_label']}"
    goal = f"{percent(row['target_pct'], 0)} cả năm"
    if row["needed_remaining"] > row["est_remaining_den"]:
        return (f"**{row['short_name']}**: không thể đạt {goal} — kể cả khi toàn bộ {expected} dự kiến trong "
                f"{quarters} đều đạt, cả năm chỉ được {percent(row['best_possible_pct'])}.")
    if row["needed_remaining"] == 0:
        return f"**{row['short_name']}**: đã đủ để đạt {goal}, kể cả khi {quarters} không có thêm {row['numerator_label']}."
    return (f"**{row['short_name']}**: cần thêm {number(row['needed_remaining'])} {row['numerator_label']} trong "
            f"{quarters} để đạt {goal} (dự kiến {expected}, tức {percent(row['needed_share_pct'], 1)} số đó).")


def kpi_bullets(status: pd.DataFrame, title: str) -> go.Figure:
    """Each KPI's value as a bar coloured by its status, its target as a black tick, on 0–100 %."""
    shown = status[status["actual_pct"].notna()].iloc[::-1]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=shown["short_name"], x=shown["actual_pct"], orientation="h", name="Giá trị",
        marker=dict(color=[STATUS_COLORS[s] for s in shown["status"]]),
        customdata=[[value_text(r), _target(r), STATUS_LABELS[r["status"]]] for _, r in shown.iterrows()],
        hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>Mục tiêu: %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        showlegend=False))
    # the value right of both the bar's end and the target tick, so that neither crosses it (9,9 % vs 10 %)
    fig.add_trace(go.Scatter(
        y=shown["short_name"], x=label_positions(shown), mode="text", text=[percent(v, 1) for v in shown["actual_pct"]],
        textposition="middle right", textfont=dict(color="#1b2631"), cliponaxis=False, hoverinfo="skip",
        showlegend=False))
    targets = shown[shown["target_pct"].notna()]
    fig.add_trace(go.Scatter(
        y=targets["short_name"], x=targets["target_pct"], mode="markers", name="Mục tiêu",
        marker=dict(symbol="line-ns", size=22, line=dict(width=3, color="#1b2631")),
        hovertemplate="Mục tiêu %{customdata}<extra></extra>", customdata=[_target(r) for _, r in targets.iterrows()]))
    for code in ("green", "amber", "red", "no_target"):
        fig.add_trace(go.Bar(y=[None], x=[None], orientation="h", name=STATUS_LABELS[code],
                             marker=dict(color=STATUS_COLORS[code])))
    theme.apply(fig, title, height=max(300, 34 * len(shown) + 120))
    # room right of 100 % for the labels; ticks only up to 100 %
    fig.update_xaxes(range=[0, 116], showgrid=True, gridcolor="#edf1f5", tickvals=[0, 20, 40, 60, 80, 100],
                     ticktext=[percent(v, 0) for v in (0, 20, 40, 60, 80, 100)])
    fig.update_layout(bargap=0.35, barmode="overlay")
    return fig


def label_positions(shown: pd.DataFrame) -> list[float]:
    """Where each value label starts: just right of the bar's end or of the target tick, whichever is further."""
    return [max(v, 0 if missing(t) else t) + 1.5 for v, t in zip(shown["actual_pct"], shown["target_pct"])]


STATUS_TABLE_COLUMNS = {"short_name": "Chỉ tiêu", "value": "Giá trị", "target": "Mục tiêu", "gap": "Chênh lệch",
                        "need": "Cần thêm", "status_label": "Trạng thái", "source_document": "Văn bản giao chỉ tiêu"}


def kpi_table(status: pd.DataFrame):
    """Every KPI: value with its counts, target, gap in points and in units of work, status; coloured rows."""
    shown = pd.DataFrame({
        "short_name": status["short_name"],
        "value": [value_text(r) + (" ≈" if r["level_mapped"] else "") for _, r in status.iterrows()],
        "target": [_target(r) for _, r in status.iterrows()],
        "gap": ["—" if missing(g) else f"{'+' if g >= 0 else '−'}{number(abs(g), 2)} điểm %" for g in status["gap_pp"]],
        "need": ["—" if missing(u) or u == 0 else f"{number(u)} {lab}"
                 for u, lab in zip(status["gap_units"], status["numerator_label"])],
        "status_label": [STATUS_LABELS[s] for s in status["status"]],
        "source_document": status["source_document"].fillna("—"),
    }).rename(columns=STATUS_TABLE_COLUMNS)
    codes = list(status["status"])
    styler = shown.style.hide(axis="index")
    return styler.apply(lambda col: [f"background-color: {_TINT[c]}" if col.name == "Trạng thái" else "" for c in codes])


def kpi_trends(trend: pd.DataFrame, title: str) -> go.Figure:
    """One small chart per KPI: the yearly value (hollow where "mức độ 3/4" was mapped) and the target."""
    codes = list(dict.fromkeys(trend["kpi_code"]))
    cols = 4
    rows = max(1, -(-len(codes) // cols))
    names = [trend.loc[trend["kpi_code"] == c, "short_name"].iloc[0] for c in codes]
    all_years = [str(y) for y in sorted(set(trend["year"]))]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=names, vertical_spacing=0.5 / rows,
                        horizontal_spacing=0.06)
    for i, code in enumerate(codes):
        part = trend[trend["kpi_code"] == code]
        r, c = i // cols + 1, i % cols + 1
        years = [str(y) for y in part["year"]]
        fig.add_trace(go.Scatter(
            x=years, y=part["actual_pct"], mode="lines+markers+text", name="Giá trị", showlegend=i == 0,
            line=dict(color=theme.BLUE, width=2), legendgroup="value",
            marker=dict(size=8, color=[STATUS_COLORS[s] for s in part["status"]],
                        symbol=["circle-open" if m else "circle" for m in part["level_mapped"]],
                        line=dict(width=2, color=[STATUS_COLORS[s] for s in part["status"]])),
            text=[trend_label(v, t) for v, t in zip(part["actual_pct"], part["target_pct"])],
            textposition=[label_position(v, t) for v, t in zip(part["actual_pct"], part["target_pct"])],
            textfont=dict(size=10),
            customdata=[[value_text_trend(r)] for _, r in part.iterrows()],
            hovertemplate="%{x}: %{customdata[0]}<extra></extra>"), row=r, col=c)
        if part["target_pct"].notna().any():
            fig.add_trace(go.Scatter(
                x=years, y=part["target_pct"], mode="markers", name="Mục tiêu", showlegend=i == 0,
                legendgroup="target", marker=dict(symbol="line-ew", size=16, line=dict(width=2, color="#1b2631")),
                hovertemplate="Mục tiêu %{x}: %{y:.0f} %<extra></extra>"), row=r, col=c)
    # room above 100 % for the value labels, below the subplot's title. The axes of every small chart in one call
    # (update_yaxes(row=, col=) per chart walked every axis each time: most of the figure's time)
    axes = {}
    for n in range(1, len(codes) + 1):
        suffix = "" if n == 1 else str(n)
        axes[f"yaxis{suffix}"] = dict(range=[0, 128], tickvals=[0, 50, 100], ticktext=["0 %", "50 %", "100 %"])
        axes[f"xaxis{suffix}"] = dict(type="category", categoryorder="array", categoryarray=all_years)
    fig.update_layout(axes)
    theme.apply(fig, title, height=210 * rows + 110)
    fig.update_annotations(font=dict(size=13))
    fig.update_layout(legend=dict(y=-0.06))
    return fig


# How far above a point (in percentage points, on the 0–128 axis of a small chart) its label reaches.
LABEL_REACH = 25


def label_position(value, target) -> str:
    """Where a point's label goes so that the target mark does not cross it: above the point, unless the
    target sits just above it; then below, or beside it for a point too near 0 to have room below."""
    if missing(value) or missing(target) or not (value - 3 <= target <= value + LABEL_REACH):
        return "top center"
    return "bottom center" if value >= 20 else "middle right"


def trend_label(value, target) -> str:
    """A value as a whole percentage, unless rounding would make it read as its target when it is not (99,51 %
    against 100 % reads "99,5 %", not "100 %"): then with as many decimals as it takes."""
    if missing(value):
        return ""
    for decimals in (0, 1, 2):
        if missing(target) or value == target or round(value, decimals) != target:
            return percent(value, decimals)
    return percent(value, 2)


def value_text_trend(row) -> str:
    if row["value_basis"] == "reported":
        return f"{percent(row['actual_pct'])} (tỷ lệ báo cáo)"
    mapped = " — quy đổi gần đúng từ mức độ 3/4" if row["level_mapped"] else ""
    return f"{percent(row['actual_pct'])} ({number(row['numerator'])}/{number(row['denominator'])}){mapped}"


MATRIX_PAGE = 100          # units a page of the units × KPIs matrix shows


def matrix_pages(unit_status: pd.DataFrame) -> int:
    return max(1, -(-unit_status["unit_name"].nunique() // MATRIX_PAGE))


def unit_matrix(unit_status: pd.DataFrame, page: int = 1):
    """Units × KPIs: the value in each cell, tinted by its status against the unit's target; the units of page
    `page` (100 a page, in name order): a Styler is rendered cell by cell, and the 4.080 units of a national
    warehouse took 3,3 of 4,7 s of two profiled reruns."""
    if unit_status.empty:
        return pd.DataFrame().style
    order = list(dict.fromkeys(unit_status["short_name"]))
    names = sorted(set(unit_status["unit_name"]))[(page - 1) * MATRIX_PAGE:page * MATRIX_PAGE]
    unit_status = unit_status[unit_status["unit_name"].isin(names)]
    text = unit_status.assign(cell=[("—" if missing(v) else percent(v, 1)) + (" ≈" if m else "")
                                    for v, m in zip(unit_status["actual_pct"], unit_status["level_mapped"])])
    values = text.pivot(index="unit_name", columns="short_name", values="cell").reindex(columns=order).fillna("")
    codes = text.pivot(index="unit_name", columns="short_name", values="status").reindex(columns=order)
    values.index.name = "Đơn vị"
    styler = values.style.apply(lambda col: [f"background-color: {_TINT[c]}" if isinstance(c, str) else ""
                                             for c in codes[col.name]])
    return styler


def unit_misses(unit_status: pd.DataFrame, year: int) -> list[str]:
    """One line per unit that misses a target: the red ones with their gap, the amber ones by name; the
    units with most targets missed first (ties in the order the units come).

    One pass over plain column values: the groupby with `iterrows` per unit it replaces took 4,2 s for the
    4.080 units of a national warehouse (bench/RESULTS.md)."""
    columns = ["unit_name", "status", "short_name", "actual_pct", "comparator", "target_pct", "gap_units",
               "numerator_label", "unit_valid_to", "last_label", "gap_pp"]
    missed = unit_status.loc[unit_status["status"].isin(["red", "amber"]).to_numpy(), columns]
    if missed.empty:
        return []
    first_seen = {u: i for i, u in enumerate(dict.fromkeys(missed["unit_name"].tolist()))}
    missed = missed.assign(_unit_order=missed["unit_name"].map(first_seen)).sort_values(
        ["_unit_order", "gap_pp"], kind="stable")
    units: dict[str, dict] = {}
    for unit, status, name, actual, comparator, target, gap, numerator, ended, last_label in zip(
            *(missed[c].tolist() for c in columns[:-1])):
        entry = units.setdefault(unit, {"red": [], "amber": [], "ended": ended, "last_label": last_label})
        if status == "red":
            need = f", cần thêm {number(gap)} {numerator}" if not missing(gap) and gap > 0 else ""
            entry["red"].append(f"{name} {percent(actual, 1)} / {target_text(comparator, target)}{need}")
        else:
            entry["amber"].append(name)
    lines = []
    for unit, entry in units.items():
        ended = entry["ended"]
        # a unit merged away during the year reported only its first periods: said, so nobody chases it
        gone = "" if missing(ended) or ended is pd.NaT or pd.Timestamp(ended).year != year else (
            f" (đã sáp nhập, hoạt động đến {pd.Timestamp(ended):{DAY}}; số liệu đến {entry['last_label']})")
        red, amber = entry["red"], entry["amber"]
        text = f"**{unit}**{gone} — {number(len(red))} đỏ, {number(len(amber))} vàng."
        if red:
            text += " Đỏ: " + "; ".join(red) + "."
        if amber:
            text += " Vàng: " + ", ".join(amber) + "."
        lines.append((len(red), len(amber), text))
    return [text for _, _, text in sorted(lines, key=lambda x: (-x[0], -x[1]))]


def default_plan_year(plan_years: list[int], year: int) -> int:
    """The plan shown for the page's year: that year's plan, else the latest before it, else the latest."""
    earlier = [y for y in plan_years if y <= year]
    return max(earlier) if earlier else max(plan_years)


def table_height(rows: int) -> int:
    """A dataframe tall enough to show every row (Streamlit's default shows about ten)."""
    return 38 + 35 * max(rows, 1)


TASK_COUNT_SERIES = [(LATE, "late", "Trễ hạn"), ("due_soon", "due_soon", "Sắp đến hạn"),
                     (IN_PROGRESS, "in_progress", "Đang thực hiện"), (NOT_STARTED, "not_started", "Chưa bắt đầu"),
                     (DONE, "done", "Hoàn thành")]


def lead_unit_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    """Tasks per lead unit, stacked by status (late first; "sắp đến hạn" apart from the others in progress)."""
    shown = counts.iloc[::-1]
    fig = go.Figure()
    for key, column, name in TASK_COUNT_SERIES:
        values = shown[column]
        fig.add_trace(go.Bar(y=shown["lead_unit"], x=values, name=name, orientation="h",
                             marker=dict(color=TASK_COLORS[key]),
                             text=[number(v) if v else "" for v in values], textposition="inside", textangle=0,
                             insidetextanchor="middle",
                             hovertemplate="%{y}: %{x} nhiệm vụ " + name.lower() + "<extra></extra>"))
    theme.apply(fig, title, height=max(260, 34 * len(shown) + 130))
    fig.update_layout(barmode="stack", bargap=0.3, legend=dict(traceorder="normal"))
    fig.update_xaxes(title_text="Số nhiệm vụ", dtick=2)
    return fig


def area_bars(counts: pd.DataFrame, title: str) -> go.Figure:
    """Tasks per area (I–VII), stacked by status."""
    labels = [f"{c}. {a}" for c, a in zip(counts["area_code"], counts["area"])]
    fig = go.Figure()
    for key, column, name in TASK_COUNT_SERIES:
        values = counts[column]
        fig.add_trace(go.Bar(x=list(counts["area_code"]), y=values, name=name, marker=dict(color=TASK_COLORS[key]),
                             customdata=labels, text=[number(v) if v else "" for v in values], textposition="inside",
                             textangle=0,
                             hovertemplate="%{customdata}: %{y} nhiệm vụ " + name.lower() + "<extra></extra>"))
    theme.apply(fig, title, height=340)
    fig.update_layout(barmode="stack", bargap=0.35, legend=dict(traceorder="normal"))
    fig.update_yaxes(title_text="Số nhiệm vụ")
    return fig


TASK_TABLE_COLUMNS = {"task_key": "Mã", "task": "Nhiệm vụ", "lead_unit": "Chủ trì", "deadline_text": "Thời hạn",
                      "status_label": "Trạng thái", "late_text": "Quá hạn", "area": "Lĩnh vực",
                      "current_level": "Hiện tại", "required_level": "Yêu cầu", "cooperating_units": "Phối hợp",
                      "plan_year": "Kế hoạch năm", "set_text": "Cập nhật"}


def task_status_label(status: str, due_soon: bool, days_left) -> str:
    if due_soon:
        return f"Sắp đến hạn (còn {number(days_left)} ngày)"
    return TASK_STATUS_LABELS[status]


def filter_tasks(tasks: pd.DataFrame, lead_units: list[str], statuses: list[str]) -> pd.DataFrame:
    """The tasks of the chosen lead units and statuses ("due_soon" picks tasks due soon); none chosen = all."""
    chosen = tasks
    if lead_units:
        chosen = chosen[chosen["lead_unit"].isin(lead_units)]
    if statuses:
        category = chosen["status"].where(~chosen["due_soon"].astype(bool), "due_soon")
        chosen = chosen[category.isin(statuses)]
    # late tasks first, longest overdue first; then those due soonest
    order = chosen.assign(_late=chosen["status"] != LATE, _over=-chosen["days_overdue"].fillna(0),
                          _left=chosen["days_left"].fillna(10**6))
    return order.sort_values(["_late", "_over", "_left"], kind="stable").drop(columns=["_late", "_over", "_left"])


def task_table(tasks: pd.DataFrame):
    """The task list: late ones tinted red, due-soon amber, done green."""
    shown = pd.DataFrame({
        "plan_year": tasks["plan_year"].astype(str), "task_key": tasks["task_key"],
        "area": [f"{c}. {a}" for c, a in zip(tasks["area_code"], tasks["area"])],
        "task": tasks["task"], "current_level": tasks["current_level"].fillna(""),
        "required_level": tasks["required_level"].fillna(""), "lead_unit": tasks["lead_unit"],
        "cooperating_units": tasks["cooperating_units"].fillna(""),
        "deadline_text": tasks["deadline_text"].fillna("—"),
        "status_label": [task_status_label(s, d, n) for s, d, n in zip(tasks["status"], tasks["due_soon"],
                                                                          tasks["days_left"])],
        "late_text": ["" if missing(d) else f"{number(d)} ngày" for d in tasks["days_overdue"]],
        "set_text": ["" if missing(b) else f"{b}, {t:{MOMENT}}" for b, t in zip(tasks["set_by"], tasks["set_at"])],
    })[list(TASK_TABLE_COLUMNS)].rename(columns=TASK_TABLE_COLUMNS)
    tint = ["late" if s == LATE else "amber" if d else "green" if s == DONE else "" for s, d in
            zip(tasks["status"], tasks["due_soon"])]
    colours = {"late": _TINT["red"], "amber": _TINT["amber"], "green": _TINT["green"]}
    return shown.style.hide(axis="index").apply(
        lambda col: [f"background-color: {colours[t]}" if t and col.name == "Trạng thái" else "" for t in tint])


def task_choice(tasks: pd.DataFrame) -> dict[tuple, str]:
    """(owner_unit_id, plan_year, task_key) → a readable label for the status form."""
    return {(int(o), int(y), k): f"{y} · {k} · {t[:90]}{'…' if len(t) > 90 else ''} ({lead})"
            for o, y, k, t, lead in zip(tasks["owner_unit_id"], tasks["plan_year"], tasks["task_key"], tasks["task"],
                                        tasks["lead_unit"])}


TASK_FILTER_LABELS = {LATE: TASK_STATUS_LABELS[LATE], "due_soon": "Sắp đến hạn",
                      **{s: TASK_STATUS_LABELS[s] for s in (IN_PROGRESS, NOT_STARTED, DONE)}}
TASK_EXPORT_COLUMNS = {"owner_name": "Đơn vị ban hành kế hoạch", "plan_year": "Năm", "task_key": "Mã",
                       "area_code": "Mục", "area": "Lĩnh vực", "task": "Nhiệm vụ", "current_level": "Hiện tại",
                       "required_level": "Yêu cầu", "lead_unit": "Chủ trì", "cooperating_units": "Phối hợp",
                       "deadline_text": "Thời gian hoàn thành", "deadline": "Hạn (ngày)", "status": "Trạng thái (mã)",
                       "days_overdue": "Số ngày quá hạn", "set_by": "Người cập nhật", "set_at": "Thời điểm cập nhật"}
KPI_VALUE_COLUMNS = {"short_name": "Chỉ tiêu", "unit_name": "Đơn vị", "period_label": "Kỳ", "numerator": "Tử số",
                     "denominator": "Mẫu số", "rate_pct": "Tỷ lệ (%)", "reported_pct": "Tỷ lệ báo cáo (%)",
                     "service_level_raw": "Mức độ (như báo cáo)", "service_level_std": "Mức độ chuẩn",
                     "note": "Ghi chú", "file_name": "Tệp"}


def kpi_values_table(values: pd.DataFrame):
    """The stored KPI values as the page lists them: Vietnamese headers, counts 1.234, rates 75,25."""
    shown = values.rename(columns=KPI_VALUE_COLUMNS)[list(KPI_VALUE_COLUMNS.values())]
    return table_style(shown, counts=["Tử số", "Mẫu số"], decimals2=["Tỷ lệ (%)", "Tỷ lệ báo cáo (%)"])


def task_totals(lead_counts: pd.DataFrame) -> dict[str, int]:
    return {c: int(lead_counts[c].sum()) for c in ("tasks", "late", "due_soon", "done")}


def target_unit_options(unit_names: list[str], editor_rows: pd.DataFrame) -> list[str]:
    """The editor's choice of units: all units, the units in force, and any unit a target of the year already names."""
    kept = [u for u in editor_rows["unit"] if u != ALL_UNITS and u not in unit_names]
    return [ALL_UNITS] + unit_names + sorted(set(kept))


def target_editor_rows(current: pd.DataFrame) -> pd.DataFrame:
    """The targets in force as the admin's editor shows them (loaders.targets.EDIT_FIELDS + their origin)."""
    return pd.DataFrame({
        "kpi": current["short_name"], "unit": current["unit_name"].fillna(ALL_UNITS),
        "comparator": [COMPARATORS[c] for c in current["comparator"]], "value": current["value"].astype(float),
        "source_document": current["source_document"], "note": current["note"].fillna(""),
        "origin": ["mặc định theo kế hoạch" if missing(b) else f"{s}, {t:{DAY}}"
                   for b, s, t in zip(current["batch_id"], current["set_by"], current["set_at"])]})
