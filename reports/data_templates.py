"""Upload templates of the dossier-level kinds: a dossier list ("dossier_list") and working-day overrides
("working_days"), written with reports.templates.table_template so that the kinds' own readers read them back
(the headers are the first accepted text of each loaders column; tests/test_data_templates.py loads them)."""

from dataclasses import replace

from loaders import dossier_list_fields as fields
from loaders import working_day_overrides
from reports.templates import table_template
from vocabulary.dossier_list import CHANNEL_LABELS, STATUS_LABELS

# The columns a one-stop system's export has and Biểu 06 and the 766 indicators need; the others stay readable
# from a vendor's export but would only crowd a form typed by hand.
DOSSIER_FIELDS = ("code", "unit", "procedure_code", "procedure_name", "linh_vuc", "channel", "received_at", "due_at",
                  "ended_at", "status", "statutory_days", "supplement_count")
NEEDED = ("code", "received_at", "status")
WORKING = ("có", "không")
DATE_FORMAT = "dd/mm/yyyy"


def dossier_list_template(units: list[str], linh_vuc: list[str]) -> bytes:
    """A dossier list to fill by hand (or to paste an export into), with drop-downs for unit, lĩnh vực, channel
    and status. Nothing personal: the form has no column for the applicant, and such columns are dropped."""
    # "*" (table_template) marks the values a dossier must have; the reader itself judges the rest row by row
    columns = [replace(c, blank_ok=c.name not in NEEDED) for name in DOSSIER_FIELDS for c in fields.COLUMNS
               if c.name == name]
    lines = [
        "HƯỚNG DẪN NHẬP DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH",
        "",
        "1. Mỗi dòng một hồ sơ. Cột có dấu * là bắt buộc: \"Mã hồ sơ\", \"Ngày tiếp nhận\", \"Trạng thái\". Một hồ sơ "
        "được nhận biết bằng mã hồ sơ trong đơn vị tiếp nhận: nạp lại danh sách mới hơn sẽ thay bản ghi cũ của cùng hồ sơ.",
        "2. Có thể dán thẳng danh sách xuất từ hệ thống một cửa vào trang \"Hồ sơ\" (giữ dòng tiêu đề), hoặc tải lên "
        "nguyên tệp xuất (.xlsx, .csv, .json đồng bộ DongBoHoSoMC): cột được nhận ra theo tên, không theo vị trí.",
        "3. Ngày ghi dd/mm/yyyy (có thể kèm giờ: dd/mm/yyyy hh:mm). \"Ngày hẹn trả\" để trống nếu hồ sơ không có hạn; "
        "\"Ngày kết thúc xử lý\" bắt buộc với hồ sơ đã xử lý xong, đã trả kết quả hoặc đã rút.",
        "4. \"Trạng thái\": " + "; ".join(f"{code} – {label}" for code, label in STATUS_LABELS.items())
        + " (ghi số hoặc chữ). \"Hình thức nộp\": " + ", ".join(CHANNEL_LABELS.values())
        + " (để trống được tính là trực tiếp).",
        "5. Không nhập thông tin cá nhân của người nộp (họ tên, số giấy tờ, điện thoại, e-mail, địa chỉ, trích yếu): "
        "các cột đó nếu có sẽ bị bỏ qua khi đọc và không bao giờ được lưu.",
        "6. \"Thời hạn giải quyết (ngày)\" (ngày làm việc theo quy định của thủ tục) và \"Số lần yêu cầu bổ sung\" "
        "không bắt buộc; dùng cho chỉ số 766 khi hồ sơ không có ngày hẹn trả hoặc phải bổ sung nhiều lần.",
    ]
    return table_template("Hồ sơ", "DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH", columns, lines,
                          lists={"unit": units, "linh_vuc": linh_vuc,
                                 "channel": list(CHANNEL_LABELS.values()),
                                 "status": list(STATUS_LABELS.values())},
                          number_formats={c: DATE_FORMAT for c in ("received_at", "due_at", "ended_at")})


def working_days_template(overrides: list[dict]) -> bytes:
    """The working-day corrections in force (working_day_overrides), to edit and load back."""
    lines = [
        "HƯỚNG DẪN ĐIỀU CHỈNH NGÀY LÀM VIỆC",
        "",
        "1. Lịch ngày làm việc lấy từ lịch Việt Nam của gói holidays (nghỉ Tết, lễ, nghỉ bù, ngày làm bù). Bảng này "
        "ghi những ngày lịch đó chưa đúng hoặc tỉnh quyết định khác: mỗi dòng một ngày.",
        "2. \"Ngày\": dd/mm/yyyy. \"Làm việc\": \"có\" (ngày làm việc, kể cả thứ Bảy làm bù) hoặc \"không\" (ngày nghỉ).",
        "3. \"Ghi chú\" và \"Nguồn\" (văn bản, thông báo) không bắt buộc nhưng nên ghi để người sau kiểm tra.",
        "4. Các dòng có sẵn là các điều chỉnh đang áp dụng. Bảng nạp sau cùng quyết định cho mỗi ngày nó ghi; hoàn tác "
        "ở trang \"Quản lý dữ liệu\" trả lại điều chỉnh trước đó.",
        "5. Lịch chỉ dùng để tính số ngày làm việc (thời gian xử lý, \"sắp đến hạn\", chỉ số 766 khi thiếu ngày hẹn "
        "trả); ngày hẹn trả ghi trong danh sách hồ sơ không bị tính lại.",
    ]
    rows = [{"day": o["day"], "working": WORKING[0] if o["is_working"] else WORKING[1], "note": o.get("note"),
             "source": o.get("source")} for o in overrides]
    return table_template("Ngày làm việc", "ĐIỀU CHỈNH NGÀY LÀM VIỆC", working_day_overrides.COLUMNS, lines,
                          rows=rows, lists={"working": list(WORKING)}, number_formats={"day": DATE_FORMAT})
