"""Sending the bulletin: e-mail over SMTP and JSON to chat webhooks, each send recorded, failures retried.

Settings are read when sending, from environment variables first, then `.streamlit/secrets.toml` (the path
may be set by `$CCHC_SECRETS`) — never from code or the database, and never written to a log or the send log:

    [smtp]                                   # or CCHC_SMTP_HOST, CCHC_SMTP_PORT, CCHC_SMTP_STARTTLS (1/0),
    host = "mail.example.gov.vn"             #    CCHC_SMTP_USER, CCHC_SMTP_PASSWORD, CCHC_SMTP_SENDER
    port = 587
    starttls = true
    user = "cchc@example.gov.vn"
    password = "…"
    sender = "Văn phòng Sở <cchc@example.gov.vn>"

    [webhooks]                               # or CCHC_WEBHOOK_ZALO_OA=https://…
    zalo_oa = "https://…"                    # a rule's recipient "webhook:zalo_oa"

A webhook's URL often carries its token, so a rule stores only the webhook's name and the log shows the name.

Retries: each message is tried `Policy.attempts` times with growing pauses (`backoff_s`); if all fail it is
recorded as failed with the error and the time of the next try (`retry_pause`: `retry_after`, doubled after each
failed run), shown on the page. The running dashboard tries again when that time comes
(reports/send_requests.py), and so does the next `--send` run or "Gửi bản tin ngay" for the same period: each
sends to every recipient not yet served (a sent message is not repeated).
"""

import datetime as dt
import json
import logging
import os
import smtplib
import ssl
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import queries
from vocabulary.clock import vietnam_now

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
WEBHOOK_PREFIX = "webhook:"
EMAIL, WEBHOOK = "email", "webhook"
SENT, FAILED = "sent", "failed"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Policy:
    attempts: int = 3
    backoff_s: tuple[float, ...] = (2.0, 8.0)       # pause after the 1st, 2nd … failure
    timeout_s: float = 20.0
    retry_after: dt.timedelta = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Outcome:
    recipient: str
    channel: str
    status: str
    attempts: int
    error: str | None


def _secrets() -> dict:
    path = Path(os.environ.get("CCHC_SECRETS") or ROOT / ".streamlit" / "secrets.toml")
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as exc:
        log.warning("secrets file %s unreadable: %s", path, type(exc).__name__)
        return {}


def _flag(value) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "co", "có")


def smtp_settings() -> SmtpSettings | None:
    """The SMTP server to send through, or None when none is configured."""
    stored = _secrets().get("smtp", {})
    env = os.environ

    def pick(name, default=None):
        return env.get(f"CCHC_SMTP_{name.upper()}") or stored.get(name, default)

    host = pick("host")
    if not host:
        return None
    user = pick("user")
    return SmtpSettings(host=str(host), port=int(pick("port", 587)), starttls=_flag(pick("starttls", True)),
                        sender=str(pick("sender") or user or f"cchc@{host}"), user=user or None,
                        password=pick("password") or None)


def webhook_url(name: str) -> str | None:
    env = os.environ.get("CCHC_WEBHOOK_" + name.upper().replace("-", "_"))
    return env or _secrets().get("webhooks", {}).get(name)


def channel_of(recipient: str) -> str:
    return WEBHOOK if recipient.startswith(WEBHOOK_PREFIX) else EMAIL


def is_recipient(text: str) -> bool:
    """An e-mail address (one @, a dot after it) or "webhook:NAME"."""
    if text.startswith(WEBHOOK_PREFIX):
        return len(text) > len(WEBHOOK_PREFIX) and all(c.isalnum() or c in "_-" for c in text[len(WEBHOOK_PREFIX):])
    local, at, domain = text.partition("@")
    return bool(local and at and "." in domain and " " not in text and "@" not in domain)


def send_mail(settings: SmtpSettings, message: EmailMessage, timeout: float) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.user and settings.password:
            smtp.login(settings.user, settings.password)
        smtp.send_message(message)


def post_json(url: str, payload: dict, timeout: float) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=timeout) as response:   # raises HTTPError on 4xx/5xx
        response.read()


def _error_text(exc: BaseException, secrets: tuple[str, ...]) -> str:
    """The error in a line, with any secret (password, webhook URL) that a library put in it removed."""
    if isinstance(exc, urllib.error.HTTPError):
        text = f"máy chủ trả lời HTTP {exc.code}"
    elif isinstance(exc, urllib.error.URLError):
        text = f"không kết nối được ({exc.reason})"
    elif isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"máy chủ SMTP từ chối đăng nhập ({exc.smtp_code})"
    elif isinstance(exc, (ConnectionError, TimeoutError, OSError)) and not isinstance(exc, smtplib.SMTPException):
        text = f"không kết nối được ({type(exc).__name__}: {exc})"
    else:
        text = f"{type(exc).__name__}: {exc}"
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text[:300]


def attempt(send: Callable[[], None], policy: Policy, secrets: tuple[str, ...] = (),
            sleep: Callable[[float], None] = time.sleep) -> tuple[bool, int, str | None]:
    """Try `send` up to `policy.attempts` times, pausing between tries; (succeeded, tries made, last error)."""
    error = None
    for number in range(1, policy.attempts + 1):
        try:
            send()
            return True, number, None
        except Exception as exc:     # any failure of the network or the server is recorded, never raised
            error = _error_text(exc, secrets)
            if number < policy.attempts:
                sleep(policy.backoff_s[min(number - 1, len(policy.backoff_s) - 1)])
    return False, policy.attempts, error


def retry_pause(attempts: int, policy: Policy) -> dt.timedelta:
    """How long a failed delivery waits before the dashboard tries it again: `retry_after` after the first failed
    run, doubled after each further one, at most 16 times as long (30 min, 1 h, 2 h, 4 h, 8 h, 8 h …)."""
    runs = max(1, -(-attempts // max(policy.attempts, 1)))
    return policy.retry_after * 2 ** min(runs - 1, 4)


def deliver(con, period_label: str, messages: dict[str, tuple[list[int], Callable[[], object]]],
            policy: Policy = Policy(), now: Callable[[], dt.datetime] = vietnam_now,
            sleep: Callable[[float], None] = time.sleep) -> list[Outcome]:
    """Send each recipient's message and record it. `messages`: recipient → (the rule ids it is sent for, a
    function building its message: an EmailMessage for an address, a JSON payload for "webhook:NAME").

    A recipient already served for `period_label` is skipped; one that failed before is tried again and its
    log row updated."""
    log_rows = queries.run(con, "alert_deliveries", period_label=period_label, limit=100_000)
    served = set(log_rows.loc[log_rows["status"] == SENT, "recipient"])
    failed_before = {r: (int(i), int(a)) for r, i, a, s in zip(log_rows["recipient"], log_rows["delivery_id"],
                                                                log_rows["attempts"], log_rows["status"]) if s == FAILED}
    smtp = None
    outcomes = []
    for recipient, (rule_ids, build) in messages.items():
        if recipient in served:
            continue
        channel = channel_of(recipient)
        message = build()
        subject = message["Subject"] if channel == EMAIL else message.get("subject", "")
        started = now()
        if channel == EMAIL:
            smtp = smtp or smtp_settings()
            if smtp is None:
                ok, tries, error = False, 0, ("chưa cấu hình máy chủ SMTP ([smtp] trong .streamlit/secrets.toml "
                                              "hoặc biến môi trường CCHC_SMTP_HOST …)")
            else:
                if not message["From"]:
                    message["From"] = smtp.sender
                ok, tries, error = attempt(lambda: send_mail(smtp, message, policy.timeout_s), policy,
                                           (smtp.password or "",), sleep)
        else:
            name = recipient[len(WEBHOOK_PREFIX):]
            url = webhook_url(name)
            if not url:
                ok, tries, error = False, 0, (f"chưa cấu hình địa chỉ webhook \"{name}\" ([webhooks] trong "
                                              f".streamlit/secrets.toml hoặc CCHC_WEBHOOK_{name.upper()})")
            else:
                ok, tries, error = attempt(lambda: post_json(url, message, policy.timeout_s), policy, (url,), sleep)
        finished = now()
        status = SENT if ok else FAILED
        earlier = failed_before.get(recipient, (None, 0))[1]
        next_at = None if ok else finished + retry_pause(earlier + tries, policy)
        with queries.WRITE_LOCK:
            if recipient in failed_before:
                delivery_id, earlier = failed_before[recipient]
                queries.execute(con, "alert_delivery_update", delivery_id=delivery_id, status=status,
                                attempts=earlier + tries, last_error=error, last_at=finished, next_at=next_at)
            else:
                queries.execute(con, "alert_delivery_insert", period_label=period_label, rule_ids=rule_ids,
                                channel=channel, recipient=recipient, subject=subject, status=status, attempts=tries,
                                last_error=error, first_at=started, last_at=finished, next_at=next_at)
        log.info("bulletin %s to %s: %s after %d attempt(s)", period_label, recipient, status, tries)
        outcomes.append(Outcome(recipient, channel, status, tries, error))
    return outcomes
