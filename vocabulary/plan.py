"""The words of a CCHC plan: its areas (I–VII), the status of a task, how a target compares ("≥ 30 %") and the
name of a target that holds for every unit."""

from vocabulary.numbers import short

NOT_STARTED, IN_PROGRESS, DONE, LATE = "not_started", "in_progress", "done", "late"
STATUS_LABELS = {NOT_STARTED: "Chưa bắt đầu", IN_PROGRESS: "Đang thực hiện", DONE: "Hoàn thành", LATE: "Trễ hạn"}
AREAS = {"I": "Công tác chỉ đạo, điều hành CCHC", "II": "Cải cách thể chế", "III": "Cải cách thủ tục hành chính",
         "IV": "Cải cách tổ chức bộ máy hành chính nhà nước", "V": "Cải cách chế độ công vụ",
         "VI": "Cải cách tài chính công", "VII": "Xây dựng và phát triển chính quyền điện tử, chính quyền số"}
ALL_UNITS = "Tất cả đơn vị"
COMPARATORS = {">=": "≥", "<=": "≤"}


def target_text(comparator, value) -> str:
    """">=", 30.0 → "≥ 30 %"."""
    return f"{COMPARATORS.get(comparator, comparator)} {short(value)}\u00a0%"
