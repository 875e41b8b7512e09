"""Alert rules: what each kind watches, and the sentence it writes when it fires for a period.

A rule (table alert_rule) has a kind, a threshold, the units it watches (None = every unit) and its recipients.
`evaluate` reads the numbers through `run(name, **params)` (queries.run bound to a connection, or
dashboard.query on a page) and returns a `Fired` with its sentence, or None. Nothing here computes a rate:
rates and targets come from the queries; this module compares them with the rule's threshold and words them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

import queries
from accounts import requires
from charts.format import missing, number, percent
from loaders.periods import Period
from vocabulary.clock import vietnam_now
from reports import bieu06, delivery, narrative, slides
from reports.slides import AMBER_POINTS, task_text

Run = Callable[..., pd.DataFrame]

ON_TIME_BELOW, ONLINE_BELOW_TARGET, OVERDUE_ABOVE = "on_time_below", "online_below_target", "overdue_pending_above"
NOT_REPORTED, TASKS_DUE, KPI_BELOW_TARGET = "not_reported", "tasks_due", "kpi_below_target"


@dataclass(frozen=True)
class Kind:
    label: str                  # what the admin picks
    threshold: str | None       # what the threshold means (None: the kind has none)
    default: float | None


KINDS = {
    ON_TIME_BELOW: Kind("Tỷ lệ giải quyết trước và đúng hạn dưới ngưỡng", "Ngưỡng (%)", 98.0),
    ONLINE_BELOW_TARGET: Kind("Tỷ lệ tiếp nhận trực tuyến dưới mục tiêu năm", None, None),
    OVERDUE_ABOVE: Kind("Hồ sơ đang giải quyết quá hạn cuối kỳ vượt ngưỡng", "Số hồ sơ", 10.0),
    NOT_REPORTED: Kind("Đơn vị chưa gửi báo cáo sau khi hết kỳ", "Số ngày sau cuối kỳ", 5.0),
    TASKS_DUE: Kind("Nhiệm vụ kế hoạch quá hạn hoặc sắp đến hạn", "Số ngày tới hạn", 15.0),
    KPI_BELOW_TARGET: Kind("Chỉ tiêu kế hoạch chưa đạt mục tiêu", None, None),
}


@dataclass(frozen=True)
class Rule:
    rule_id: int
    name: str
    kind: str
    threshold: float | None
    unit_ids: tuple[int, ...] | None
    recipients: tuple[str, ...]
    active: bool = True

    @classmethod
    def from_row(cls, row) -> "Rule":
        units = row["unit_ids"]
        units = None if units is None or (not isinstance(units, (list, tuple)) and missing(units)) else tuple(
            int(u) for u in units)
        threshold = None if missing(row["threshold"]) else float(row["threshold"])
        return cls(int(row["rule_id"]), str(row["name"]), str(row["kind"]), threshold, units,
                   tuple(row["recipients"]), bool(row["active"]))


@dataclass(frozen=True)
class Fired:
    rule: Rule
    sentence: str


def rules(run: Run, active_only: bool = False) -> list[Rule]:
    found = [Rule.from_row(row) for _, row in run("alert_rules").iterrows()]
    return [r for r in found if r.active] if active_only else found


def _units(run: Run, rule: Rule) -> list[int]:
    """A rule's units; a rule for no unit in particular watches the departments that report, as the pages show
    them by default (issue 19: the communes are a level of their own — a rule names them to watch them)."""
    return list(rule.unit_ids) if rule.unit_ids else slides.reported_level_ids(run, "so")


def _unit_rows(run: Run, rule: Rule, period: Period, metric: str) -> pd.DataFrame:
    return run("presentation_unit_period", period_start=period.start, period_end=period.end,
               unit_ids=_units(run, rule), metric=metric, min_dossiers=1)


def evaluate(run: Run, rule: Rule, period: Period, today: dt.date) -> Fired | None:
    """The rule's finding for `period` as seen on `today`; None when nothing crosses its line."""
    sentence = {ON_TIME_BELOW: _on_time, ONLINE_BELOW_TARGET: _online, OVERDUE_ABOVE: _overdue,
                NOT_REPORTED: _not_reported, TASKS_DUE: _tasks, KPI_BELOW_TARGET: _kpis}[rule.kind](
        run, rule, period, today)
    return Fired(rule, sentence) if sentence else None


def _on_time(run, rule, period, today) -> str:
    rows = _unit_rows(run, rule, period, "on_time")
    low = rows[rows["metric_pct"] < rule.threshold]
    return narrative.threshold_sentence("đơn vị", narrative.ON_TIME_NAME, list(zip(low["unit_name"], low["metric_pct"])),
                                        rule.threshold, verdict=period.label)


def _online(run, rule, period, today) -> str:
    targets = run("dossier_targets", year_from=period.year, year_to=period.year, unit_ids=_units(run, rule))
    target = targets[targets["kpi_code"] == "dossier_online"]
    if target.empty:
        return ""
    value = float(target.iloc[0]["value"])
    rows = _unit_rows(run, rule, period, "online")
    low = rows[rows["metric_pct"] < value]
    sentence = narrative.threshold_sentence("đơn vị", narrative.ONLINE_NAME, list(zip(low["unit_name"], low["metric_pct"])),
                                            value, verdict=f"mục tiêu năm {period.year}")
    return sentence


def _overdue(run, rule, period, today) -> str:
    rows = _unit_rows(run, rule, period, "on_time")
    over = rows[rows["proc_late"] > rule.threshold].sort_values("proc_late", ascending=False)
    if over.empty:
        return ""
    listed = ", ".join(f"{n} ({number(v)} hồ sơ)" for n, v in zip(over["unit_name"], over["proc_late"]))
    return (f"Có {number(len(over))} đơn vị còn trên {number(rule.threshold)} hồ sơ đang giải quyết quá hạn "
            f"cuối {period.label}: {listed}.")


def _not_reported(run, rule, period, today) -> str:
    deadline = period.end + dt.timedelta(days=int(rule.threshold or 0))
    if today <= deadline:
        return ""
    missing_units = bieu06.missing_units(run, period.start, period.end, _units(run, rule))
    if not missing_units:
        return ""
    listed = "; ".join(f"{unit} ({what})" for unit, what in missing_units)
    return (f"Đến ngày {today:%d/%m/%Y}, quá {number(rule.threshold or 0)} ngày sau khi hết {period.label}, còn "
            f"{number(len(missing_units))} đơn vị chưa gửi đủ báo cáo Biểu 06: {listed}.")


def _tasks(run, rule, period, today) -> str:
    tasks = run("plan_task_list", today=today, due_days=int(rule.threshold or 0), plan_year=period.year,
                unit_ids=list(rule.unit_ids) if rule.unit_ids else None)
    late = tasks[tasks["status"] == "late"]
    soon = tasks[(tasks["status"] != "late") & tasks["due_soon"].fillna(False).astype(bool)]
    if late.empty and soon.empty:
        return ""
    parts = []
    if not late.empty:
        parts.append(f"{number(len(late))} nhiệm vụ quá hạn chưa hoàn thành ("
                     + "; ".join(f"{task_text(t)} – {u}" for t, u in zip(late["task"].head(3), late["lead_unit"].head(3)))
                     + (" …" if len(late) > 3 else "") + ")")
    if not soon.empty:
        parts.append(f"{number(len(soon))} nhiệm vụ đến hạn trong {number(rule.threshold or 0)} ngày tới ("
                     + "; ".join(f"{task_text(t)} – hạn {d:%d/%m/%Y}" if not missing(d) else task_text(t)
                                 for t, d in zip(soon["task"].head(3), soon["deadline"].head(3)))
                     + (" …" if len(soon) > 3 else "") + ")")
    return f"Kế hoạch CCHC năm {period.year}: " + "; ".join(parts) + "."


def _kpis(run, rule, period, today) -> str:
    kpis = run("kpi_status", year=period.year, as_of=period.end, unit_ids=_units(run, rule), amber_points=AMBER_POINTS)
    short = kpis[kpis["status"].isin(["red", "amber"])]
    if short.empty:
        return ""
    listed = ", ".join(f"{n} ({percent(a)}, mục tiêu {'≥' if c == '>=' else '≤'} {percent(t, 0)})"
                       for n, a, c, t in zip(short["short_name"], short["actual_pct"], short["comparator"],
                                             short["target_pct"]))
    return f"Có {number(len(short))} chỉ tiêu kế hoạch CCHC năm {period.year} chưa đạt mục tiêu đến cuối {period.label}: {listed}."


class RuleRefused(Exception):
    """A rule that cannot be kept as given; carries the Vietnamese reason."""


@requires("manage_alerts")
def add_rule(con, name: str, kind: str, threshold: float | None, unit_ids: list[int] | None,
             recipients: list[str], created_by: str | None = None) -> int:
    """Store a rule after checking it; returns its id. Recipients: e-mail addresses and "webhook:NAME"."""
    name = " ".join((name or "").split())
    recipients = [r.strip() for r in recipients if r and r.strip()]
    if not name:
        raise RuleRefused("Hãy đặt tên cho quy tắc.")
    if kind not in KINDS:
        raise RuleRefused("Loại cảnh báo không hợp lệ.")
    if KINDS[kind].threshold and (threshold is None or threshold < 0):
        raise RuleRefused(f"Hãy nhập {KINDS[kind].threshold.lower()} (số không âm).")
    if kind == ON_TIME_BELOW and threshold > 100:
        raise RuleRefused("Ngưỡng tỷ lệ phải từ 0 đến 100 %.")
    if not recipients:
        raise RuleRefused("Hãy nhập ít nhất một người nhận (địa chỉ e-mail hoặc webhook:TÊN).")
    wrong = [r for r in recipients if not delivery.is_recipient(r)]
    if wrong:
        raise RuleRefused("Người nhận không hợp lệ: " + ", ".join(wrong) + ". Dùng địa chỉ e-mail hoặc webhook:TÊN "
                          "(địa chỉ của webhook khai báo trong .streamlit/secrets.toml, không nhập ở đây).")
    with queries.WRITE_LOCK:
        return int(queries.execute(con, "alert_rule_insert", name=name, kind=kind,
                                   threshold=threshold if KINDS[kind].threshold else None,
                                   unit_ids=list(unit_ids) if unit_ids else None, recipients=recipients,
                                   created_at=vietnam_now(), created_by=created_by).fetchone()[0])


@requires("manage_alerts")
def set_active(con, rule_id: int, active: bool) -> None:
    with queries.WRITE_LOCK:
        queries.execute(con, "alert_rule_set_active", rule_id=rule_id, active=active)


@requires("manage_alerts")
def delete_rule(con, rule_id: int) -> None:
    with queries.WRITE_LOCK:
        queries.execute(con, "alert_rule_delete", rule_id=rule_id)
