"""Adding, changing and removing accounts (admin only): each change checks the caller's role and writes the
accounts file at once, so it applies at every session's next click."""

import dataclasses
import unicodedata

from accounts import config
from accounts.access import require
from accounts.passwords import hash_password, password_problem
from accounts.roles import ADMIN, ROLE_LABELS, ROLES, VIEWER, Account


class UserRefused(Exception):
    """A change to the accounts that is not done; Vietnamese reason."""


def _clean(text: str | None) -> str:
    """One line of printable text (control characters would break the file or the log)."""
    return " ".join("".join(c if unicodedata.category(c)[0] != "C" else " "
                            for c in unicodedata.normalize("NFC", text or "")).split())


def _check_login(login: str) -> str:
    login = (login or "").strip().lower()
    if not config.LOGIN_PATTERN.fullmatch(login):
        raise UserRefused("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới "
                          "(2–40 ký tự), ví dụ nguyenvana.")
    return login


def _check_role(role: str, units) -> tuple[str, tuple[str, ...] | None]:
    if role not in ROLES:
        raise UserRefused(f"Vai trò \"{role}\" không hợp lệ.")
    units = tuple(u for u in (_clean(u) for u in units or ()) if u) or None
    if units is not None and role != VIEWER:
        raise UserRefused(f"Chỉ tài khoản người xem được giới hạn theo đơn vị; vai trò {ROLE_LABELS[role]} xem được "
                          "mọi đơn vị.")
    return role, units


def _keeps_an_admin(found: dict) -> None:
    if not any(u.role == ADMIN for u in found.values()):
        raise UserRefused("Phải còn ít nhất một tài khoản quản trị; nếu không sẽ không ai quản lý được tài khoản.")


def add_user(login: str, role: str, password: str, by: Account | None, display_name: str | None = None,
             units=None) -> config.User:
    require(by, "manage_users")
    login = _check_login(login)
    role, units = _check_role(role, units)
    problem = password_problem(password or "")
    if problem:
        raise UserRefused(problem)
    found = dict(config.users()) if config.configured() else {}
    if login in found:
        raise UserRefused(f"Đã có tài khoản \"{login}\".")
    user = config.User(login, _clean(display_name) or login, role, hash_password(password), units)
    found[login] = user
    config.save(found)
    return user


def update_user(login: str, by: Account | None, role: str | None = None, display_name: str | None = None,
                units=None) -> config.User:
    """Change a role, a display name or a viewer's units (`units` [] = every unit)."""
    require(by, "manage_users")
    found = dict(config.users())
    if login not in found:
        raise UserRefused(f"Không có tài khoản \"{login}\".")
    old = found[login]
    new_role, new_units = _check_role(role or old.role, old.units if units is None else units)
    found[login] = dataclasses.replace(old, display_name=_clean(display_name) or old.display_name, role=new_role,
                                       units=new_units)
    _keeps_an_admin(found)
    config.save(found)
    return found[login]


def set_password(login: str, password: str, by: Account | None) -> None:
    require(by, "manage_users")
    found = dict(config.users())
    if login not in found:
        raise UserRefused(f"Không có tài khoản \"{login}\".")
    problem = password_problem(password or "")
    if problem:
        raise UserRefused(problem)
    old = found[login]
    found[login] = dataclasses.replace(old, password=hash_password(password))
    config.save(found)


def remove_user(login: str, by: Account | None) -> None:
    now = require(by, "manage_users")
    found = dict(config.users())
    if login not in found:
        raise UserRefused(f"Không có tài khoản \"{login}\".")
    if now.login == login:
        raise UserRefused("Không thể tự xóa tài khoản đang đăng nhập.")
    del found[login]
    _keeps_an_admin(found)
    config.save(found)
