"""Who may do what: three roles, each allowed what the one below it is, plus its own write actions.

The action names are the ones code passes to `accounts.require` (English identifiers); what the user reads
is the Vietnamese verb beside each.
"""

from dataclasses import dataclass

from vocabulary import instance

VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)                     # in order: each role may do all the earlier ones may
ROLE_LABELS = {VIEWER: "Người xem", ANALYST: "Chuyên viên", ADMIN: "Quản trị"}

# action → (least role, what the user reads). A new write action is added here, then checked where it runs.
ACTIONS = {
    "browse": (VIEWER, "xem số liệu"),
    "browse_all": (VIEWER, "xem lịch sử nạp và danh mục của mọi đơn vị"),
    "export": (VIEWER, "tải số liệu về máy"),
    "export_all": (VIEWER, "tải toàn bộ kho dữ liệu"),
    "upload": (ANALYST, "nạp dữ liệu"),
    "rollback": (ANALYST, "hoàn tác lô dữ liệu"),
    "edit_directory": (ANALYST, "sửa danh mục đơn vị và lĩnh vực"),
    "edit_task_status": (ANALYST, "cập nhật trạng thái nhiệm vụ"),
    "edit_targets": (ADMIN, "sửa mục tiêu kế hoạch"),
    "manage_users": (ADMIN, "quản lý tài khoản"),
    "manage_alerts": (ADMIN, "quản lý cảnh báo và bản tin"),
    "backup": (ADMIN, "tạo bản sao lưu"),
    "restore": (ADMIN, "khôi phục từ bản sao lưu"),
    "remove_demo": (ADMIN, "xóa dữ liệu minh họa"),
    "edit_settings": (ADMIN, "đổi cấu hình hệ thống (tỉnh theo dõi)"),
}
# Actions that hand out every unit's rows: refused to an account that may only see some units.
UNSCOPED_ONLY = frozenset({"browse_all", "export_all"})
# What a reader instance (a read-only snapshot, vocabulary/instance.py) lets anyone do, whatever the role: every
# write belongs to the writer, so its controls are hidden there (they ask `allowed`) and refused if called.
READER_ACTIONS = frozenset({"browse", "browse_all", "export", "export_all"})

LOCAL_NAME = "người dùng cục bộ"


class NotAllowed(PermissionError):
    """An action refused to an account (or to nobody signed in); the message is Vietnamese and says why."""


@dataclass(frozen=True)
class Account:
    login: str                              # the name typed to sign in ("" for the local and system accounts)
    display_name: str                       # what the load history records as `loaded_by`
    role: str
    units: tuple[str, ...] | None = None    # unit names a viewer is limited to; None = every unit
    kind: str = "file"                      # file (the accounts file) | local (no accounts) | system (command line)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_scoped(self) -> bool:
        return self.units is not None

    @property
    def is_local(self) -> bool:
        return self.kind == "local"


LOCAL = Account("", LOCAL_NAME, ADMIN, None, kind="local")


def system_account(who: str) -> Account:
    """The account of a command run on the server itself (loads, backups): whoever can run it owns the files."""
    return Account("", f"dòng lệnh ({who})", ADMIN, None, kind="system")


def permits(account: Account, action: str) -> bool:
    """Whether the role (and scope) of `account` allows `action`; no file is read."""
    least, _ = _action(action)
    if ROLES.index(account.role) < ROLES.index(least):
        return False
    if action not in READER_ACTIONS and instance.is_reader():
        return False
    return not (action in UNSCOPED_ONLY and account.is_scoped)


def refusal(account: Account, action: str) -> str:
    """The sentence that says why `account` may not do `action`."""
    least, verb = _action(action)
    if action not in READER_ACTIONS and instance.is_reader() and ROLES.index(account.role) >= ROLES.index(least):
        where = f" ({instance.writer_url()})" if instance.writer_url() else ""
        return (f"Địa chỉ này chỉ để xem số liệu đã công bố, nên không {verb} được. Việc {verb} làm ở địa chỉ "
                f"quản trị{where}.")
    if action in UNSCOPED_ONLY and account.is_scoped and ROLES.index(account.role) >= ROLES.index(least):
        return (f"Tài khoản \"{account.display_name}\" chỉ được xem số liệu của {', '.join(account.units)}, "
                f"nên không được {verb}. Hãy liên hệ quản trị viên nếu cần.")
    allowed = " hoặc ".join(ROLE_LABELS[r] for r in ROLES[ROLES.index(least):])
    return (f"Tài khoản \"{account.display_name}\" (vai trò {account.role_label}) không được phép {verb}. "
            f"Việc này cần vai trò {allowed}; hãy liên hệ quản trị viên.")


def _action(action: str) -> tuple[str, str]:
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None
