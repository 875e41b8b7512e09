"""Accounts, roles and sign-in (issue 8): who may do what, enforced on the server inside every write.

    accounts.require(account, "rollback")    # raises accounts.NotAllowed with a Vietnamese message
    accounts.allowed(account, "upload")      # True / False, to show or hide a control

`dashboard.current_account()` gives the signed-in account of a browser session; the command line acts as
`accounts.system_account(user)`. With an identity provider configured (single sign-on), people sign in there
and `accounts.provider_account` finds their entry by subject or e-mail. With neither an accounts file nor a
provider the dashboard runs in local mode: one user
(`accounts.LOCAL`) with every role.
"""

from accounts.access import allowed, current, require, requires
from accounts.config import AccountsFileError, configured, provider_configured
from accounts.roles import (ACTIONS, ADMIN, ANALYST, LOCAL, LOCAL_NAME, ROLE_LABELS, ROLES, UNSCOPED_ONLY, VIEWER,
                            Account, NotAllowed, system_account)

_SIGNIN = ("SignInRefused", "provider_account", "sign_in")


def __getattr__(name):
    # sign-in (logging, hashing, the clock) is imported at its first use: the command line and the loaders only
    # check roles, and every millisecond of their start counts (issue 13 §4)
    if name in _SIGNIN:
        from accounts import signin

        return getattr(signin, name)
    raise AttributeError(f"module 'accounts' has no attribute {name!r}")

__all__ = ["ACTIONS", "ADMIN", "ANALYST", "LOCAL", "LOCAL_NAME", "ROLE_LABELS", "ROLES", "UNSCOPED_ONLY", "VIEWER",
           "Account", "AccountsFileError", "NotAllowed", "SignInRefused", "allowed", "configured", "current",
           "provider_account", "provider_configured", "require", "requires", "sign_in", "system_account"]
