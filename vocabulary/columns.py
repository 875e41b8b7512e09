"""The canonical dossier columns: the one home of their names (DESIGN.md "The warehouse").

Every layer (loader, SQL, charts, pages) uses these names. Optional columns are NULL when a
file does not carry them; `recv_direct` / `recv_postal` are NULL unless the file splits
"Trực tiếp" and "Qua BCCI" (the official form has one column for both: `recv_offline`).
"""

PERIOD_COLUMNS = ("period_start", "period_end")
KEY_COLUMNS = ("unit_id", "linh_vuc") + PERIOD_COLUMNS

REQUIRED_COUNTS = (
    "recv_total", "recv_online", "recv_offline", "recv_carry",
    "res_total", "res_before", "res_ontime", "res_late",
    "proc_total", "proc_ontime", "proc_late",
)
OPTIONAL_COUNTS = (
    "recv_direct", "recv_postal",
    "returned_withdrawn", "awaiting_supplement",
    "recv_online_full", "recv_online_partial",
)
COUNT_COLUMNS = REQUIRED_COUNTS + OPTIONAL_COUNTS

# Column order of the `dossier_count` table after its keys.
DOSSIER_COLUMNS = ("unit_id", "linh_vuc", "period_start", "period_end") + COUNT_COLUMNS

# How each count is named to a Vietnamese reader (issue messages, tooltips, tables).
COUNT_LABELS = {
    "recv_total": "Tổng số hồ sơ nhận giải quyết",
    "recv_online": "Tiếp nhận trực tuyến",
    "recv_offline": "Tiếp nhận trực tiếp, dịch vụ bưu chính",
    "recv_direct": "Tiếp nhận trực tiếp",
    "recv_postal": "Tiếp nhận qua BCCI",
    "recv_carry": "Từ kỳ trước chuyển sang",
    "res_total": "Tổng số đã giải quyết",
    "res_before": "Giải quyết trước hạn",
    "res_ontime": "Giải quyết đúng hạn",
    "res_late": "Giải quyết quá hạn",
    "proc_total": "Tổng số đang giải quyết",
    "proc_ontime": "Đang giải quyết trong hạn",
    "proc_late": "Đang giải quyết quá hạn",
    "returned_withdrawn": "Trả lại / rút hồ sơ",
    "awaiting_supplement": "Chờ bổ sung",
    "recv_online_full": "Trực tuyến toàn trình",
    "recv_online_partial": "Trực tuyến một phần",
}
