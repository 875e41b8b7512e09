"""Signing in with a name and password from the accounts file: failures rate-limited and logged.

Failures are counted per user name and per client address over a sliding window. After
`USER_LIMIT` failures for one name, that name is locked for `LOCKOUT_SECONDS` (even the right password is
refused meanwhile, and not even checked); after `CLIENT_LIMIT` failures from one address — higher, since a
provincial office shares one address — that address is locked the same way. An unknown name costs the
same time as a wrong password and gets the same message, so guessing names tells nothing.

Every attempt is logged (logger "cchc.accounts", failures as warnings) and appended to the sign-in log
file (`$CCHC_SIGNIN_LOG`, or `dang-nhap.log` beside the accounts file), one tab-separated line each:
time (Vietnam), result, name, client address, reason.
"""

import logging
import os
import threading
import time
from collections import defaultdict, deque
from pathlib import Path

from accounts import config
from accounts.passwords import burn_time, verify_password
from accounts.roles import Account
from vocabulary.clock import vietnam_now

log = logging.getLogger("cchc.accounts")

USER_LIMIT = 5
CLIENT_LIMIT = 20
WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 15 * 60


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message is what the person at the form reads."""


class Limiter:
    """Failures per key (("user", name) or ("client", address)) within the window, and locks."""

    def __init__(self):
        self._failures: dict[tuple, deque] = defaultdict(deque)
        self._locked_until: dict[tuple, float] = {}
        self._lock = threading.Lock()

    def locked_until(self, keys, now: float) -> float | None:
        with self._lock:
            until = max((self._locked_until.get(k, 0.0) for k in keys), default=0.0)
            return until if until > now else None

    def fail(self, keys, now: float) -> tuple[int, float | None]:
        """Count a failure; returns (attempts left for the name, time the lock ends if this failure locked)."""
        left, locked = USER_LIMIT, None
        with self._lock:
            for key in keys:
                limit = USER_LIMIT if key[0] == "user" else CLIENT_LIMIT
                failures = self._failures[key]
                failures.append(now)
                while failures and failures[0] <= now - WINDOW_SECONDS:
                    failures.popleft()
                if len(failures) >= limit:
                    self._locked_until[key] = now + LOCKOUT_SECONDS
                    failures.clear()
                    locked = now + LOCKOUT_SECONDS
                if key[0] == "user":
                    left = limit - len(failures) if locked is None else 0
        return left, locked

    def succeed(self, keys):
        with self._lock:
            for key in keys:
                if key[0] == "user":
                    self._failures.pop(key, None)


LIMITER = Limiter()


def reset() -> None:
    """Forget every failure and lock (tests; a restart does the same)."""
    global LIMITER
    LIMITER = Limiter()


def log_path() -> Path:
    return Path(os.environ.get("CCHC_SIGNIN_LOG") or config.path().with_name("dang-nhap.log"))


def _record(result: str, login: str, client: str | None, reason: str) -> None:
    level = logging.INFO if result == "thành công" else logging.WARNING
    log.log(level, "sign-in %s: %r from %s (%s)", result, login, client or "?", reason)
    line = "\t".join([f"{vietnam_now():%Y-%m-%d %H:%M:%S}", result, login.replace("\t", " "),
                      client or "-", reason]) + "\n"
    try:
        with open(log_path(), "a", encoding="utf-8") as out:
            out.write(line)
    except OSError:
        log.exception("sign-in log %s not writable", log_path())


def _minutes(seconds: float) -> int:
    return max(1, int(-(-seconds // 60)))


def sign_in(login: str, password: str, client: str | None = None, now: float | None = None) -> Account:
    """The account for a name and password, or `SignInRefused` with the reason to show."""
    now = time.time() if now is None else now
    login = (login or "").strip().lower()
    keys = [("user", login)] + ([("client", client)] if client else [])
    until = LIMITER.locked_until(keys, now)
    if until is not None:
        _record("bị chặn", login, client, "đang bị khóa do đăng nhập sai nhiều lần")
        raise SignInRefused(f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {_minutes(until - now)} phút, hoặc liên "
                            "hệ quản trị viên.")
    if not login or not password:
        raise SignInRefused("Hãy nhập tên đăng nhập và mật khẩu.")
    try:
        user = config.users().get(login)
    except config.AccountsFileError as exc:
        _record("lỗi", login, client, "tệp tài khoản lỗi")
        raise SignInRefused(str(exc)) from exc
    if user is not None and user.password:
        ok = verify_password(password, user.password)
        reason = "sai mật khẩu"
    else:
        burn_time(password)
        ok = False
        reason = "không có tài khoản này" if user is None else "tài khoản chưa đặt mật khẩu"
    if ok:
        LIMITER.succeed(keys)
        _record("thành công", login, client, "")
        return user.account()
    left, locked = LIMITER.fail(keys, now)
    _record("thất bại", login, client, reason)
    if locked is not None:
        raise SignInRefused(f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {_minutes(locked - now)} phút, hoặc "
                            "liên hệ quản trị viên.")
    more = f" Còn {left} lần thử trước khi tên đăng nhập bị khóa {_minutes(LOCKOUT_SECONDS)} phút." if left <= 3 else ""
    raise SignInRefused("Tên đăng nhập hoặc mật khẩu không đúng." + more)


def recent(limit: int = 50) -> list[tuple[str, ...]]:
    """The last `limit` lines of the sign-in log, newest first: (time, result, name, client, reason)."""
    try:
        with open(log_path(), encoding="utf-8") as source:
            lines = deque(source, maxlen=limit)
    except OSError:
        return []
    return [tuple((line.rstrip("\n").split("\t") + [""] * 5)[:5]) for line in reversed(lines)]


NOT_GRANTED = ("Tài khoản {who} đã đăng nhập qua hệ thống định danh nhưng chưa được cấp quyền sử dụng bảng điều "
               "khiển này. Hãy liên hệ quản trị viên để được cấp quyền.")


def provider_account(subject: str | None, email: str | None, email_verified: bool = True,
                     client: str | None = None, record: bool = True) -> Account:
    """The account of someone the identity provider signed in (the accounts file names their subject or e-mail),
    or `SignInRefused` saying they have not been granted access. Logged like a password sign-in when `record`
    (once per browser session: the caller asks at every page run)."""
    who = email or subject or "?"
    user = config.find_identity(subject, email, email_verified)      # AccountsFileError for a broken file
    if user is None:
        if record:
            _record("từ chối", who, client, "đăng nhập một lần: chưa được cấp quyền")
        raise SignInRefused(NOT_GRANTED.format(who=who))
    if record:
        _record("thành công", user.login, client, f"đăng nhập một lần ({who})")
    return user.account()
