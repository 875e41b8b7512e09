"""Tables of the "Tài khoản" page: the accounts and the sign-in log, with Vietnamese headers."""

import pandas as pd

from accounts.roles import ROLE_LABELS
from vocabulary.numbers import DASH

USER_COLUMNS = ["Tên đăng nhập", "Họ tên", "Vai trò", "Chỉ xem đơn vị", "Mật khẩu"]
SIGN_IN_COLUMNS = ["Thời điểm", "Kết quả", "Tên đăng nhập", "Địa chỉ máy", "Ghi chú"]


def users_table(users: dict) -> pd.DataFrame:
    """One line per account (accounts.config.User), in the file's order; never the password hash."""
    rows = [[u.login, u.display_name, ROLE_LABELS.get(u.role, u.role),
             ", ".join(u.units) if u.units else "tất cả đơn vị",
             "đã đặt" if u.password else "CHƯA ĐẶT (chưa đăng nhập được)"] for u in users.values()]
    return pd.DataFrame(rows, columns=USER_COLUMNS)


def sign_in_table(lines: list[tuple[str, ...]]) -> pd.DataFrame:
    """The sign-in log (accounts.signin.recent), newest first; "-" and "" shown as "—"."""
    rows = [[value if value not in ("", "-") else DASH for value in line] for line in lines]
    return pd.DataFrame(rows, columns=SIGN_IN_COLUMNS)


def role_options() -> dict[str, str]:
    return dict(ROLE_LABELS)
