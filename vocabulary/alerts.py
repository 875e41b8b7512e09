"""The kinds of alert rule an admin can set, with what each one's threshold means and its default."""

from dataclasses import dataclass

from vocabulary.thresholds import ON_TIME_GOOD

ON_TIME_BELOW, ONLINE_BELOW_TARGET, OVERDUE_ABOVE = "on_time_below", "online_below_target", "overdue_pending_above"
NOT_REPORTED, TASKS_DUE, KPI_BELOW_TARGET = "not_reported", "tasks_due", "kpi_below_target"


@dataclass(frozen=True)
class Kind:
    label: str                  # what the admin picks
    threshold: str | None       # what the threshold means (None: the kind has none)
    default: float | None


KINDS = {
    ON_TIME_BELOW: Kind("Tỷ lệ giải quyết trước và đúng hạn dưới ngưỡng", "Ngưỡng (%)", ON_TIME_GOOD),
    ONLINE_BELOW_TARGET: Kind("Tỷ lệ tiếp nhận trực tuyến dưới mục tiêu năm", None, None),
    OVERDUE_ABOVE: Kind("Hồ sơ đang giải quyết quá hạn cuối kỳ vượt ngưỡng", "Số hồ sơ", 10.0),
    NOT_REPORTED: Kind("Đơn vị chưa gửi báo cáo sau khi hết kỳ", "Số ngày sau cuối kỳ", 5.0),
    TASKS_DUE: Kind("Nhiệm vụ kế hoạch quá hạn hoặc sắp đến hạn", "Số ngày tới hạn", 15.0),
    KPI_BELOW_TARGET: Kind("Chỉ tiêu kế hoạch chưa đạt mục tiêu", None, None),
}
