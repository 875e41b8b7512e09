"""The periodic bulletin (bản tin CCHC): what leaders read without opening the app.

For one stored period: the headline figures against the previous period and the same period last year, the
units at the bottom, every alert rule that fired, plan tasks late and due soon — sentences from
reports/narrative.py and the steering-committee slides (reports/slides.py), so the bulletin, the projector and
the PDF handout say the same numbers. Written three ways: an HTML e-mail with the PDF handout attached (.eml),
a short text for chat webhooks (JSON {"text": …}), and the files for the record (.html, .txt, .pdf).
"""

import datetime as dt
import functools
import html
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

import pandas as pd

import queries
from charts.format import number
from loaders.periods import Period, parse_user_period
from vocabulary.clock import vietnam_now
from loaders.text import match_key
from reports import alerts, delivery, narrative, pdf, slides

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

    @property
    def subject(self) -> str:
        alarm = f" — {number(len(self.fired))} cảnh báo" if self.fired else ""
        return f"Bản tin CCHC {self.label}{alarm}"

    @property
    def stem(self) -> str:
        return "ban_tin_cchc_" + match_key(self.label).replace(" ", "_").replace("/", "_")

    def fired_for(self, recipient: str | None) -> list[alerts.Fired]:
        """The findings of the rules `recipient` subscribes to (all of them for None: the files on disk)."""
        return [f for f in self.fired if recipient is None or recipient in f.rule.recipients]


def choose_period(run: Run, text: str | None) -> Period | None:
    """The period the analyst named ("Quý III/2025", "15/6/2025-14/9/2025"), or the latest stored quarter."""
    if text:
        return parse_user_period(text)
    quarters = run("dossier_period_totals", kind="quarter", year_from=0, year_to=9999, unit_ids=None, linh_vuc=None)
    if quarters.empty:
        return None
    last = quarters.iloc[-1]
    return Period(pd.Timestamp(last["period_start"]).date(), pd.Timestamp(last["period_end"]).date())


def build(run: Run, period: Period, today: dt.date | None = None, created: dt.datetime | None = None) -> Bulletin | None:
    """The bulletin of `period` for the whole province; None when no unit has data for a period of its kind."""
    created = created or vietnam_now()
    today = today or created.date()
    deck = slides.build(run, slides.Settings(kind=period.kind, period_end=period.end), created=created)
    # the whole province: every unit's own report, never a province roll-up or the Trung tâm PVHCC (issue 19)
    rows = run("dossier_period_totals", kind=period.kind, year_from=period.year, year_to=period.year,
               unit_ids=slides.level_ids(run, "toan_tinh"), linh_vuc=None)
    current = rows[pd.to_datetime(rows["period_end"]).dt.date == period.end]
    if deck is None or current.empty:
        return None
    row = current.iloc[0]
    headline = [narrative.period_summary("toàn tỉnh", row)]
    previous = narrative.previous_period_sentence(row)
    if previous:
        headline.append(previous)
    by_key = {s.key: s for s in deck.slides}
    bottom = [sentence for key in BOTTOM_SLIDES if key in by_key for sentence in by_key[key].narrative]
    tasks = list(by_key["plan_tasks"].narrative) if "plan_tasks" in by_key else []
    active = alerts.rules(run, active_only=True)
    fired = [f for f in (alerts.evaluate(run, rule, period, today) for rule in active) if f]
    return Bulletin(period, str(row["label"]), created, headline, bottom, tasks, fired, pdf.build(deck),
                    deck.sample, active)


def _sections(bulletin: Bulletin, fired: list[alerts.Fired]) -> list[tuple[str, list[str]]]:
    warnings = [f"{f.rule.name}: {f.sentence}" for f in fired] or ["Không có quy tắc cảnh báo nào bị vượt ngưỡng."]
    return [("Kết quả chủ yếu", bulletin.headline), ("Cảnh báo", warnings),
            ("Đơn vị có kết quả thấp", bulletin.bottom), ("Nhiệm vụ kế hoạch CCHC", bulletin.tasks)]


def _footer(bulletin: Bulletin) -> str:
    text = (f"Bản tin tự động lập ngày {bulletin.created:%d/%m/%Y} từ kho số liệu CCHC; báo cáo đầy đủ trong tệp PDF "
            "đính kèm.")
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


def command(con, period_text: str | None, out: Path, send: bool = False, today: dt.date | None = None,
            policy: delivery.Policy = delivery.Policy()) -> int:
    """`python -m reports bulletin`: write the files; with `send`, deliver to every recipient not yet served."""
    run = functools.partial(queries.run, con)
    period = choose_period(run, period_text)
    if period is None:
        print(f"Không hiểu kỳ \"{period_text}\" (ví dụ: \"Quý III/2025\")." if period_text
              else "Chưa có số liệu quý nào trong kho.", file=sys.stderr)
        return 2
    bulletin = build(run, period, today)
    if bulletin is None:
        print(f"Không có số liệu của kỳ {period.label} ({period.dates_text()}).", file=sys.stderr)
        return 2
    for path in write_files(bulletin, out):
        print(f"Đã ghi {path}")
    print(f"{bulletin.subject}: {number(len(bulletin.rules))} quy tắc đang bật, {number(len(bulletin.fired))} cảnh báo.")
    if not send:
        return 0
    outcomes = delivery.deliver(con, bulletin.label, messages(bulletin), policy)
    for o in outcomes:
        state = "ĐÃ GỬI" if o.status == delivery.SENT else "LỖI   "
        print(f"{state} {o.recipient} ({o.attempts} lần thử)" + (f": {o.error}" if o.error else ""))
    if not outcomes:
        print("Không có người nhận nào cần gửi (đã gửi hết, hoặc chưa có quy tắc nào có người nhận).")
    return 0 if all(o.status == delivery.SENT for o in outcomes) else 1
