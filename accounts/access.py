"""The check every write action makes on the server before it changes anything."""

import functools

from accounts import config
from accounts.roles import LOCAL, Account, NotAllowed, permits, refusal


def current(account: Account | None) -> Account:
    """The account as the accounts file says it is now (a role changed or an account removed since the
    user signed in counts at once). None means nobody signed in: the local account when there are no
    accounts, a refusal otherwise."""
    if account is None or account.is_local:
        if config.configured():
            raise NotAllowed("Bạn chưa đăng nhập. Hãy đăng nhập (thanh bên trái) rồi thử lại.")
        return LOCAL
    if account.kind == "system":
        return account
    try:
        found = config.users().get(account.login)
    except config.AccountsFileError as exc:
        raise NotAllowed(str(exc)) from exc
    if found is None:
        raise NotAllowed(f"Tài khoản \"{account.login}\" không còn trong danh sách tài khoản. Hãy đăng nhập lại "
                         "hoặc liên hệ quản trị viên.")
    return found.account()


def require(account: Account | None, action: str) -> Account:
    """Raise `NotAllowed` (Vietnamese message) unless `account` may do `action`; returns the account as the
    accounts file says it is now. Called inside every write, on the server, whatever the page showed."""
    now = current(account)
    if not permits(now, action):
        raise NotAllowed(refusal(now, action))
    return now


def allowed(account: Account | None, action: str) -> bool:
    """For showing or hiding a control; the write itself still calls `require`."""
    try:
        require(account, action)
    except NotAllowed:
        return False
    return True


def requires(action: str):
    """Decorate a write function so that it takes `by=<account>` and checks it first, whoever calls it."""

    def wrap(function):
        @functools.wraps(function)
        def checked(*args, by: Account | None = None, **kwargs):
            require(by, action)
            return function(*args, **kwargs)
        return checked
    return wrap
