"""The template of the unit directory kind ("units", loaders/unit_list.py): the directory as it is, to edit and load
back, with the level chosen from a list."""

from loaders import unit_list
from reports.templates import table_template

INSTRUCTIONS = [
    "Danh mục đơn vị — hướng dẫn",
    "Mỗi dòng một đơn vị của tỉnh: sở, ban, ngành; Trung tâm Phục vụ hành chính công; UBND xã, phường, đặc khu; các "
    "huyện và xã cũ (trước 01/7/2025) để giữ lịch sử.",
    "Tên đơn vị ghi đủ cấp và cơ quan như trong báo cáo: \"UBND xã Cửa Tùng\", \"UBND phường Đông Hà\", \"Trung tâm "
    "Phục vụ hành chính công tỉnh\", \"Sở Tư pháp\". Tên chỉ ghi \"xã Cửa Tùng\" sẽ bị báo lỗi.",
    "Cấp: chọn trong danh sách (Sở / ban, ngành · Trung tâm PVHCC · Xã, phường · Huyện · Tỉnh · Phòng · Đơn vị khác).",
    "Đơn vị cấp trên: cơ quan đơn vị trực thuộc (từ 01/7/2025 các xã thuộc UBND tỉnh; trước đó thuộc UBND huyện).",
    "Hiệu lực từ / đến: dd/mm/yyyy; để trống nếu không rõ hoặc còn hoạt động.",
    "Sáp nhập vào: đơn vị tiếp nhận (nhiều đơn vị cách nhau bằng dấu ;), với Ngày sáp nhập (để trống: ngày sau "
    "\"Hiệu lực đến\"). Đơn vị cũ giữ nguyên số liệu của mình.",
    "Đơn vị đã có trong danh mục được cập nhật cấp, mã và hiệu lực; đơn vị mới được thêm. Danh mục đã nạp không hoàn "
    "tác được: muốn sửa, hãy sửa tệp và nạp lại.",
]


def unit_list_template(units: list[dict]) -> bytes:
    """`units`: rows of `unit_directory` (name, level, parent_name, code, valid_from, valid_to) to pre-fill."""
    words = {code: words[0] for code, words in unit_list.LEVEL_WORDS.items()}
    rows = [{"name": u["name"], "level": words.get(u["level"], u["level"]), "parent": u.get("parent_name"),
             "code": u.get("code"), "valid_from": u.get("valid_from"), "valid_to": u.get("valid_to")} for u in units]
    return table_template("Danh mục đơn vị", "DANH MỤC ĐƠN VỊ", unit_list.COLUMNS, INSTRUCTIONS, rows=rows,
                          lists={"level": list(words.values())},
                          number_formats={"valid_from": "dd/mm/yyyy", "valid_to": "dd/mm/yyyy"})
