"""The periodic bulletin (bản tin CCHC): what leaders read without opening the app.

For one period — a week, a month, a quarter (reports/bulletin_window.py): the headline figures against the
previous period and the same period last year, the units at the bottom, every alert rule that fired, plan tasks
late and due soon — sentences from reports/narrative.py and the steering-committee slides (reports/slides.py), so
the bulletin, the projector and the PDF handout say the same numbers. Where the figures come from: a period the
units reported (a stored Biểu 06 period) is read from their reports; any other window — a week, a month — is
derived from the stored dossier lists (dossier_list_window_totals, domain.md §8.2) when they hold dossiers for it. Written three ways: an HTML e-mail with the PDF handout attached (.eml),
a short text for chat webhooks (JSON {"text": …}), and the files for the record (.html, .txt, .pdf).
"""

import datetime as dt
import functools
import html
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

import pandas as pd

import queries
from vocabulary.numbers import number
from vocabulary.periods import KIND_CHOICES, Period
from vocabulary.clock import vietnam_now
from loaders.text import match_key
from reports import alerts, bulletin_window, delivery, derived_series, narrative, pdf, slides
from reports.bulletin_window import Window
from vocabulary.dates import DAY

Run = Callable[..., pd.DataFrame]
CHAT_LIMIT = 1500          # characters: chat apps cut long messages; the e-mail carries everything
BOTTOM_SLIDES = ("bottom_on_time_unit", "bottom_online_unit")


@dataclass
class Bulletin:
    period: Period
    label: str
    created: dt.datetime
    headline: list[str]
    bottom: list[str]
    tasks: list[str]
    fired: list[alerts.Fired]
    handout: bytes                 # the PDF handout of the same period (reports/pdf.py)
    sample: bool = False
    rules: list[alerts.Rule] = field(default_factory=list)
    source: str = alerts.REPORTS
    covered_to: dt.date | None = None    # dossier lists end before the period does: said in the footer

    @property
    def subject(self) -> str:
        alarm = f" — {number(len(self.fired))} cảnh báo" if self.fired else ""
        return f"Bản tin CCHC {self.label}{alarm}"

    @property
    def stem(self) -> str:
        return "ban_tin_cchc_" + re.sub(r"[^a-z0-9]+", "_", match_key(self.label)).strip("_")

    def fired_for(self, recipient: str | None) -> list[alerts.Fired]:
        """The findings of the rules `recipient` subscribes to (all of them for None: the files on disk)."""
        return [f for f in self.fired if recipient is None or recipient in f.rule.recipients]


def choose_window(run: Run, text: str | None, every: str | None = None, today: dt.date | None = None) -> Window | None:
    """The period the analyst named ("Tuần 20/2025", "Tháng 5/2025", "Quý III/2025", "15/6/2025-14/9/2025"), else
    the latest complete week / month / quarter before `today` (`every`, for cron), else the latest stored quarter."""
    if text:
        return bulletin_window.parse(text)
    if every:
        return bulletin_window.latest(every, today or vietnam_now().date())
    quarters = run("dossier_period_totals", kind="quarter", year_from=0, year_to=9999, unit_ids=None, linh_vuc=None)
    if quarters.empty:
        return None
    last = quarters.iloc[-1]
    return bulletin_window.of_period(Period(pd.Timestamp(last["period_start"]).date(),
                                            pd.Timestamp(last["period_end"]).date()))


QUARTERLY, MONTHLY, WEEKLY = KIND_CHOICES["quarter"], KIND_CHOICES["month"], "Tuần"


def periods_offered(run: Run) -> dict[str, list[str]]:
    """The periods the page offers, latest first: the stored quarters, and the months and weeks the dossier lists
    reach (bulletin_window.recent)."""
    found = {}
    quarters = run("dossier_period_totals", kind="quarter", year_from=0, year_to=9999, unit_ids=None, linh_vuc=None)
    if not quarters.empty:
        found[QUARTERLY] = list(reversed(list(quarters["label"])))
    last_day = run("dossier_list_periods", unit_ids=None).iloc[0]["last_day"]
    if not pd.isna(last_day):
        for kind, every in ((MONTHLY, bulletin_window.MONTH), (WEEKLY, bulletin_window.WEEK)):
            found[kind] = [w.label for w in bulletin_window.recent(every, pd.Timestamp(last_day).date())]
    return found


def choose_period(run: Run, text: str | None) -> Period | None:
    window = choose_window(run, text)
    return window.period if window else None


def _stored(run: Run, period: Period):
    """The row of dossier_period_totals of exactly `period` (the units reported it), or None."""
    # the whole province: every unit's own report, never a province roll-up or the Trung tâm PVHCC (issue 19)
    rows = run("dossier_period_totals", kind=period.kind, year_from=period.year, year_to=period.year,
               unit_ids=slides.level_ids(run, "toan_tinh"), linh_vuc=None)
    found = rows[(pd.to_datetime(rows["period_end"]).dt.date == period.end)
                 & (pd.to_datetime(rows["period_start"]).dt.date == period.start)]
    return None if found.empty else found.iloc[0]


def build(run: Run, period: Period | Window, today: dt.date | None = None,
          created: dt.datetime | None = None) -> Bulletin | None:
    """The bulletin of `period` for the whole province, from the units' reports when they reported that period,
    else from the dossier lists; None when neither holds anything for it."""
    window = period if isinstance(period, Window) else bulletin_window.of_period(period)
    period = window.period
    created = created or vietnam_now()
    today = today or created.date()
    row, covered_to = _stored(run, period), None
    if row is not None:
        source = alerts.REPORTS
        deck = slides.build(run, slides.Settings(kind=period.kind, period_end=period.end), created=created)
        label = str(row["label"])
    else:
        source = alerts.DOSSIERS
        # the lists must reach into the window: a dossier still open when the last list was exported would
        # otherwise "carry over" into every later week for ever
        span = run("dossier_list_periods", unit_ids=None).iloc[0]
        if pd.isna(span["last_day"]) or not (pd.Timestamp(span["first_received"]).date() <= period.end
                                             and pd.Timestamp(span["last_day"]).date() >= period.start):
            return None
        params = window.params()
        first, last = pd.Timestamp(span["first_received"]).date(), pd.Timestamp(span["last_day"]).date()
        for key, other in (("prev", window.prev), ("ly", window.last_year)):
            if not (first <= other.start and last >= other.end):    # a window the lists cover in part: no comparison
                params.update({f"{key}_from": derived_series.NOTHING.start, f"{key}_to": derived_series.NOTHING.end})
        rows = run("dossier_list_window_totals", unit_ids=None, **params)
        if rows.empty:
            return None
        row, label = rows.iloc[0], window.label
        deck = slides.build_window(run, row, slides.Settings(), created=created)
        if pd.Timestamp(span["last_day"]).date() < period.end:
            covered_to = pd.Timestamp(span["last_day"]).date()
    headline = [narrative.period_summary("toàn tỉnh", row)]
    previous = narrative.previous_period_sentence(row)
    if previous:
        headline.append(previous)
    by_key = {s.key: s for s in deck.slides}
    bottom = [sentence for key in BOTTOM_SLIDES if key in by_key for sentence in by_key[key].narrative]
    tasks = list(by_key["plan_tasks"].narrative) if "plan_tasks" in by_key else []
    active = alerts.rules(run, active_only=True)
    fired = [f for f in (alerts.evaluate(run, rule, period, today, source, label) for rule in active) if f]
    return Bulletin(period, label, created, headline, bottom, tasks, fired, pdf.build(deck), deck.sample, active,
                    source, covered_to)


def _sections(bulletin: Bulletin, fired: list[alerts.Fired]) -> list[tuple[str, list[str]]]:
    warnings = [f"{f.rule.name}: {f.sentence}" for f in fired] or ["Không có quy tắc cảnh báo nào bị vượt ngưỡng."]
    return [("Kết quả chủ yếu", bulletin.headline), ("Cảnh báo", warnings),
            ("Đơn vị có kết quả thấp", bulletin.bottom), ("Nhiệm vụ kế hoạch CCHC", bulletin.tasks)]


def _footer(bulletin: Bulletin) -> str:
    text = (f"Bản tin tự động lập ngày {bulletin.created:{DAY}} từ kho số liệu CCHC; báo cáo đầy đủ trong tệp PDF "
            "đính kèm.")
    if bulletin.source == alerts.DOSSIERS:
        text += (f" Số liệu kỳ {bulletin.period.dates_text()} tính từ danh sách hồ sơ xuất từ hệ thống thông tin giải "
                 "quyết TTHC (không phải báo cáo Biểu 06 của các đơn vị); trạng thái hồ sơ là trạng thái lúc xuất danh "
                 "sách.")
        if bulletin.covered_to:
            text += f" Danh sách hồ sơ trong kho chỉ đến ngày {bulletin.covered_to:{DAY}}."
    return text + (" DỮ LIỆU MINH HỌA, không phải số liệu chính thức." if bulletin.sample else "")


def as_html(bulletin: Bulletin, recipient: str | None = None) -> str:
    parts = [f"<h2 style=\"font-family:'Times New Roman',serif;color:#1F4E79\">{html.escape(bulletin.subject)}</h2>"]
    for title, sentences in _sections(bulletin, bulletin.fired_for(recipient)):
        if not sentences:
            continue
        parts.append(f"<h3 style=\"font-family:'Times New Roman',serif\">{html.escape(title)}</h3><ul>")
        parts += [f"<li style=\"font-family:'Times New Roman',serif;font-size:15px\">{html.escape(s)}</li>"
                  for s in sentences]
        parts.append("</ul>")
    parts.append(f"<p style=\"color:#5D6D7E;font-size:13px\">{html.escape(_footer(bulletin))}</p>")
    return ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>"
            + html.escape(bulletin.subject) + "</title></head><body>" + "".join(parts) + "</body></html>")


def as_text(bulletin: Bulletin, recipient: str | None = None) -> str:
    """The full bulletin as plain text (the e-mail's text part and the .txt file)."""
    lines = [bulletin.subject.upper(), ""]
    for title, sentences in _sections(bulletin, bulletin.fired_for(recipient)):
        if sentences:
            lines += [title + ":"] + [f"- {s}" for s in sentences] + [""]
    return "\n".join(lines + [_footer(bulletin)]) + "\n"


def chat_payload(bulletin: Bulletin, recipient: str | None = None) -> dict:
    """What a chat webhook receives: {"text": a short message, "subject", "period"}."""
    fired = bulletin.fired_for(recipient)
    text = f"{bulletin.subject}\n{bulletin.headline[0]}"
    if fired:
        text += "\nCảnh báo:\n" + "\n".join(f"- {f.rule.name}: {f.sentence}" for f in fired)
    if len(text) > CHAT_LIMIT:
        text = text[:CHAT_LIMIT - 40].rsplit(" ", 1)[0] + " … (xem e-mail bản tin)"
    return {"text": text, "subject": bulletin.subject, "period": bulletin.label}


def email(bulletin: Bulletin, to: list[str], recipient: str | None = None, sender: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = bulletin.subject
    if sender:
        message["From"] = sender
    message["To"] = ", ".join(to) if to else "undisclosed-recipients:;"
    message["Date"] = formatdate(localtime=True)
    message.set_content(as_text(bulletin, recipient))
    message.add_alternative(as_html(bulletin, recipient), subtype="html")
    message.add_attachment(bulletin.handout, maintype="application", subtype="pdf", filename=f"{bulletin.stem}.pdf")
    return message


def messages(bulletin: Bulletin) -> dict[str, tuple[list[int], Callable[[], object]]]:
    """Every recipient of an active rule → (its rules, a function building its message)."""
    found: dict[str, list[int]] = {}
    for rule in bulletin.rules:
        for recipient in rule.recipients:
            found.setdefault(recipient, []).append(rule.rule_id)

    def builder(recipient):
        if delivery.channel_of(recipient) == delivery.WEBHOOK:
            return lambda: chat_payload(bulletin, recipient)
        return lambda: email(bulletin, [recipient], recipient)

    return {recipient: (rule_ids, builder(recipient)) for recipient, rule_ids in found.items()}


def write_files(bulletin: Bulletin, out: Path) -> list[Path]:
    """The bulletin on disk, as it would be sent (all findings): .eml, .html, .txt, .pdf and the chat .json."""
    import json

    out.mkdir(parents=True, exist_ok=True)
    recipients = sorted({r for rule in bulletin.rules for r in rule.recipients if delivery.channel_of(r) == delivery.EMAIL})
    files = {".eml": bytes(email(bulletin, recipients)), ".html": as_html(bulletin).encode("utf-8"),
             ".txt": as_text(bulletin).encode("utf-8"), ".pdf": bulletin.handout,
             ".json": json.dumps(chat_payload(bulletin), ensure_ascii=False, indent=1).encode("utf-8")}
    written = []
    for suffix, data in files.items():
        path = out / f"{bulletin.stem}{suffix}"
        path.write_bytes(data)
        written.append(path)
    return written


def produce(con, period_text: str | None, out: Path, send: bool = False, today: dt.date | None = None,
            policy: delivery.Policy = delivery.Policy(), every: str | None = None) -> tuple[int, list[tuple[str, str]]]:
    """Write the bulletin's files into `out`; with `send`, deliver to every recipient not yet served.

    Returns the exit status of `python -m reports bulletin` and what it says, as (stream, line) with stream "out"
    or "err": the command prints them; the dashboard, serving a request of the command (reports/send_requests.py),
    hands them back to it."""
    said: list[tuple[str, str]] = []
    run = functools.partial(queries.run, con)
    window = choose_window(run, period_text, every, today)
    if window is None:
        said.append(("err", f"Không hiểu kỳ \"{period_text}\" (ví dụ: \"Quý III/2025\", \"Tháng 5/2025\", "
                            "\"Tuần 20/2025\")." if period_text else "Chưa có số liệu quý nào trong kho."))
        return 2, said
    bulletin = build(run, window, today)
    if bulletin is None:
        named = window.label if window.is_week else f"{window.label} ({window.period.dates_text()})"
        said.append(("err", f"Không có số liệu của kỳ {named}: các đơn vị chưa "
                            "báo cáo kỳ này và danh sách hồ sơ trong kho không có hồ sơ nào trong kỳ."))
        return 2, said
    said += [("out", f"Đã ghi {path}") for path in write_files(bulletin, out)]
    said.append(("out", f"{bulletin.subject}: {number(len(bulletin.rules))} quy tắc đang bật, "
                        f"{number(len(bulletin.fired))} cảnh báo."))
    if not send:
        return 0, said
    outcomes = delivery.deliver(con, bulletin.label, messages(bulletin), policy)
    for o in outcomes:
        state = "ĐÃ GỬI" if o.status == delivery.SENT else "LỖI   "
        said.append(("out", f"{state} {o.recipient} ({o.attempts} lần thử)" + (f": {o.error}" if o.error else "")))
    if not outcomes:
        said.append(("out", "Không có người nhận nào cần gửi (đã gửi hết, hoặc chưa có quy tắc nào có người nhận)."))
    return (0 if all(o.status == delivery.SENT for o in outcomes) else 1), said


def say(said: list[tuple[str, str]]) -> None:
    for stream, line in said:
        print(line, file=sys.stderr if stream == "err" else sys.stdout)


def command(con, period_text: str | None, out: Path, send: bool = False, today: dt.date | None = None,
            policy: delivery.Policy = delivery.Policy(), every: str | None = None) -> int:
    """`python -m reports bulletin`: write the files; with `send`, deliver to every recipient not yet served."""
    code, said = produce(con, period_text, out, send, today, policy, every)
    say(said)
    return code
