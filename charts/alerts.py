"""Tables of the "Cảnh báo & bản tin" page: the alert rules and the send log, with Vietnamese headers.

Builders only: a query's frame in, a table out; dates as 07/12/2026 08:30, "—" where a value is missing.
"""

import pandas as pd

from charts.format import table_style
from vocabulary.dates import moment
from vocabulary.numbers import DASH, missing, number
from vocabulary.alerts import KINDS

RULE_COLUMNS = ["Số", "Tên quy tắc", "Cảnh báo khi", "Ngưỡng", "Đơn vị theo dõi", "Người nhận", "Trạng thái"]
LOG_COLUMNS = ["Kết quả", "Kỳ", "Người nhận", "Kênh", "Số lần thử", "Lần thử cuối", "Thử lại lúc", "Lỗi", "Tiêu đề"]
STATUS = {"sent": "Đã gửi", "failed": "Thất bại"}
CHANNELS = {"email": "E-mail", "webhook": "Webhook (chat)"}


def threshold_text(kind: str, value) -> str:
    """"98 %", "10 hồ sơ", "5 ngày", or "mục tiêu năm" for the kinds that compare with the year's target."""
    if kind not in KINDS or KINDS[kind].threshold is None or missing(value):
        return "mục tiêu năm"
    unit = {"Ngưỡng (%)": " %", "Số hồ sơ": " hồ sơ"}.get(KINDS[kind].threshold, " ngày")
    return number(value, 0 if float(value).is_integer() else 2) + unit


def rules_table(rules: pd.DataFrame):
    rows = [[int(r.rule_id), r.name, KINDS[r.kind].label if r.kind in KINDS else r.kind,
             threshold_text(r.kind, r.threshold), r.unit_names if not missing(r.unit_names) else "Tất cả đơn vị",
             ", ".join(r.recipients), "Đang bật" if r.active else "Đã tắt"] for r in rules.itertuples()]
    return table_style(pd.DataFrame(rows, columns=RULE_COLUMNS), ids=("Số",))


def rule_choice(rules: pd.DataFrame) -> dict[int, str]:
    return {int(r.rule_id): f"{int(r.rule_id)} · {r.name} ({'đang bật' if r.active else 'đã tắt'})"
            for r in rules.itertuples()}


def log_table(log: pd.DataFrame):
    rows = [[STATUS.get(r.status, r.status), r.period_label, r.recipient, CHANNELS.get(r.channel, r.channel),
             int(r.attempts), moment(r.last_at), moment(r.next_at), DASH if missing(r.last_error) else r.last_error,
             r.subject] for r in log.itertuples()]
    return table_style(pd.DataFrame(rows, columns=LOG_COLUMNS), counts=["Số lần thử"])


def failed_count(log: pd.DataFrame) -> int:
    return int((log["status"] == "failed").sum())
