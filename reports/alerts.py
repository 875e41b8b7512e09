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
from vocabulary.numbers import missing, number, percent
from vocabulary.periods import Period
from vocabulary.alerts import (KINDS, KPI_BELOW_TARGET, NOT_REPORTED, ON_TIME_BELOW, ONLINE_BELOW_TARGET,  # noqa: F401
                               OVERDUE_ABOVE, TASKS_DUE)
from vocabulary.clock import vietnam_now
from reports import bieu06, delivery, narrative, slides
from reports.slides import AMBER_POINTS, task_text
from vocabulary.dates import DAY

Run = Callable[..., pd.DataFrame]

REPORTS, DOSSIERS = "reports", "dossiers"       # where a bulletin's unit figures come from



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


@dataclass(frozen=True)
class Seen:
    """What a rule is evaluated on: the period, its name in sentences, where the unit figures come from
    (REPORTS: the stored Biểu 06 period; DOSSIERS: derived from the dossier lists for any window) and the day."""
    period: Period
    label: str
    source: str
    today: dt.date


def _unit_rows(run: Run, rule: Rule, seen: Seen, metric: str) -> pd.DataFrame:
    if seen.source == DOSSIERS:       # lists are each unit's own dossiers (no roll-up): every unit that sent one
        return run("dossier_list_unit_window", date_from=seen.period.start, date_to=seen.period.end,
                   unit_ids=list(rule.unit_ids) if rule.unit_ids else None, metric=metric, min_dossiers=1)
    return run("presentation_unit_period", period_start=seen.period.start, period_end=seen.period.end,
               unit_ids=_units(run, rule), metric=metric, min_dossiers=1)


def evaluate(run: Run, rule: Rule, period: Period, today: dt.date, source: str = REPORTS,
             label: str | None = None) -> Fired | None:
    """The rule's finding for `period` as seen on `today`; None when nothing crosses its line. With `source`
    DOSSIERS the unit figures are derived from the dossier lists, and "not reported" does not apply (a unit
    reports Biểu 06 per official period, not per week)."""
    seen = Seen(period, label or period.label, source, today)
    if source == DOSSIERS and rule.kind == NOT_REPORTED:
        return None
    sentence = {ON_TIME_BELOW: _on_time, ONLINE_BELOW_TARGET: _online, OVERDUE_ABOVE: _overdue,
                NOT_REPORTED: _not_reported, TASKS_DUE: _tasks, KPI_BELOW_TARGET: _kpis}[rule.kind](run, rule, seen)
    return Fired(rule, sentence) if sentence else None


def _on_time(run, rule, seen) -> str:
    rows = _unit_rows(run, rule, seen, "on_time")
    low = rows[rows["metric_pct"] < rule.threshold]
    return narrative.threshold_sentence("đơn vị", narrative.ON_TIME_NAME, list(zip(low["unit_name"], low["metric_pct"])),
                                        rule.threshold, verdict=seen.label)


def _online(run, rule, seen) -> str:
    period = seen.period
    targets = run("dossier_targets", year_from=period.year, year_to=period.year, unit_ids=_units(run, rule))
    target = targets[targets["kpi_code"] == "dossier_online"]
    if target.empty:
        return ""
    value = float(target.iloc[0]["value"])
    rows = _unit_rows(run, rule, seen, "online")
    low = rows[rows["metric_pct"] < value]
    sentence = narrative.threshold_sentence("đơn vị", narrative.ONLINE_NAME, list(zip(low["unit_name"], low["metric_pct"])),
                                            value, verdict=f"mục tiêu năm {period.year}")
    return sentence


def _overdue(run, rule, seen) -> str:
    rows = _unit_rows(run, rule, seen, "on_time")
    over = rows[rows["proc_late"] > rule.threshold].sort_values("proc_late", ascending=False)
    if over.empty:
        return ""
    listed = ", ".join(f"{n} ({number(v)} hồ sơ)" for n, v in zip(over["unit_name"], over["proc_late"]))
    return (f"Có {number(len(over))} đơn vị còn trên {number(rule.threshold)} hồ sơ đang giải quyết quá hạn "
            f"cuối {seen.label}: {listed}.")


def _not_reported(run, rule, seen) -> str:
    period, today = seen.period, seen.today
    deadline = period.end + dt.timedelta(days=int(rule.threshold or 0))
    if today <= deadline:
        return ""
    missing_units = bieu06.missing_units(run, period.start, period.end, _units(run, rule))
    if not missing_units:
        return ""
    listed = "; ".join(f"{unit} ({what})" for unit, what in missing_units)
    return (f"Đến ngày {today:{DAY}}, quá {number(rule.threshold or 0)} ngày sau khi hết {period.label}, còn "
            f"{number(len(missing_units))} đơn vị chưa gửi đủ báo cáo Biểu 06: {listed}.")


def _tasks(run, rule, seen) -> str:
    period, today = seen.period, seen.today
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
                     + "; ".join(f"{task_text(t)} – hạn {d:{DAY}}" if not missing(d) else task_text(t)
                                 for t, d in zip(soon["task"].head(3), soon["deadline"].head(3)))
                     + (" …" if len(soon) > 3 else "") + ")")
    return f"Kế hoạch CCHC năm {period.year}: " + "; ".join(parts) + "."


def _kpis(run, rule, seen) -> str:
    period = seen.period
    kpis = run("kpi_status", year=period.year, as_of=period.end, unit_ids=_units(run, rule), amber_points=AMBER_POINTS)
    short = kpis[kpis["status"].isin(["red", "amber"])]
    if short.empty:
        return ""
    listed = ", ".join(f"{n} ({percent(a)}, mục tiêu {'≥' if c == '>=' else '≤'} {percent(t, 0)})"
                       for n, a, c, t in zip(short["short_name"], short["actual_pct"], short["comparator"],
                                             short["target_pct"]))
    return f"Có {number(len(short))} chỉ tiêu kế hoạch CCHC năm {period.year} chưa đạt mục tiêu đến cuối {seen.label}: {listed}."


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
