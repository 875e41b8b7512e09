"""Workbooks for the reform plan: KPI values, targets and the plan's task list, each in the layout its
loader reads (loaders/kpis.py, loaders/targets.py, loaders/plan_tasks.py), with drop-down lists and an
instructions sheet. Downloaded and filled in, each loads back with no error; rows left as pre-filled
(keys only) are skipped.
"""

from loaders import kpis, plan_tasks, targets
from reports.templates import table_template
from vocabulary.periods import KIND_CHOICES, ROMAN
from vocabulary.plan import AREAS, COMPARATORS, STATUS_LABELS

# The periods a KPI value is reported for, as loaders.periods.parse_label reads them back.
PERIOD_CHOICES = [*(f"Quý {ROMAN[q]}" for q in range(1, 5)), "6 tháng đầu năm", KIND_CHOICES["nine_months"], KIND_CHOICES["year"]]


def kpi_template(catalogue: list[dict], units: list[str], year: int, period: str = "Năm") -> bytes:
    """One row per unit × reported KPI for `period` of `year`, values to fill. `catalogue`: rows of query
    kpi_catalogue (dicts)."""
    reported = [k for k in catalogue if k["source"] == "kpi_value"]
    rows = [{"kpi": k["short_name"], "unit": unit, "year": year, "period": period}
            for unit in units for k in reported]
    lines = [
        f"HƯỚNG DẪN NHẬP SỐ LIỆU KPI NĂM {year}",
        "",
        "1. Mỗi dòng là một chỉ tiêu của một đơn vị trong một kỳ. Cột \"Kỳ\": Quý I … Quý IV, 6 tháng đầu năm, "
        "9 tháng, Năm, Tháng 1 … Tháng 12, hoặc khoảng ngày \"15/12/2024-14/3/2025\".",
        "2. Ghi tử số và mẫu số (số nguyên ≥ 0, tử số không lớn hơn mẫu số). Bảng điều khiển tự tính tỷ lệ; "
        "khi cộng nhiều đơn vị hoặc nhiều kỳ, cộng tử số và mẫu số rồi mới chia.",
        "3. Chỉ khi đơn vị chỉ báo cáo tỷ lệ (không có số đếm): để trống tử số, mẫu số và ghi \"Tỷ lệ báo cáo (%)\". "
        "Tỷ lệ này được giữ nguyên, không cộng gộp với đơn vị khác.",
        "4. Chỉ tiêu TTHC cung cấp trực tuyến: ghi \"Mức độ DVCTT\" đúng như báo cáo (\"toàn trình\", \"một phần\", "
        "hoặc \"mức độ 3\" / \"mức độ 4\" trước NĐ 42/2022 — sẽ được quy đổi gần đúng và đánh dấu).",
        "5. Dòng để trống số liệu được bỏ qua khi nạp. Nạp tệp ở trang \"Nạp dữ liệu\".",
        "",
        "CÁC CHỈ TIÊU (tên ngắn — tử số / mẫu số, đơn vị tính):",
    ] + [f"• {k['short_name']}: {k['numerator_label']} / {k['denominator_label']} ({k['work_unit']})" for k in reported]
    return table_template("Số liệu KPI", f"SỐ LIỆU CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM {year}", kpis.COLUMNS, lines,
                          rows=rows, lists={"kpi": [k["short_name"] for k in reported], "unit": units,
                                            "period": PERIOD_CHOICES, "service_level": ["toàn trình", "một phần",
                                                                                        "mức độ 3", "mức độ 4"]})


def targets_template(current: list[dict], catalogue: list[dict], units: list[str], year: int) -> bytes:
    """The targets in force for `year` (rows of query target_list), to change or extend."""
    rows = [{"kpi": t["short_name"], "unit": t["unit_name"] or None, "year": year,
             "comparator": COMPARATORS[t["comparator"]], "value": t["value"],
             "source_document": t["source_document"], "note": t["note"]} for t in current]
    lines = [
        f"HƯỚNG DẪN NHẬP CHỈ TIÊU KẾ HOẠCH NĂM {year}",
        "",
        "1. Mỗi dòng là mục tiêu của một chỉ tiêu trong một năm. Để trống cột \"Đơn vị\" nếu mục tiêu áp dụng cho "
        "tất cả đơn vị; ghi tên đơn vị nếu là mục tiêu riêng (mục tiêu riêng được ưu tiên).",
        "2. \"So sánh\": ≥ (đạt khi bằng hoặc cao hơn mục tiêu) hoặc ≤ (đạt khi bằng hoặc thấp hơn). "
        "\"Mục tiêu (%)\": tỷ lệ phần trăm 0–100.",
        "3. \"Văn bản giao chỉ tiêu\": số, ngày của kế hoạch hoặc văn bản đặt ra mục tiêu.",
        "4. Các dòng có sẵn là mục tiêu đang áp dụng; sửa, thêm rồi nạp ở trang \"Nạp dữ liệu\". Mục tiêu cũ vẫn "
        "được lưu trong lịch sử và có thể hoàn tác.",
    ]
    return table_template("Chỉ tiêu", f"CHỈ TIÊU KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}", targets.COLUMNS, lines,
                          rows=rows, number_formats={"value": "0.##"},
                          lists={"kpi": [k["short_name"] for k in catalogue], "unit": units,
                                 "comparator": list(COMPARATORS.values())})


def plan_tasks_template(owner: str, year: int, units: list[str]) -> bytes:
    """A task list for the plan of `owner` for `year`: one area row per area I–VII to write tasks under."""
    rows = [{"plan_year": year, "owner": owner, "area_code": code, "area": name} for code, name in AREAS.items()]
    lines = [
        f"HƯỚNG DẪN NHẬP NHIỆM VỤ KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        "",
        "1. Các dòng có sẵn là 7 lĩnh vực (mục I … VII). Thêm mỗi nhiệm vụ một dòng dưới lĩnh vực của nó, ghi lại "
        "\"Năm kế hoạch\", \"Đơn vị ban hành kế hoạch\" và số La Mã của lĩnh vực ở cột \"Mục\".",
        "2. \"Hiện tại\" / \"Yêu cầu\": mức độ hoàn thành như kế hoạch ghi (ví dụ \"Có 42/56 tài khoản Hộp thư công "
        "vụ hoạt động (chiếm 75%)\" → \"Đảm bảo 100% tài khoản hoạt động\").",
        "3. \"Thời gian hoàn thành\": \"Tháng 10/2025\", \"Quý IV/2025\", \"31/12/2025\" hoặc \"Từ nay đến cuối năm 2025\". "
        "Nhiệm vụ chưa hoàn thành khi đã quá thời hạn được tính là trễ hạn.",
        "4. \"Trạng thái\" (không bắt buộc): " + ", ".join(STATUS_LABELS.values())
        + ". Cán bộ theo dõi có thể cập nhật trạng thái trên trang \"Mục tiêu & kế hoạch\".",
        "5. Nạp lại kế hoạch của cùng đơn vị và năm sẽ thay thế bản trước; trạng thái đã cập nhật được giữ theo mã "
        "nhiệm vụ (mục và thứ tự trong mục, ví dụ VII.3).",
    ]
    return table_template("Nhiệm vụ", f"NHIỆM VỤ KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}", plan_tasks.COLUMNS,
                          lines, rows=rows,
                          lists={"area_code": list(AREAS), "owner": units, "lead_unit": units,
                                 "status": list(STATUS_LABELS.values())})
