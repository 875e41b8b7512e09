"""The accounts file: who may sign in, with which role and, for a viewer, which units.

TOML, at `$CCHC_ACCOUNTS` or `data/accounts.toml` (see `accounts.toml.example` at the top of the repository):

    [users.nguyenvana]
    display_name = "Nguyễn Văn A"
    role = "analyst"                    # viewer | analyst | admin
    password = "scrypt$16384$8$1$…"     # set with: python -m accounts password nguyenvana
    units = ["Sở Tư pháp"]              # viewers only, optional: the units this account sees
    email = "nguyenvana@quangtri.gov.vn"  # single sign-on, optional: the identity provider's e-mail …
    subject = "2f6c0e…"                 # … or its subject ("sub" claim), which never changes

With an identity provider (an `[auth]` section in Streamlit's secrets, `provider_configured`), people sign in
there and the account is the entry whose `subject`, else whose `email`, the provider vouches for
(`find_identity`); someone the file does not name has no access. No file and no provider → local mode (one
user with every role). A file that exists but cannot be read does NOT fall
back to local mode: nobody can sign in until it is fixed (`AccountsFileError` says what is wrong), so a
typo never opens the dashboard to everyone.

The file is read again whenever it changes (its modification time and size), so a role changed or an
account removed takes effect at the user's next click, without restarting the dashboard.
"""

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from accounts.roles import ROLE_LABELS, ROLES, VIEWER, Account

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "data" / "accounts.toml"
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")


class AccountsFileError(Exception):
    """The accounts file exists but is not usable; Vietnamese message naming the file and the problem."""


@dataclass(frozen=True)
class User:
    login: str
    display_name: str
    role: str
    password: str | None = None             # the stored hash
    units: tuple[str, ...] | None = None
    email: str | None = None                # single sign-on: matched without regard to case
    subject: str | None = None              # single sign-on: the provider's "sub", matched exactly

    def account(self) -> Account:
        return Account(self.login, self.display_name, self.role, self.units)


def path() -> Path:
    return Path(os.environ.get("CCHC_ACCOUNTS") or DEFAULT_PATH)


def provider_configured() -> bool:
    """Whether people sign in through an identity provider (OIDC, Streamlit's `st.login`): an `[auth]` section in
    Streamlit's secrets (`.streamlit/secrets.toml`, or the files of its `secrets.files` option)."""
    import streamlit as st      # here, not at the top: the command line reads accounts without Streamlit

    try:
        return "auth" in st.secrets
    except FileNotFoundError:   # no secrets file at all
        return False


def configured() -> bool:
    """Accounts are on when the file exists (even a broken one: then nobody gets in until it is fixed) or an
    identity provider is configured (then, without a file, nobody has access)."""
    return path().exists() or provider_configured()


def find_identity(subject: str | None, email: str | None, email_verified: bool = True) -> User | None:
    """The account of someone the identity provider signed in: the entry with their `subject`, else with their
    `email` — unless the provider says the e-mail is not verified. None: the file does not name them."""
    found = users().values()
    if subject:
        for user in found:
            if user.subject == subject:
                return user
    if email and email_verified:
        wanted = email.strip().lower()
        for user in found:
            if user.email is not None and user.email.lower() == wanted:
                return user
    return None


_cache: dict = {}
_lock = threading.Lock()


def users() -> dict[str, User]:
    """login → User, from the file as it is now. Raises AccountsFileError for a broken file."""
    file = path()
    try:
        stat = file.stat()
    except FileNotFoundError:
        return {}
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if _cache.get("key") != key:
            _cache["users"] = _parse(file)
            _cache["key"] = key
        return _cache["users"]


def _parse(file: Path) -> dict[str, User]:
    import tomllib   # only when an accounts file exists: the command line without one does not pay for it

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise AccountsFileError(f"Không đọc được tệp tài khoản {file}: {exc}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise AccountsFileError(f"Tệp tài khoản {file} sai cú pháp TOML ({exc}). Hãy sửa tệp; trong lúc đó không "
                                "ai đăng nhập được.") from exc
    table = data.get("users", {})
    if not isinstance(table, dict):
        raise AccountsFileError(f"Tệp tài khoản {file}: mục [users] phải là một bảng các tài khoản.")
    found = {}
    for login, entry in table.items():
        where = f"Tệp tài khoản {file}, tài khoản \"{login}\""
        if not LOGIN_PATTERN.fullmatch(login):
            raise AccountsFileError(f"{where}: tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch "
                                    "ngang, gạch dưới (2–40 ký tự).")
        if not isinstance(entry, dict):
            raise AccountsFileError(f"{where}: phải là một bảng [users.{login}].")
        role = entry.get("role")
        if role not in ROLES:
            raise AccountsFileError(f"{where}: vai trò \"{role}\" không hợp lệ; dùng viewer (người xem), analyst "
                                    "(chuyên viên) hoặc admin (quản trị).")
        units = entry.get("units")
        if units is not None:
            if not isinstance(units, list) or not all(isinstance(u, str) and u.strip() for u in units) or not units:
                raise AccountsFileError(f"{where}: units phải là danh sách tên đơn vị, ví dụ units = [\"Sở Tư pháp\"].")
            if role != VIEWER:
                raise AccountsFileError(f"{where}: chỉ tài khoản người xem (viewer) được giới hạn theo đơn vị; "
                                        f"vai trò {ROLE_LABELS[role]} xem được mọi đơn vị.")
            units = tuple(u.strip() for u in units)
        password = entry.get("password")
        if password is not None and not isinstance(password, str):
            raise AccountsFileError(f"{where}: password phải là chuỗi mã băm do lệnh python -m accounts password tạo.")
        identity = {}
        for key, example in (("email", "nguyenvana@quangtri.gov.vn"), ("subject", "2f6c0e5a-…")):
            value = entry.get(key)
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip() or (key == "email" and "@" not in value):
                raise AccountsFileError(f"{where}: {key} phải là một chuỗi, ví dụ {key} = \"{example}\".")
            identity[key] = value.strip()
        display = entry.get("display_name") or login
        found[login] = User(login, str(display), role, password or None, units, **identity)
    _identities_unique(file, found)
    return found


def _identities_unique(file: Path, found: dict[str, User]) -> None:
    """One person, one account: an e-mail or subject named twice would let the file's order decide the role."""
    for key in ("email", "subject"):
        seen: dict[str, str] = {}
        for user in found.values():
            value = getattr(user, key)
            if value is None:
                continue
            value = value.lower() if key == "email" else value
            if value in seen:
                raise AccountsFileError(f"Tệp tài khoản {file}: {key} \"{getattr(user, key)}\" ghi cho cả hai tài "
                                        f"khoản \"{seen[value]}\" và \"{user.login}\"; mỗi người chỉ một tài khoản.")
            seen[value] = user.login


def save(found: dict[str, User]) -> None:
    """Write the accounts (atomically: a temporary file renamed over the old one; readable by the owner only)."""
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Tài khoản của bảng điều khiển CCHC (xem docs/operations.md: \"Tài khoản và vai trò\").",
             "# Mật khẩu chỉ lưu dạng mã băm; đặt bằng: python -m accounts password TÊN_ĐĂNG_NHẬP", ""]
    for user in found.values():
        lines.append(f"[users.{_quoted(user.login)}]")
        lines.append(f"display_name = {_quoted(user.display_name)}")
        lines.append(f"role = {_quoted(user.role)}")
        if user.password:
            lines.append(f"password = {_quoted(user.password)}")
        if user.units is not None:
            lines.append("units = [" + ", ".join(_quoted(u) for u in user.units) + "]")
        if user.email is not None:
            lines.append(f"email = {_quoted(user.email)}")
        if user.subject is not None:
            lines.append(f"subject = {_quoted(user.subject)}")
        lines.append("")
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(lines))
        os.chmod(temporary, 0o600)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _quoted(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset of TOML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)
