"""A large Biểu 06 (one unit, `rows` lĩnh vực rows and a total) for the kill tests and benchmarks; written
on the fly into a temporary folder, never committed. Every row adds up (V1–V4 hold)."""

from pathlib import Path

from openpyxl import Workbook

HEADER = ["STT", "Lĩnh vực, công việc giải quyết theo cấp", "Số hồ sơ nhận giải quyết", None, None, None,
          "Số hồ sơ đã giải quyết", None, None, None, "Số lượng hồ sơ đang giải quyết", None, None]
SUBHEADER = [None, None, "Tổng số", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính", "Từ kỳ trước", "Tổng số",
             "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"]


def write_big_report(path: Path, rows: int, unit: str = "Sở Thử Nghiệm Tải Lớn",
                     period: tuple[str, str] = ("Kỳ báo cáo: Quý III năm 2025",
                                                "(Từ ngày 15/6/2025 đến ngày 14/9/2025)"), sheets: int = 1) -> Path:
    """`sheets` > 1: that many sheets of `rows` rows, one unit each ("<unit> 1", "<unit> 2", …), all in the
    file's one transaction."""
    wb = Workbook(write_only=True)
    for number in range(sheets):
        _sheet(wb.create_sheet(f"Biểu 06 ({number + 1})" if sheets > 1 else "Biểu 06"), rows,
               f"{unit} {number + 1}" if sheets > 1 else unit, period)
    wb.save(path)
    return path


def _sheet(ws, rows: int, unit: str, period: tuple[str, str]):
    for line in (["Biểu số 06/VPCP/KSTT"], [f"Đơn vị báo cáo: {unit}"], [],
                 ["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"],
                 [period[0]], [period[1]], [], HEADER, SUBHEADER, [f"({c})" for c in range(1, 14)]):
        ws.append(line)
    totals = [0] * 11
    for i in range(rows):
        online, offline, carry = 60 + i % 37, 40 + i % 23, 5 + i % 7
        before, ontime, late = 30 + i % 29, 20 + i % 17, i % 3
        received, resolved = online + offline + carry, before + ontime + late
        pending = received - resolved
        proc_late = min(pending, i % 2)
        values = [received, online, offline, carry, resolved, before, ontime, late, pending, pending - proc_late,
                  proc_late]
        totals = [t + v for t, v in zip(totals, values)]
        ws.append([i + 1, f"Lĩnh vực thử nghiệm {i + 1:05d}"] + values)
    ws.append(["Tổng số", None] + totals)
