#!/usr/bin/env python3
"""Generate the reform-plan demo workbooks in ``data/sample/ke_hoach/`` (DỮ LIỆU MINH HỌA).

* ``so_lieu_kpi_<year>.xlsx`` (2021–2025): the operational KPIs of the demo departments, in the KPI
  template's layout — quarterly counts for flows (BCCI receipt and return, digitisation, e-results,
  online payment, e-documents, digital signatures, one-stop ratings), quarterly stocks (mailbox
  accounts, TTHC offered online: "mức độ 3 / 4" until mid-2022, then "toàn trình / một phần"), and the
  yearly inspection of the departments' own units. Denominators that count dossiers are taken from the
  demo Biểu 06 workbooks of the same department and quarter (new receipts, resolved), so the KPIs and
  the dossier pages tell one story. One department reports only a percentage for one KPI (kept as
  reported, never rolled up).
* ``chi_tieu_2025.xlsx``: a few department-specific 2025 targets (the defaults come from the real
  provinces' published reform plans, seeded by migration 008).
* ``ke_hoach_cchc_2025.xlsx``, ``ke_hoach_cchc_2026.xlsx``: the province's yearly reform plan task lists
  (areas I–VII, tasks worded after the provinces' published reform plans), lead units = the departments.

The trajectories follow the plans' own starting points (mailbox 42/56 = 75 %, BCCI receipt 0 %, return
6,7 %, digitisation 0 % in 2021) and improve towards the 2025 targets, some departments falling short.
Every number is invented with a fixed seed; the output is reproducible.

    .venv/bin/python data/sample/generate_plan.py
"""
from __future__ import annotations

import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from loaders import kpis, plan_tasks, targets  # noqa: E402
from loaders.pipeline import inspect_file  # noqa: E402
from vocabulary.periods import ROMAN  # noqa: E402
from loaders.units import display_name  # noqa: E402
from reports.templates import table_template  # noqa: E402

OUT = HERE / "ke_hoach"
SEED = 2026
DEMO = "DỮ LIỆU MINH HỌA — số liệu giả lập"
PROVINCE_PLAN_OWNER = "UBND tỉnh Quảng Trị"
YEARS = range(2021, 2026)


def dossier_quarters() -> dict[tuple[str, int, int], dict]:
    """(unit, year, quarter) → new receipts and resolved dossiers, from the demo Biểu 06 workbooks."""
    found = {}
    for path in sorted(HERE.glob("20*/bieu06_*.xlsx")):
        report = inspect_file(None, path.name, path.read_bytes())
        sheet = report.sheets[0]
        counts = [r["counts"] for r in sheet.rows]
        found[(display_name(sheet.reporting_unit), sheet.period.year, sheet.period.quarter)] = {
            "new": sum(c["recv_online"] + c["recv_offline"] for c in counts),
            "resolved": sum(c["res_total"] for c in counts)}
    return found


def ramp(year: int, quarter: int, start: float, end: float, lag: float = 0.0) -> float:
    """A share moving from `start` (Q1 2021) to `end` (Q4 2025); `lag` quarters of delay for laggards."""
    t = max(0.0, ((year - 2021) * 4 + quarter - 1 - lag) / 19)
    return start + (end - start) * min(1.0, t)


def share(rng: random.Random, n: int, p: float) -> int:
    p = min(max(p + rng.uniform(-0.015, 0.015), 0.0), 1.0)
    return min(n, max(0, round(n * p)))


# Per department: how far behind it runs (quarters) and its size in accounts, TTHC and own units.
PROFILE = {
    "Sở Nội vụ": (1, 64, 96, 8), "Sở Lao động - Thương binh và Xã hội": (3, 58, 120, 9),
    "Sở Tư pháp": (0, 52, 136, 7), "Sở Kế hoạch và Đầu tư": (1, 48, 118, 6), "Sở Tài chính": (2, 60, 92, 7),
    "Sở Tài nguyên và Môi trường": (5, 72, 110, 10), "Sở Nông nghiệp và Phát triển nông thôn": (4, 86, 124, 12),
    "Sở Thông tin và Truyền thông": (0, 40, 58, 5), "Sở Khoa học và Công nghệ": (2, 56, 58, 6),
    "Sở Y tế": (3, 78, 142, 11), "Sở Nông nghiệp và Môi trường": (5, 150, 226, 18),
}


def kpi_rows(year: int, dossiers: dict, rng: random.Random) -> list[dict]:
    rows = []
    units = sorted({u for (u, y, _) in dossiers if y == year})
    for unit in units:
        lag, accounts, tthc, own_units = PROFILE[unit]
        for quarter in (1, 2, 3, 4):
            d = dossiers.get((unit, year, quarter))
            if d is None:
                continue
            period = f"Quý {ROMAN[quarter]}"

            def add(kpi, num, den, level=None, pct=None, note=None):
                rows.append({"kpi": kpi, "unit": unit, "year": year, "period": period, "numerator": num,
                             "denominator": den, "reported_pct": pct, "service_level": level, "note": note})

            new, resolved = d["new"], d["resolved"]
            issued = accounts + (year - 2021) * 2
            if unit == "Sở Khoa học và Công nghệ" and year == 2021:
                issued = 56            # the real 2021 appendix: 42 of 56 accounts active
            active = share(rng, issued, ramp(year, quarter, 0.75, 0.99, lag))
            add("Hộp thư công vụ", active, issued)
            add("Tiếp nhận qua BCCI", share(rng, new, ramp(year, quarter, 0.0, 0.125, lag)), new)
            add("Trả kết quả qua BCCI", share(rng, resolved, ramp(year, quarter, 0.067, 0.24, lag)), resolved)
            digitised = ramp(year, quarter, -0.35, 0.97, lag)
            if unit == "Sở Y tế" and year == 2021:
                add("Số hóa hồ sơ", None, None, pct=round(max(digitised, 0) * 100, 1),
                    note="Sở chỉ báo cáo tỷ lệ, không có số hồ sơ")
            else:
                add("Số hóa hồ sơ", share(rng, new, max(digitised, 0.0)), new)
            if year >= 2022:
                required = round(resolved * 0.8)
                add("Kết quả điện tử", share(rng, required, ramp(year, quarter, 0.2, 0.92, lag)), required)
            fee = round(new * 0.35)
            add("Thanh toán trực tuyến", share(rng, fee, ramp(year, quarter, 0.06, 0.36, lag * 1.5)), fee)
            letters = 300 + accounts * 6
            add("Văn bản điện tử", share(rng, letters, ramp(year, quarter, 0.93, 1.0, lag)), letters)
            add("Văn bản ký số", share(rng, letters, ramp(year, quarter, 0.72, 0.995, lag)), letters)
            full = share(rng, tthc, ramp(year, quarter, 0.18, 0.62, lag))
            partial = share(rng, tthc - full, 0.55)
            old_levels = year == 2021 or (year == 2022 and quarter <= 2)   # NĐ 42/2022 from 8/2022
            add("DVCTT toàn trình", full, tthc, level="mức độ 4" if old_levels else "toàn trình")
            add("DVCTT một phần", partial, tthc, level="mức độ 3" if old_levels else "một phần")
            ratings = round(resolved * 0.55)
            add("Hài lòng (một cửa)", share(rng, ratings, ramp(year, quarter, 0.9, 0.975, -lag / 2) - lag * 0.006),
                ratings)
        rows.append({"kpi": "Kiểm tra CCHC", "unit": unit, "year": year, "period": "Năm",
                     "numerator": min(own_units, max(1, round(own_units * rng.uniform(0.22, 0.5)))),
                     "denominator": own_units, "reported_pct": None, "service_level": None, "note": None})
    return rows


def write_kpis(dossiers: dict, rng: random.Random):
    for year in YEARS:
        data = table_template("Số liệu KPI", f"SỐ LIỆU CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM {year} ({DEMO})",
                              kpis.COLUMNS, [f"Số liệu KPI năm {year} của các Sở, tỉnh Quảng Trị.", DEMO],
                              rows=kpi_rows(year, dossiers, rng))
        (OUT / f"so_lieu_kpi_{year}.xlsx").write_bytes(data)


TARGETS_2025 = [
    ("Hồ sơ trực tuyến", "Sở Tư pháp", 85.0, "Kế hoạch CCHC năm 2025 của Sở Tư pháp (minh họa)",
     "Sở đăng ký mục tiêu cao hơn mức chung của tỉnh"),
    ("Số hóa hồ sơ", "Sở Y tế", 80.0, "Kế hoạch CCHC năm 2025 của Sở Y tế (minh họa)", None),
    ("Thanh toán trực tuyến", "Sở Tài chính", 40.0, "Kế hoạch CCHC năm 2025 của Sở Tài chính (minh họa)", None),
]


def write_targets():
    rows = [{"kpi": k, "unit": u, "year": 2025, "comparator": "≥", "value": v, "source_document": doc, "note": note}
            for k, u, v, doc, note in TARGETS_2025]
    data = table_template("Chỉ tiêu", f"CHỈ TIÊU RIÊNG CỦA CÁC SỞ NĂM 2025 ({DEMO})", targets.COLUMNS, [DEMO],
                          rows=rows)
    (OUT / "chi_tieu_2025.xlsx").write_bytes(data)


# (area, task, current, required, lead, cooperating, deadline): worded after the provinces' published reform plans.
def plan(year: int) -> list[tuple]:
    merged = year >= 2025
    agri = "Sở Nông nghiệp và Môi trường" if merged else "Sở Nông nghiệp và Phát triển nông thôn"
    science = "Sở Khoa học và Công nghệ"
    return [
        ("I", "Ban hành Kế hoạch CCHC năm và Kế hoạch tuyên truyền CCHC", "-", "Trước 31/01", "Sở Nội vụ",
         "Các sở, ngành", f"Tháng 1/{year}"),
        ("I", "Kiểm tra công tác CCHC tối thiểu 30% số cơ quan, đơn vị; xử lý 100% kiến nghị sau kiểm tra",
         "Kiểm tra 25% cơ quan, đơn vị", "Kiểm tra từ 30% cơ quan, đơn vị trở lên", "Sở Nội vụ",
         "Văn phòng UBND tỉnh", f"Tháng 10/{year}"),
        ("I", "Báo cáo CCHC định kỳ quý, 6 tháng, năm đúng thời hạn", "Báo cáo đầy đủ", "100% báo cáo đúng hạn",
         "Sở Nội vụ", "Các sở, ngành", f"15/12/{year}"),
        ("I", "Tổ chức điều tra xã hội học đo lường sự hài lòng (SIPAS) cấp tỉnh", "-", "Hoàn thành khảo sát",
         "Sở Nội vụ", "Các sở, ngành", f"Quý III/{year}"),
        ("II", "Rà soát, hệ thống hóa văn bản QPPL; công bố danh mục văn bản hết hiệu lực", "100% kịp thời",
         "100% văn bản được rà soát", "Sở Tư pháp", "Các sở, ngành", f"Tháng 6/{year}"),
        ("II", "Kiểm tra văn bản QPPL; xử lý 100% văn bản trái pháp luật phát hiện qua kiểm tra", "100%", "100%",
         "Sở Tư pháp", "Văn phòng UBND tỉnh", f"Tháng 11/{year}"),
        ("III", "Công bố, công khai đầy đủ danh mục TTHC; cập nhật lên Cơ sở dữ liệu quốc gia về TTHC",
         "100% đảm bảo", "100% TTHC công bố đúng hạn", "Văn phòng UBND tỉnh", "Các sở, ngành", f"Tháng 6/{year}"),
        ("III", "Tăng tỷ lệ hồ sơ tiếp nhận trực tuyến trên tổng số hồ sơ", "Theo số liệu Biểu 06",
         "Tối thiểu 50% tổng số hồ sơ", "Sở Tư pháp", "Sở Khoa học và Công nghệ", f"Từ nay đến cuối năm {year}"),
        ("III", "Tiếp nhận hồ sơ, trả kết quả giải quyết TTHC qua dịch vụ bưu chính công ích",
         "Tiếp nhận qua BCCI dưới 10%", "Tiếp nhận từ 10%, trả kết quả từ 20% số hồ sơ", agri,
         "Bưu điện tỉnh", f"15/12/{year}"),
        ("III", "Số hóa hồ sơ, kết quả giải quyết TTHC tại bộ phận một cửa", "Chưa đạt 30% ở một số đơn vị",
         "Tối thiểu 30% hồ sơ được số hóa; (tính cho cả năm)", "Sở Y tế", "Bộ phận một cửa", f"Tháng 9/{year}"),
        ("III", "Nâng cao mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC", "88%",
         "Đạt tối thiểu 90%", "Sở Nội vụ", "Các sở, ngành", f"Từ nay đến cuối năm {year}"),
        ("IV", "Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn theo quy định", "Đang rà soát",
         "Hoàn thành theo lộ trình", "Sở Nội vụ", "Các sở, ngành", f"Quý II/{year}"),
        ("IV", "Hoàn thiện, phê duyệt đề án vị trí việc làm của các cơ quan, đơn vị", "Đang xây dựng",
         "100% cơ quan, đơn vị được phê duyệt", "Sở Nội vụ", "Các sở, ngành", f"Tháng 11/{year}"),
        ("V", "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức theo vị trí việc làm", "Chưa có số liệu",
         "Trên 80% CCVC được bồi dưỡng", "Sở Nội vụ", "Các sở, ngành", f"30/11/{year}"),
        ("V", "Đánh giá, xếp loại công chức, viên chức theo kết quả công việc", "100% đúng quy trình",
         "100% đúng quy trình", "Sở Nội vụ", "Các sở, ngành", f"15/12/{year}"),
        ("VI", "Giải ngân vốn đầu tư công đạt từ 95% kế hoạch được giao", "Chưa có số liệu", "Trên 95%",
         "Sở Tài chính", "Các chủ đầu tư", f"Tháng 12/{year}"),
        ("VI", "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập", "Đang thực hiện",
         "100% đơn vị được giao tự chủ", "Sở Tài chính", "Các sở, ngành", f"Tháng 8/{year}"),
        ("VI", "Triển khai thanh toán trực tuyến phí, lệ phí TTHC", "Dưới 30% giao dịch",
         "Tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên", "Sở Tài chính", "Văn phòng UBND tỉnh",
         f"Quý IV/{year}"),
        ("VII", "Đảm bảo 100% tài khoản Hộp thư công vụ được kích hoạt và hoạt động", "Một số đơn vị dưới 100%",
         "Đảm bảo 100% tài khoản Hộp thư công vụ hoạt động", science, "Các sở, ngành", f"Tháng 10/{year}"),
        ("VII", "Gửi, nhận văn bản điện tử có ký số giữa các cơ quan hành chính nhà nước", "Trên 95%",
         "100% văn bản thực hiện ký số", science, "Các sở, ngành", f"Từ nay đến cuối năm {year}"),
        ("VII", "Nâng cấp hệ thống thông tin giải quyết TTHC; cung cấp DVCTT toàn trình", "Đang nâng cấp",
         "Tối thiểu 80% TTHC đủ điều kiện được cung cấp toàn trình", science, "Văn phòng UBND tỉnh",
         f"20/12/{year}"),
        ("VII", "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", "Đảm bảo yêu cầu",
         "Đảm bảo yêu cầu tiêu chuẩn", science, "Các sở, ngành", f"Quý III/{year}"),
    ]


# Statuses reported in the files: 2025 mostly done (three left behind), 2026 as of November 2026.
STATUS_2025_OPEN = {"I.2", "III.3", "VI.3"}
STATUS_2026 = {"I.1": "Hoàn thành", "I.2": "Đang thực hiện", "I.4": "Hoàn thành", "II.1": "Hoàn thành",
               "III.1": "Hoàn thành", "III.3": "Đang thực hiện", "IV.1": "Hoàn thành", "VI.2": "Hoàn thành",
               "VII.1": "Đang thực hiện", "VII.4": "Hoàn thành"}


def write_plan(year: int):
    rows, position = [], defaultdict(int)
    for area, task, current, required, lead, cooperating, deadline in plan(year):
        position[area] += 1
        key = f"{area}.{position[area]}"
        if year == 2025:
            status = None if key in STATUS_2025_OPEN else "Hoàn thành"
        else:
            status = STATUS_2026.get(key)
        rows.append({"plan_year": year, "owner": PROVINCE_PLAN_OWNER, "area_code": area,
                     "area": plan_tasks.AREAS[area], "task": task, "current_level": current,
                     "required_level": required, "lead_unit": lead, "cooperating_units": cooperating,
                     "deadline": deadline, "status": status})
    data = table_template("Nhiệm vụ", f"KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA UBND TỈNH QUẢNG TRỊ ({DEMO})",
                          plan_tasks.COLUMNS, [f"Nhiệm vụ kế hoạch CCHC năm {year}.", DEMO], rows=rows)
    (OUT / f"ke_hoach_cchc_{year}.xlsx").write_bytes(data)


def main():
    OUT.mkdir(exist_ok=True)
    rng = random.Random(SEED)
    write_kpis(dossier_quarters(), rng)
    write_targets()
    for year in (2025, 2026):
        write_plan(year)
    print(f"{len(list(OUT.glob('*.xlsx')))} tệp trong {OUT}")


if __name__ == "__main__":
    main()
