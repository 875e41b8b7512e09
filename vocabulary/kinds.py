"""The kinds of file the warehouse takes, by code, with the name an analyst reads on the upload page and in
messages. Which module reads each kind is the loaders' business (loaders/kinds.py)."""

DOSSIERS = "dossiers"

# In the order a file is tried (loaders/kinds.py registers the readers in this order).
LABELS = {
    DOSSIERS: "Báo cáo hồ sơ TTHC (Biểu 06)",
    "scores": "Điểm chỉ số",
    "kpis": "Số liệu KPI",
    "targets": "Chỉ tiêu kế hoạch",
    "plan_tasks": "Nhiệm vụ kế hoạch",
    "working_days": "Điều chỉnh ngày làm việc",
    "units": "Danh mục đơn vị",
    "dossier_list": "Danh sách hồ sơ TTHC (hệ thống một cửa)",
}
