"""The steering-committee slides as data: one list, read by the "Trình chiếu" page AND by every export.

Each slide is a title, KPI figures, at most one chart and one table, and narrative sentences — built from
named queries only (`run(name, **params)` is `dashboard.query` on the page, `queries.run` elsewhere), so the
projector, the .pptx deck, the PDF handout, the PNG charts and the .xlsx tables show the same numbers.

Why a neutral chart description (`Chart`: categories, series, colours) instead of a plotly figure: the same
chart is drawn three ways — plotly on the page (charts/presentation.py), a native, editable PowerPoint chart
in the deck (reports/deck.py) and a matplotlib PNG for the PDF and the downloads (reports/images.py). A
plotly figure would have to be taken apart again by the two exporters (and its PNG would need Chrome through
kaleido); a plain description keeps all three renderers to a page each, fed the same values.

Nothing here computes a rate: rates, numerators and denominators come from the queries (`with_dossier_rates`);
this module selects rows (the chosen period, the lowest N) and puts words and formats around them.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from charts import scores as scores_text
from charts import theme
from vocabulary.numbers import missing, number, percent, points, signed
from vocabulary.periods import ROMAN
from loaders.sample import SAMPLE_LOADER
from reports import narrative
from reports.narrative import capital
from reports.excel import table_xlsx
from vocabulary.clock import vietnam_now
from vocabulary.thresholds import URGENT_BELOW, WATCH_BELOW
from vocabulary.dates import DAY
from vocabulary.units import LEVEL_SCOPE

Run = Callable[..., pd.DataFrame]

ON_TIME, ONLINE = "on_time", "online"


class Metric(NamedTuple):
    """A dossier rate as the slides use it: its query columns, its target's kpi_code, its words."""
    title: str
    name: str            # in a sentence
    column: str
    num: str
    den: str
    target_code: str
    counted: str         # what the denominator counts
    ly_delta: str        # change against the same period last year (percentage points)


METRICS = {
    ON_TIME: Metric("Tỷ lệ giải quyết trước và đúng hạn", narrative.ON_TIME_NAME, "on_time_pct", "on_time_num",
                    "on_time_den", "dossier_on_time", "hồ sơ đã giải quyết", "d_ly_on_time_pp"),
    ONLINE: Metric("Tỷ lệ tiếp nhận trực tuyến", narrative.ONLINE_NAME, "online_pct", "online_num", "online_den",
                   "dossier_online", "hồ sơ mới tiếp nhận", "d_ly_online_pp"),
}
URGENT, WATCH, FINE = "Cần cải thiện gấp", "Cần chú ý", "Đạt ngưỡng"
BAND_COLOURS = {URGENT: theme.RED, WATCH: theme.AMBER, FINE: theme.GREEN}
NO_SCORES = ("Chưa có dữ liệu Chỉ số CCHC cấp sở trong kho. Nạp tệp điểm chỉ số ở trang \"Nạp dữ liệu\"; "
             "trang này không hiển thị số liệu ước đoán.")
NO_PLAN_KPIS = ("Chưa có chỉ tiêu kế hoạch CCHC nào có mục tiêu và số liệu trong năm. Nạp chỉ tiêu, mục tiêu ở trang "
                "\"Nạp dữ liệu\".")
NO_PLAN_TASKS = ("Chưa có nhiệm vụ nào của kế hoạch CCHC trong kho. Nạp danh mục nhiệm vụ ở trang \"Nạp dữ liệu\".")
# source files write each task as a list item ("- Rà soát …", "+ Số hóa …"): the mark is not part of its name
BULLET_MARK = re.compile(r"^\s*[-+•*–]\s*")
# The department-level PAR INDEX (Chỉ số CCHC cấp sở) and the QĐ 766 index of departments (issue: index scores)
PAR, IDX766, DEPARTMENTS = "PAR", "IDX766", "so"
AMBER_POINTS = 5.0        # kpi_status: up to 5 points short of the target reads "gần đạt"
DUE_DAYS = 30             # plan_task_list: a deadline within 30 days is "sắp đến hạn"
KPI_STATUS = {"green": ("Đạt", theme.GREEN), "amber": ("Gần đạt", theme.AMBER), "red": ("Chưa đạt", theme.RED),
              "no_target": ("Chưa có mục tiêu", theme.GREY), "no_data": ("Chưa có số liệu", theme.GREY)}


@dataclass(frozen=True)
class Settings:
    """What the meeting looks at. `period_end` None = the latest stored period of `kind`."""
    unit_ids: tuple[int, ...] | None = None
    unit_names: tuple[str, ...] = ()
    kind: str = "quarter"
    period_end: dt.date | None = None
    bottom_n: int = 5
    urgent_below: float = URGENT_BELOW
    watch_below: float = WATCH_BELOW
    min_dossiers: int = 10
    trend_years: int = 3
    level: str = "so"          # with no unit chosen: the level whose Biểu 06 figures are shown (issue 19)

    @property
    def scope(self) -> str:
        """Who the sentences speak of: "Sở Tư pháp", "Sở Y tế và Sở Nội vụ"; with no unit chosen the level's units,
        "các sở, ban, ngành" or "toàn tỉnh" (departments alone are not the province since the communes report)."""
        if not self.unit_ids:
            return LEVEL_SCOPE.get(self.level, LEVEL_SCOPE["toan_tinh"])
        if len(self.unit_names) == 1:
            return self.unit_names[0]
        if len(self.unit_names) <= 3:
            return ", ".join(self.unit_names[:-1]) + " và " + self.unit_names[-1]
        return f"{number(len(self.unit_names))} đơn vị đã chọn"

    @property
    def several_units(self) -> bool:
        return not self.unit_ids or len(self.unit_ids) > 1


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""
    status: str = ""          # "Đạt mục tiêu" / "Chưa đạt mục tiêu" / ""
    tone: str = "neutral"     # good | bad | neutral


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple
    color: str
    style: str = "line"       # line | target (dashed) | bar
    colors: tuple | None = None   # one colour per point (bars coloured by band)


@dataclass(frozen=True)
class Chart:
    key: str                  # file name of its PNG
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    percent: bool = True
    horizontal: bool = False


@dataclass(frozen=True)
class Column:
    key: str
    header: str               # in the .xlsx file
    kind: str = "text"        # text | number | percent | points | decimal (2 places) | signed
    short: str = ""           # on a slide and in the PDF, where the columns are narrow

    @property
    def label(self) -> str:
        return self.short or self.header


_FORMAT = {"text": lambda v: "—" if missing(v) else str(v), "number": number, "percent": percent, "points": points,
           "decimal": lambda v: number(v, 2), "signed": lambda v: signed(v, 2)}


@dataclass(frozen=True, eq=False)
class Table:
    key: str                  # file name of its .xlsx
    title: str
    frame: pd.DataFrame
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.label for c in self.columns]

    def cells(self) -> list[list[str]]:
        """Every row, formatted as a Vietnamese reader writes numbers."""
        return [[_FORMAT[c.kind](v) for c, v in zip(self.columns, values)]
                for values in self.frame[[c.key for c in self.columns]].itertuples(index=False)]

    def xlsx(self) -> bytes:
        return table_xlsx(self.frame, {c.key: c.header for c in self.columns}, self.title)


@dataclass(frozen=True)
class Slide:
    key: str
    title: str
    subtitle: str = ""
    kpis: tuple[Kpi, ...] = ()
    chart: Chart | None = None
    table: Table | None = None        # shown on the slide
    appendix: Table | None = None     # every row behind the slide: the .xlsx download and the PDF appendix
    narrative: tuple[str, ...] = ()
    empty: str = ""           # an honest "no data" message instead of numbers

    @property
    def data_table(self) -> Table | None:
        """The table to download for this slide: all its rows when it has an appendix."""
        return self.appendix if self.appendix is not None else self.table


REPORTS_SOURCE = "kho dữ liệu báo cáo Biểu 06/VPCP/KSTT"
DOSSIERS_SOURCE = "danh sách hồ sơ xuất từ hệ thống thông tin giải quyết TTHC"


@dataclass
class Deck:
    title: str
    scope: str
    period_label: str
    created: dt.datetime
    slides: list[Slide] = field(default_factory=list)
    sample: bool = False      # the bundled demo data is in use: every export says so
    source: str = REPORTS_SOURCE   # where the figures come from, as the title page and the handout say it

    @property
    def scope_title(self) -> str:
        """The scope at the start of a line: "Các đơn vị", "Sở Tư pháp"."""
        return capital(self.scope)

    @property
    def footer(self) -> str:
        text = f"{self.scope_title} · {self.period_label} · lập ngày {self.created:{DAY}}"
        return text + (" · DỮ LIỆU MINH HỌA, không phải số liệu chính thức" if self.sample else "")

    @property
    def file_stem(self) -> str:
        from loaders.text import match_key

        return "bao_cao_cchc_" + match_key(f"{self.scope} {self.period_label}").replace(" ", "_").replace("/", "_")


def band(value, settings: Settings) -> str:
    """The configurable thresholds: below `urgent_below` → cần cải thiện gấp, below `watch_below` → cần chú ý."""
    if missing(value):
        return ""
    if value < settings.urgent_below:
        return URGENT
    if value < settings.watch_below:
        return WATCH
    return FINE


def short_label(row) -> str:
    """An axis label short enough for twelve side by side, as the heat maps write it: "IV/25" for Quý IV/2025
    (the table beside the chart and its notes give the full "Quý IV/2025"); the stored label otherwise."""
    quarter = row.get("quarter")
    if not missing(quarter):
        return f"{ROMAN[int(quarter)]}/{int(row['year']) % 100:02d}"
    return str(row["label"])


def level_ids(run: Run, level: str) -> list[int]:
    """The units of a level (query level_units; the rule of province totals lives in macro level_group)."""
    return [int(u) for u in run("level_units", level_group=level)["unit_id"]]


def reported_level_ids(run: Run, level: str) -> list[int]:
    """The units of a level that have reported dossier counts (a unit of the directory that never reported — a
    ministry of the reference data, a dissolved district — is not chased for a report)."""
    reported = set(run("dossier_units")["unit_id"])
    return [u for u in level_ids(run, level) if u in reported]


def dossier_units(run: Run, settings: Settings) -> list[int]:
    """The units whose Biểu 06 figures the deck shows: those chosen, else those of the chosen level — never every
    unit at once, which would add a province roll-up or the Trung tâm PVHCC to the units it counts."""
    return list(settings.unit_ids) if settings.unit_ids else level_ids(run, settings.level)


def period_rows(run: Run, settings: Settings) -> pd.DataFrame:
    """Every stored period of the chosen kind for the chosen units (the page's period list)."""
    return run("dossier_period_totals", kind=settings.kind, year_from=0, year_to=9999,
               unit_ids=dossier_units(run, settings), linh_vuc=None)


def build(run: Run, settings: Settings, created: dt.datetime | None = None) -> Deck | None:
    """The slides for `settings`; None when the chosen units have no period of that kind."""
    periods = period_rows(run, settings)
    if periods.empty:
        return None
    ends = list(periods["period_end"].dt.date) if hasattr(periods["period_end"], "dt") else list(periods["period_end"])
    index = ends.index(settings.period_end) if settings.period_end in ends else len(ends) - 1
    current = periods.iloc[index]
    year = int(current["year"])
    trend = periods.iloc[: index + 1]
    trend = trend[trend["year"] > year - settings.trend_years]
    unit_ids = list(settings.unit_ids) if settings.unit_ids else None
    counted = dossier_units(run, settings)
    targets = run("dossier_targets", year_from=year - settings.trend_years + 1, year_to=year, unit_ids=unit_ids)
    sample = bool(run("demo_dossiers_in_view", kind=settings.kind, year_from=year - settings.trend_years + 1,
                      year_to=year, unit_ids=counted)["shown"].iloc[0])
    deck = Deck("Báo cáo kết quả cải cách hành chính", settings.scope, str(current["label"]),
                created or vietnam_now(), sample=sample)
    ranked = {}
    for metric in (ON_TIME, ONLINE):
        params = dict(period_start=current["period_start"], period_end=current["period_end"], unit_ids=counted,
                      metric=metric, min_dossiers=settings.min_dossiers)
        if settings.several_units:
            ranked[metric, "unit"] = run("presentation_unit_period", **params)
        ranked[metric, "linh_vuc"] = run("presentation_linh_vuc_period", **params)

    coverage = _coverage(run, current, settings)
    deck.slides.append(_title_slide(deck, current, coverage))
    deck.slides.append(_headline_slide(current, targets, settings, coverage))
    for metric in (ON_TIME, ONLINE):
        deck.slides.append(_trend_slide(metric, trend, current, targets))
    for metric in (ON_TIME, ONLINE):
        if settings.several_units:
            deck.slides.append(_bottom_slide(metric, "unit", ranked[metric, "unit"], current, settings))
        deck.slides.append(_bottom_slide(metric, "linh_vuc", ranked[metric, "linh_vuc"], current, settings))
    scores, lost = _score_slides(run, settings, year)
    deck.slides.extend(scores)
    kpis = run("kpi_status", year=year, as_of=current["period_end"], unit_ids=counted, amber_points=AMBER_POINTS)
    deck.slides.append(_kpi_slide(kpis, current, settings))
    # the plan of the reporting year only: the tasks of other years' plans are not this report's business
    tasks = run("plan_task_list", today=deck.created.date(), due_days=DUE_DAYS, plan_year=year, unit_ids=unit_ids)
    plan_years = [] if not tasks.empty else sorted({int(y) for y in run("plan_task_plans", unit_ids=None)["plan_year"]})
    deck.slides.append(_task_slide(tasks, deck.created.date(), settings, year, plan_years))
    communes = _commune_slide(run, current, settings)
    if communes is not None:
        deck.slides.append(communes)
    shortcomings = _shortcomings_slide(current, targets, ranked, settings)
    extra = [s for s in (_kpi_shortcomings(kpis), _task_shortcoming(tasks), lost) if s]
    if extra:
        found = [s for s in shortcomings.narrative if s != narrative.NOTHING_FOUND] + extra
        shortcomings = Slide(shortcomings.key, shortcomings.title, shortcomings.subtitle, narrative=tuple(found))
    deck.slides.append(shortcomings)
    return deck


def build_window(run: Run, current, settings: Settings, created: dt.datetime | None = None) -> Deck:
    """The slides of a window the stored reports do not hold (a week, a month of dossier lists): `current` is the
    row of dossier_list_window_totals (the columns of dossier_period_totals); the units ranked by
    dossier_list_unit_window. No trend or score slides: a window is not one of a series of stored periods."""
    unit_ids = list(settings.unit_ids) if settings.unit_ids else None
    year = int(current["year"])
    targets = run("dossier_targets", year_from=year, year_to=year, unit_ids=unit_ids)
    deck = Deck("Bản tin kết quả giải quyết thủ tục hành chính", settings.scope, str(current["label"]),
                created or vietnam_now(), sample=bool(current["is_demo"]), source=DOSSIERS_SOURCE)
    ranked = {}
    if settings.several_units:
        for metric in (ON_TIME, ONLINE):
            ranked[metric, "unit"] = run("dossier_list_unit_window", date_from=current["period_start"],
                                         date_to=current["period_end"], unit_ids=unit_ids, metric=metric,
                                         min_dossiers=settings.min_dossiers)
    coverage = (f"{settings.scope} ({number(current['unit_count'])} đơn vị có hồ sơ trong kỳ)"
                if settings.several_units else settings.scope)
    deck.slides.append(_title_slide(deck, current, coverage))
    deck.slides.append(_headline_slide(current, targets, settings, coverage))
    for key, frame in ranked.items():
        deck.slides.append(_bottom_slide(key[0], "unit", frame, current, settings))
    deck.slides.append(plan_task_slide(run, deck.created.date(), settings, year))
    deck.slides.append(_shortcomings_slide(current, targets, ranked, settings))
    return deck


def plan_task_slide(run: Run, today: dt.date, settings: Settings, year: int) -> Slide:
    """The plan tasks of `year` late or due soon on `today` (plan_task_list)."""
    unit_ids = list(settings.unit_ids) if settings.unit_ids else None
    tasks = run("plan_task_list", today=today, due_days=DUE_DAYS, plan_year=year, unit_ids=unit_ids)
    plan_years = [] if not tasks.empty else sorted({int(y) for y in run("plan_task_plans", unit_ids=None)["plan_year"]})
    return _task_slide(tasks, today, settings, year, plan_years)


def _target(targets: pd.DataFrame, metric: str, year: int):
    """(value, comparator, document) of the metric's target for `year`, or None."""
    found = targets[(targets["kpi_code"] == METRICS[metric].target_code) & (targets["year"] == year)]
    if found.empty:
        return None
    row = found.iloc[0]
    return float(row["value"]), str(row["comparator"]), None if missing(row["source_document"]) else row["source_document"]


def _coverage(run: Run, current, settings: Settings) -> str:
    """The scope with who reported in the period: "toàn tỉnh (6 sở, ngành có số liệu)", "toàn tỉnh (Sở Y tế,
    Sở Nội vụ có số liệu)" when three or fewer, "Sở Y tế và Sở Nội vụ (2 đơn vị có số liệu)"."""
    if not settings.several_units:
        return settings.scope
    count = int(current["unit_count"])
    if settings.unit_ids:
        return f"{settings.scope} ({number(count)} đơn vị có số liệu)"
    units = run("dossier_units")
    units = units[units["unit_id"].isin(dossier_units(run, settings))]
    if len(units) == count <= 3:
        return f"{settings.scope} ({', '.join(units['name'])} có số liệu)"
    what = "sở, ngành" if (units["level"] == "so").all() else "cơ quan, đơn vị"
    return f"{settings.scope} ({number(count)} {what} có số liệu)"


def _title_slide(deck: Deck, current, coverage: str) -> Slide:
    lines = [f"Phạm vi: {coverage}.",
             f"Kỳ báo cáo: {current['label']} (từ {current['period_start']:{DAY}} đến {current['period_end']:{DAY}}).",
             f"Số liệu trích từ {deck.source} ngày {deck.created:{DAY}}."]
    if deck.sample:
        lines.append("Đây là dữ liệu minh họa (số liệu giả lập), không phải số liệu chính thức.")
    return Slide("title", deck.title, f"{deck.scope_title} — {current['label']}", narrative=tuple(lines))


def _headline_slide(current, targets: pd.DataFrame, settings: Settings, coverage: str) -> Slide:
    year = int(current["year"])
    ly = None if missing(current["ly_label"]) else current["ly_label"]
    kpis = [Kpi("Hồ sơ nhận giải quyết", number(current["recv_total"]),
                f"Mới tiếp nhận {number(current['online_den'])}, kỳ trước chuyển sang {number(current['recv_carry'])}")]
    sentences = [narrative.period_summary(settings.scope, current)]
    for metric in (ON_TIME, ONLINE):
        title, name, column, num, den, _, counted, delta = METRICS[metric]
        note = f"{number(current[num])} / {number(current[den])} {counted}"
        if not missing(current[delta]):
            note += f"; {points(current[delta])} so với cùng kỳ ({ly})"
        target = _target(targets, metric, year)
        status, tone = "", "neutral"
        if target:
            met = narrative.target_met(current[column], target[0], target[1])
            if met is not None:
                status = "Đạt mục tiêu" if met else "Chưa đạt mục tiêu"
                tone = "good" if met else "bad"
                note += f"; mục tiêu năm {year}: {'≥' if target[1] == '>=' else '≤'} {percent(target[0], 0)}"
                sentences.append(narrative.target_sentence(name, current[column], target[0], target[1], year))
        kpis.append(Kpi(title, percent(current[column]), note, status, tone))
    kpis.append(Kpi("Đang giải quyết quá hạn", number(current["proc_late"]),
                    f"trên {number(current['proc_total'])} hồ sơ đang giải quyết cuối kỳ",
                    tone="bad" if not missing(current["proc_late"]) and current["proc_late"] > 0 else "good"))
    return Slide("headline", f"Kết quả chủ yếu — {current['label']}", capital(coverage), kpis=tuple(kpis),
                 narrative=tuple(sentences))


def _trend_slide(metric: str, trend: pd.DataFrame, current, targets: pd.DataFrame) -> Slide:
    title, name, column, num, den, code, counted, delta = METRICS[metric]
    categories = tuple(short_label(row) for _, row in trend.iterrows())
    series = [Series(title, tuple(None if missing(v) else float(v) for v in trend[column]), theme.TEAL
                     if metric == ON_TIME else theme.BLUE)]
    by_year = {int(y): v for y, v, k in zip(targets["year"], targets["value"], targets["kpi_code"]) if k == code}
    if any(int(y) in by_year for y in trend["year"]):
        series.append(Series("Mục tiêu năm", tuple(by_year.get(int(y)) for y in trend["year"]), theme.GREY, "target"))
    chart = Chart(f"xu_huong_{metric}", f"{title} theo kỳ (%)", categories, tuple(series))
    frame = trend[["label", num, den, column]]
    appendix = Table(f"xu_huong_{metric}", f"{title} theo kỳ", frame,
                  (Column("label", "Kỳ báo cáo"), Column(num, "Tử số (hồ sơ)", "number", "Tử số"),
                   Column(den, f"Mẫu số ({counted})", "number", "Mẫu số"), Column(column, title, "percent", "Tỷ lệ")))
    sentences = [f"{current['label']}: {name} đạt {percent(current[column])} "
                 f"({number(current[num])} / {number(current[den])} {counted})"
                 + (f", {narrative.change(current[delta], current['ly_label'])}" if not missing(current[delta]) else "")
                 + "."]
    if len(trend) > 1:
        first = trend.iloc[0]
        sentences.append(f"Kỳ đầu của chuỗi ({first['label']}): {percent(first[column])}.")
    target = _target(targets, metric, int(current["year"]))
    if target:
        sentences.append(narrative.target_sentence(name, current[column], target[0], target[1], int(current["year"]),
                                                   target[2]))
    return Slide(f"trend_{metric}", f"{title} theo kỳ", f"{trend.iloc[0]['label']} – {current['label']}",
                 chart=chart, appendix=appendix, narrative=tuple(sentences))


BOTTOM_WHAT = {"unit": ("đơn vị", "Đơn vị", "unit_name"), "linh_vuc": ("lĩnh vực", "Lĩnh vực", "linh_vuc"),
               "commune": ("xã, phường", "Xã, phường", "unit_name")}


def _commune_slide(run: Run, current, settings: Settings) -> "Slide | None":
    """The communes' slide of a province deck (issue 19): the lowest N communes by on-time rate in the period and
    every commune below the bands, whatever level the rest of the deck shows; None for a deck of chosen units, of
    the communes themselves, or when no commune reported the period."""
    if settings.unit_ids or settings.level == "xa":
        return None
    communes = level_ids(run, "xa")
    if not communes:
        return None
    ranked = run("presentation_unit_period", period_start=current["period_start"], period_end=current["period_end"],
                 unit_ids=communes, metric=ON_TIME, min_dossiers=settings.min_dossiers)
    if ranked.empty:
        return None
    return _bottom_slide(ON_TIME, "commune", ranked, current, settings)


def _bottom_slide(metric: str, grain: str, ranked: pd.DataFrame, current, settings: Settings) -> Slide:
    title, name, column, num, den, _, counted, _ = METRICS[metric]
    what, header, key = BOTTOM_WHAT[grain]
    slide_title = f"{header} có {name} thấp nhất"
    subtitle = (f"{current['label']} · {settings.bottom_n} {what} thấp nhất · ngưỡng: dưới "
                f"{percent(settings.urgent_below, 0)} cần cải thiện gấp, dưới {percent(settings.watch_below, 0)} cần chú ý"
                f" · chỉ tính {what} có từ {number(settings.min_dossiers)} {counted} trở lên")
    if ranked.empty:
        return Slide(f"bottom_{metric}_{grain}", slide_title, subtitle,
                     empty=f"Không có {what} nào đủ {number(settings.min_dossiers)} {counted} trong {current['label']}.")
    frame = ranked.assign(band=[band(v, settings) for v in ranked["metric_pct"]])
    lowest = frame.head(settings.bottom_n)
    bars = Series(title, tuple(float(v) for v in lowest["metric_pct"]), theme.BLUE, "bar",
                  tuple(BAND_COLOURS[b] for b in lowest["band"]))
    chart = Chart(f"thap_nhat_{metric}_{grain}", f"{settings.bottom_n} {what} có {name} thấp nhất (%)",
                  tuple(lowest[key]), (bars,), horizontal=True)
    # overdue dossiers belong with the on-time rate (its denominator is not Mẫu − Tử: pending ones count too);
    # beside the online rate they would answer another question
    late = (Column("late_total", "Hồ sơ quá hạn (đã giải quyết quá hạn + đang giải quyết quá hạn)", "number",
                   "Quá hạn (đã + đang giải quyết)"),) if metric == ON_TIME else ()
    columns = (Column(key, header), Column("metric_pct", title, "percent", "Tỷ lệ"),
               Column(num, "Tử số", "number"), Column(den, f"Mẫu số ({counted})", "number", "Mẫu số"),
               *late, Column("band", "Mức"))
    table = Table(f"thap_nhat_{metric}_{grain}", f"{header} – {title}", lowest, columns)
    appendix = Table(f"{grain}_{metric}", f"{header} – {title}, {current['label']}", frame, columns)
    sentences = []
    for verdict, low, high in ((URGENT, settings.urgent_below, None), (WATCH, settings.urgent_below, settings.watch_below)):
        chosen = frame[frame["band"] == verdict]
        sentence = narrative.threshold_sentence(what, name, list(zip(chosen[key], chosen["metric_pct"])), low, high,
                                                verdict.lower())
        if sentence:
            sentences.append(sentence)
    if not sentences:
        sentences.append(f"Không có {what} nào có {name} dưới {percent(settings.watch_below, 0)}; thấp nhất là "
                         f"{lowest.iloc[0][key]} ({percent(lowest.iloc[0]['metric_pct'])}).")
    return Slide(f"bottom_{metric}_{grain}", slide_title, subtitle, chart=chart, table=table, appendix=appendix,
                 narrative=tuple(sentences))


def _shortcomings_slide(current, targets: pd.DataFrame, ranked: dict, settings: Settings) -> Slide:
    year = int(current["year"])
    found = []
    for metric in (ON_TIME, ONLINE):
        name, column = METRICS[metric].name, METRICS[metric].column
        target = _target(targets, metric, year)
        if target and narrative.target_met(current[column], target[0], target[1]) is False:
            found.append(narrative.target_sentence(name, current[column], target[0], target[1], year, target[2]))
    ly = None if missing(current["ly_label"]) else current["ly_label"]
    for metric in (ON_TIME, ONLINE):
        sentence = narrative.decline_sentence(METRICS[metric].name, current[METRICS[metric].ly_delta], ly)
        if sentence:
            found.append(sentence)
    found.extend(narrative.late_sentences(current))
    for (metric, grain), frame in ranked.items():
        what, _, key = BOTTOM_WHAT[grain]
        urgent = frame[frame["metric_pct"] < settings.urgent_below]
        sentence = narrative.threshold_sentence(what, METRICS[metric].name, list(zip(urgent[key], urgent["metric_pct"])),
                                                settings.urgent_below, verdict=URGENT.lower())
        if sentence:
            found.append(sentence)
    return Slide("shortcomings", "Tồn tại, hạn chế", f"{capital(settings.scope)} — {current['label']}",
                 narrative=tuple(found) or (narrative.NOTHING_FOUND,))


def _score_kpi(series: pd.DataFrame, year: int):
    """The subject's own latest total of an index up to `year` (a row of score_series), or None."""
    own = series[(series["relation"] == "chinh") & (series["year"] <= year) & series["score"].notna()]
    return None if own.empty else own.iloc[-1]


def _components_slide(run: Run, unit_id: int, unit_name: str, total, title: str) -> tuple[Slide, str]:
    """Points lost by lĩnh vực of the PAR INDEX cấp sở for one department, and the sentence that sums it up."""
    year = int(total["year"])
    components = run("score_components", index_code=PAR, unit_id=unit_id, year=year)
    scored = components[components["lost"].notna()]
    demo = " · số liệu minh họa" if bool(total.get("is_demo")) else ""
    sentence = scores_text.lost_sentence(unit_name, year, dict(total), components)
    subtitle = f"{unit_name} · {scores_text.index_label(PAR)} cấp sở năm {year}{demo}"
    if scored.empty:
        return Slide("score_components", title, subtitle, narrative=(sentence,)), ""
    chart = Chart(f"diem_bi_mat_{unit_id}_{year}", f"Điểm bị mất theo lĩnh vực năm {year} (điểm)",
                  tuple(scored["component_name"]),
                  (Series("Điểm bị mất", tuple(float(v) for v in scored["lost"]), theme.AMBER, "bar"),),
                  percent=False, horizontal=True)
    columns = (Column("component_name", "Lĩnh vực, tiêu chí"), Column("score", "Điểm đạt", "decimal", "Đạt"),
               Column("max_score", "Điểm tối đa", "decimal", "Tối đa"), Column("lost", "Điểm bị mất", "decimal",
                                                                                  "Bị trừ"),
               Column("change", "Thay đổi so với năm trước (điểm)", "signed", "So năm trước"))
    table = Table(f"diem_bi_mat_{unit_id}_{year}", f"Điểm bị mất {year}", scored, columns)
    return Slide("score_components", title, subtitle, chart=chart, table=table, narrative=(sentence,)), sentence


def _score_slides(run: Run, settings: Settings, year: int) -> tuple[list[Slide], str]:
    """PAR INDEX cấp sở: one department's score and points lost; for several, the ranking and the points lost
    by the lowest. Scores are as published (or loaded): nothing here estimates one."""
    title = "Chỉ số CCHC cấp sở và điểm bị mất"
    if not settings.several_units:
        unit_id, name = settings.unit_ids[0], settings.unit_names[0]
        total = _score_kpi(run("score_series", index_code=PAR, unit_id=unit_id, demo_loader=SAMPLE_LOADER), year)
        if total is None:
            return [Slide("scores", title, name, empty=NO_SCORES)], ""
        slide, sentence = _components_slide(run, unit_id, name, total, title)
        kpis = [Kpi(f"{scores_text.index_label(PAR)} cấp sở {int(total['year'])}",
                    f"{scores_text.published(total['score'])}/{scores_text.published(total['max_score'])}",
                    capital(scores_text.rank_text(total["rank"], total["rank_of"])))]
        other = _score_kpi(run("score_series", index_code=IDX766, unit_id=unit_id, demo_loader=SAMPLE_LOADER), year)
        if other is not None:
            kpis.append(Kpi(f"{scores_text.index_label(IDX766)} {int(other['year'])}",
                            f"{scores_text.published(other['score'])}/{scores_text.published(other['max_score'])}",
                            capital(scores_text.rank_text(other["rank"], other["rank_of"]))))
        return [Slide("scores", title, slide.subtitle, kpis=tuple(kpis), chart=slide.chart, table=slide.table,
                      narrative=slide.narrative)], sentence
    indices = run("score_indices", demo_loader=SAMPLE_LOADER)
    found = indices[(indices["index_code"] == PAR) & (indices["subject_kind"] == DEPARTMENTS)]
    if found.empty:
        return [Slide("scores", title, empty=NO_SCORES)], ""
    score_year = min(int(found.iloc[0]["last_year"]), year)
    compare = run("score_compare", index_code=PAR, subject_kind=DEPARTMENTS, year=score_year,
                  unit_ids=list(settings.unit_ids) if settings.unit_ids else None, demo_loader=SAMPLE_LOADER)
    compare = compare[compare["score"].notna()]
    compare = compare.assign(group_label=[scores_text.group_text(g) for g in compare["group_code"]])
    if compare.empty:
        return [Slide("scores", title, empty=NO_SCORES)], ""
    demo = " · số liệu minh họa" if bool(compare["is_demo"].any()) else ""
    lowest = compare.tail(settings.bottom_n).iloc[::-1]
    ranking = Slide(
        "scores", f"{scores_text.index_label(PAR)} cấp sở năm {score_year}",
        f"{settings.bottom_n} đơn vị điểm thấp nhất / {number(len(compare))} đơn vị có điểm{demo}",
        chart=Chart(f"par_cap_so_{score_year}", f"{settings.bottom_n} đơn vị có điểm thấp nhất năm {score_year} (điểm)",
                    tuple(lowest["unit_name"]), (Series("Điểm", tuple(float(v) for v in lowest["score"]), theme.BLUE,
                                                        "bar", tuple(scores_text.GROUP_COLORS.get(g, theme.GREY)
                                                                     for g in lowest["group_code"])),),
                    percent=False, horizontal=True),
        table=Table(f"par_cap_so_{score_year}", f"PAR cấp sở {score_year}", lowest, SCORE_COLUMNS),
        appendix=Table(f"par_cap_so_{score_year}_toan_bo", f"PAR INDEX cấp sở {score_year}", compare, SCORE_COLUMNS),
        narrative=(f"Năm {score_year}, {compare.iloc[0]['unit_name']} dẫn đầu với "
                   f"{scores_text.published(compare.iloc[0]['score'])} điểm; thấp nhất là {compare.iloc[-1]['unit_name']} "
                   f"({scores_text.published(compare.iloc[-1]['score'])} điểm, "
                   f"{scores_text.rank_text(compare.iloc[-1]['rank'], compare.iloc[-1]['rank_of'])}).",))
    weakest = compare.iloc[-1]
    total = _score_kpi(run("score_series", index_code=PAR, unit_id=int(weakest["unit_id"]), demo_loader=SAMPLE_LOADER),
                       score_year)
    if total is None:
        return [ranking], ""
    slide, sentence = _components_slide(run, int(weakest["unit_id"]), weakest["unit_name"], total,
                                        f"Điểm bị mất của đơn vị thấp nhất — {weakest['unit_name']}")
    return [ranking, slide], sentence


SCORE_COLUMNS = (Column("unit_name", "Đơn vị"), Column("score", "Điểm", "decimal"), Column("rank", "Xếp hạng", "number"),
                 Column("group_label", "Nhóm"))


def _kpi_rows(kpis: pd.DataFrame) -> pd.DataFrame:
    """The plan's KPIs with a value this year (kpi_status), the ones to act on first: not met, nearly met, met,
    without a target. The KPI slide and "Tồn tại, hạn chế" both read these rows, so they count alike."""
    shown = kpis[(kpis["status"] != "no_data") & kpis["actual_pct"].notna()]
    order = {code: i for i, code in enumerate(("red", "amber", "green", "no_target"))}
    return shown.assign(status_label=[KPI_STATUS[s][0] for s in shown["status"]],
                        need=[_need(r) for _, r in shown.iterrows()],
                        order=[order.get(s, 9) for s in shown["status"]]).sort_values("order", kind="stable")


def _need(row) -> str:
    """What a KPI short of its target lacks in units of work, as the page says it: "cần thêm 54 tài khoản"."""
    if row["status"] not in ("red", "amber") or missing(row["gap_units"]) or row["gap_units"] <= 0:
        return ""
    verb = "cần giảm" if row["comparator"] == "<=" else "cần thêm"
    return f"{verb} {number(row['gap_units'])} {row['numerator_label']}"


def _missed(shown: pd.DataFrame) -> tuple[int, str, str]:
    """Every KPI below its target (gần đạt and chưa đạt alike): (5, "chưa đạt mục tiêu (3 gần đạt, 2 chưa đạt)",
    "A (95,00 %, mục tiêu ≥ 100 %), …"); (0, "", "") when all are met."""
    missed = shown[shown["status"].isin(["red", "amber"])]
    if missed.empty:
        return 0, "", ""
    parts = [f"{number((missed['status'] == code).sum())} {KPI_STATUS[code][0].lower()}"
             for code in ("amber", "red") if (missed["status"] == code).any()]
    verdict = f"chưa đạt mục tiêu ({', '.join(parts)})"
    listed = ", ".join(f"{n} ({percent(a)}, mục tiêu {'≤' if c == '<=' else '≥'} {percent(t, 0)})"
                       for n, a, t, c in zip(missed["short_name"], missed["actual_pct"], missed["target_pct"],
                                             missed["comparator"]))
    return len(missed), verdict, listed


def _kpi_slide(kpis: pd.DataFrame, current, settings: Settings) -> Slide:
    """The plan's KPIs with a value this year, against their targets (kpi_status); the others are named."""
    title = "Chỉ tiêu kế hoạch CCHC"
    year = int(current["year"])
    shown = _kpi_rows(kpis)
    subtitle = f"{capital(settings.scope)} · năm {year}, số liệu đến hết {current['label']}"
    if shown.empty:
        return Slide("plan_kpis", title, subtitle, empty=NO_PLAN_KPIS)
    columns = (Column("short_name", "Chỉ tiêu"), Column("actual_pct", f"Kết quả năm {year}", "percent", "Kết quả"),
               Column("target_pct", "Mục tiêu", "percent"), Column("gap_pp", "Chênh lệch so với mục tiêu", "points",
                                                                     "Chênh lệch"),
               Column("need", "Cần thêm để đạt mục tiêu", short="Cần thêm"), Column("status_label", "Đánh giá"))
    count, verdict, listed = _missed(shown)
    counts = ([f"{number((shown['status'] == 'green').sum())} đạt mục tiêu"] if (shown["status"] == "green").any()
              else []) + ([f"{number(count)} {verdict}"] if count else [])
    without = (shown["status"] == "no_target").sum()
    sentences = [f"{number(len(shown))} chỉ tiêu có số liệu năm {year}: " + ", ".join(counts)
                 + (f"{'; ' if counts else ''}{number(without)} chỉ tiêu chưa có mục tiêu" if without else "") + "."]
    if listed:
        sentences.append(f"Chưa đạt mục tiêu: {listed}.")
    missing_data = kpis[kpis["status"] == "no_data"]
    if not missing_data.empty:
        sentences.append(f"Chưa có số liệu năm {year}: " + ", ".join(missing_data["short_name"]) + ".")
    return Slide("plan_kpis", title, subtitle, table=Table(f"chi_tieu_{year}", f"Chỉ tiêu {year}", shown.head(10), columns),
                 appendix=Table(f"chi_tieu_{year}", f"Chỉ tiêu kế hoạch {year}", shown, columns),
                 narrative=tuple(sentences))


def _kpi_shortcomings(kpis: pd.DataFrame) -> str:
    """The KPIs short of their target, counted and named as on the KPI slide."""
    count, verdict, listed = _missed(_kpi_rows(kpis))
    return f"Có {number(count)} chỉ tiêu của kế hoạch CCHC {verdict}: {listed}." if count else ""


TASK_COLUMNS = (Column("task", "Nhiệm vụ"), Column("lead_unit", "Đơn vị chủ trì", short="Chủ trì"),
                Column("deadline_text", "Thời hạn"), Column("days_overdue", "Số ngày quá hạn", "number", "Quá hạn (ngày)"))


def _task_slide(tasks: pd.DataFrame, today: dt.date, settings: Settings, year: int,
                plan_years: list[int] = ()) -> Slide:
    """The reporting year's plan tasks past their deadline and not done, on the day the deck is made
    (plan_task_list of `year`); `plan_years`: the years of the plans stored, said when `year` has none."""
    title = "Nhiệm vụ kế hoạch CCHC quá hạn"
    subtitle = f"{capital(settings.scope)} · kế hoạch năm {year} · tình trạng ngày {today:{DAY}}"
    if tasks.empty:
        if not plan_years:
            return Slide("plan_tasks", title, subtitle, empty=NO_PLAN_TASKS)
        return Slide("plan_tasks", title, subtitle, empty=(
            f"Chưa có kế hoạch CCHC năm {year} trong kho (đã có kế hoạch năm "
            + ", ".join(str(y) for y in plan_years) + f"). Nạp kế hoạch năm {year} ở trang \"Nạp dữ liệu\"."))
    late = _late(tasks)
    done = tasks[tasks["status"] == "done"]
    sentences = [f"Kế hoạch năm {year}: tổng số {number(len(tasks))} nhiệm vụ, đã hoàn thành {number(len(done))}, "
                 f"quá hạn {number(len(late))}, sắp đến hạn (trong {number(DUE_DAYS)} ngày) "
                 f"{number(int(tasks['due_soon'].fillna(False).sum()))}."]
    if late.empty:
        return Slide("plan_tasks", title, subtitle, narrative=tuple(sentences + ["Không có nhiệm vụ nào quá hạn."]))
    rest = len(late) - settings.bottom_n
    if rest > 0:
        sentences.append(f"Bảng nêu {number(settings.bottom_n)} nhiệm vụ quá hạn lâu nhất và {number(rest)} nhiệm vụ "
                         "khác (danh sách đầy đủ trong phụ lục và bảng .xlsx).")
    return Slide("plan_tasks", title, subtitle,
                 table=Table("nhiem_vu_qua_han", "Nhiệm vụ quá hạn", late.head(settings.bottom_n), TASK_COLUMNS),
                 appendix=Table("nhiem_vu_qua_han", f"Nhiệm vụ kế hoạch năm {year} quá hạn", late, TASK_COLUMNS),
                 narrative=tuple(sentences))


def task_text(text) -> str:
    """A task as a sentence names it: without the list mark of its source file."""
    return text if missing(text) else BULLET_MARK.sub("", str(text), count=1)


def _late(tasks: pd.DataFrame) -> pd.DataFrame:
    """Tasks past their deadline and not done, the longest overdue first."""
    late = tasks[tasks["status"] == "late"].sort_values("days_overdue", ascending=False, na_position="last")
    return late.assign(task=[task_text(t) for t in late["task"]])


def _task_shortcoming(tasks: pd.DataFrame) -> str:
    late = _late(tasks)
    if late.empty:
        return ""
    named = "; ".join(f"{t} ({u}, quá {number(d)} ngày)" for t, u, d in
                      zip(late["task"].head(3), late["lead_unit"].head(3), late["days_overdue"].head(3)))
    rest = f" và {number(len(late) - 3)} nhiệm vụ khác" if len(late) > 3 else ""
    year = f" năm {int(late.iloc[0]['plan_year'])}" if not missing(late.iloc[0]["plan_year"]) else ""
    return f"Có {number(len(late))} nhiệm vụ của kế hoạch CCHC{year} quá hạn chưa hoàn thành, lâu nhất: {named}{rest}."
