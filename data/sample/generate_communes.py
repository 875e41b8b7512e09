"""Generate the demo province's communes (DỮ LIỆU MINH HỌA): its unit directory and the communes' quarterly Biểu 06.

    .venv/bin/python data/sample/generate_communes.py          # (re)write danh_muc/ and cap_xa/

Since 1/7/2025 the new Quảng Trị (Quảng Bình merged into it) governs 78 commune-level units directly — 69 xã, 8
phường and the đặc khu Cồn Cỏ (the count published for the merged province: danviet.vn, 25/4/2025, "Tỉnh Quảng
Trị mới sẽ có 78 ĐVHC cấp xã"). Names: "UBND xã Vĩnh Linh", "UBND xã Cửa Tùng" and "UBND xã Vĩnh Hoàng", with
their predecessors, are the province's proposal (Đề án 70/ĐA-UBND of 23/4/2025, moha.gov.vn 26/4/2025); **every
other commune name is invented** from place names of the former districts, and each commune's former district
is the generator's choice, not the official arrangement. The numbers are invented.

Written:
- danh_muc/danh_muc_don_vi_quang_tri.xlsx — kind "units": UBND tỉnh, Trung tâm Phục vụ hành chính công tỉnh, the
  18 former districts (valid to 30/6/2025, "Sáp nhập vào" their new communes), the three proposal communes'
  predecessors, and the 78 communes (valid from 1/7/2025, under UBND tỉnh Quảng Trị);
- cap_xa/bieu06_cap_xa_2025_q3.xlsx, …_q4.xlsx — the province's roll-up by unit of the communes (Biểu 06, one row
  per commune, its total), Quý III (15/6–14/9/2025) and Quý IV (15/9–14/12/2025). Q4's carried-over (6) of a
  commune is its pending (11) at 14/9/2025. A few communes are late on purpose (below the 90 % band).

Only roll-ups: the communes have no rows by lĩnh vực, so the demo dossier lists (loaders/dossier_sample.py, built
from rows by lĩnh vực) are unchanged.
"""

import datetime as dt
import random
import re
import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from data.sample.generate import (DEMO_NOTE, QUARTERS, Report, build, finalize, make_row,  # noqa: E402
                                  poisson, binom)

SEED = 20250701
PROVINCE_BODY = "UBND tỉnh Quảng Trị"
CENTRE = "Trung tâm Phục vụ hành chính công tỉnh"
END_OLD = dt.date(2025, 6, 30)
START_NEW = dt.date(2025, 7, 1)
# Former district → its new communes (kind, name). Kinds: xã, phường, đặc khu.
DISTRICTS = {
    "UBND thành phố Đông Hà": [("phường", "Đông Hà"), ("phường", "Nam Đông Hà")],
    "UBND thị xã Quảng Trị": [("phường", "Quảng Trị")],
    "UBND huyện Vĩnh Linh": [("xã", n) for n in ("Vĩnh Linh", "Cửa Tùng", "Vĩnh Hoàng", "Bến Hải", "Vĩnh Thủy")],
    "UBND huyện Gio Linh": [("xã", n) for n in ("Gio Linh", "Cửa Việt", "Bến Quan", "Cồn Tiên")],
    "UBND huyện Cam Lộ": [("xã", n) for n in ("Cam Lộ", "Hiếu Giang", "Cam Thủy")],
    "UBND huyện Triệu Phong": [("xã", n) for n in ("Triệu Phong", "Ái Tử", "Triệu Bình", "Triệu Cơ", "Nam Cửa Việt")],
    "UBND huyện Hải Lăng": [("xã", n) for n in ("Hải Lăng", "Diên Sanh", "Mỹ Thủy", "Hải Trường", "Nam Hải Lăng")],
    "UBND huyện Hướng Hóa": [("xã", n) for n in ("Khe Sanh", "Lao Bảo", "Hướng Lập", "Hướng Phùng", "Tân Lập",
                                                 "A Dơi", "Lìa")],
    "UBND huyện Đakrông": [("xã", n) for n in ("Đakrông", "Ba Lòng", "Hướng Hiệp", "A Bung", "La Lay")],
    "UBND huyện Cồn Cỏ": [("đặc khu", "Cồn Cỏ")],
    "UBND thành phố Đồng Hới": [("phường", n) for n in ("Đồng Hới", "Bắc Đồng Hới", "Nam Đồng Hới")],
    "UBND thị xã Ba Đồn": [("phường", n) for n in ("Ba Đồn", "Bắc Gianh")],
    "UBND huyện Lệ Thủy": [("xã", n) for n in ("Lệ Thủy", "Kiến Giang", "Sen Ngư", "Tân Mỹ", "Trường Phú",
                                               "Cam Hồng", "Lệ Ninh")],
    "UBND huyện Quảng Ninh": [("xã", n) for n in ("Quảng Ninh", "Ninh Châu", "Trường Ninh", "Trường Sơn", "Vạn Ninh")],
    "UBND huyện Bố Trạch": [("xã", n) for n in ("Bố Trạch", "Hoàn Lão", "Nam Trạch", "Đông Trạch", "Phong Nha",
                                                "Bắc Trạch", "Thượng Trạch", "Hòa Trạch", "Nam Gianh")],
    "UBND huyện Quảng Trạch": [("xã", n) for n in ("Quảng Trạch", "Tân Gianh", "Trung Thuần", "Phú Trạch", "Hòn La")],
    "UBND huyện Tuyên Hóa": [("xã", n) for n in ("Tuyên Hóa", "Đồng Lê", "Tuyên Lâm", "Tuyên Sơn", "Kim Điền")],
    "UBND huyện Minh Hóa": [("xã", n) for n in ("Minh Hóa", "Quy Đạt", "Dân Hóa", "Kim Phú")],
}
# The proposal's predecessors of three Vĩnh Linh communes (moha.gov.vn, 26/4/2025).
PREDECESSORS = {
    "UBND xã Vĩnh Linh": ["UBND thị trấn Hồ Xá", "UBND xã Vĩnh Long", "UBND xã Vĩnh Chấp"],
    "UBND xã Cửa Tùng": ["UBND thị trấn Cửa Tùng", "UBND xã Vĩnh Giang", "UBND xã Hiền Thành", "UBND xã Kim Thạch"],
    "UBND xã Vĩnh Hoàng": ["UBND xã Vĩnh Thái", "UBND xã Trung Nam", "UBND xã Vĩnh Hòa", "UBND xã Vĩnh Tú"],
}
# Communes that are late on purpose, with their share of late resolutions (the meeting's "below the bands").
LATE = {"UBND xã Lìa": 0.16, "UBND xã A Bung": 0.12, "UBND xã Thượng Trạch": 0.09, "UBND xã Dân Hóa": 0.07,
        "UBND phường Bắc Gianh": 0.05}


def communes() -> list[tuple[str, str, str]]:
    """(unit name, kind, former district) of the 78 communes, in the directory's order."""
    return [(f"UBND {kind} {name}", kind, district) for district, found in DISTRICTS.items() for kind, name in found]


def directory_rows() -> list[list]:
    header = ["STT", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Mã đơn vị", "Hiệu lực từ", "Hiệu lực đến",
              "Sáp nhập vào", "Ngày sáp nhập"]
    rows = [[PROVINCE_BODY, "Tỉnh", None, None, None, None, None, None],
            [CENTRE, "Trung tâm PVHCC", PROVINCE_BODY, None, None, None, None, None]]
    for district, found in DISTRICTS.items():
        rows.append([district, "Huyện", PROVINCE_BODY, None, None, END_OLD,
                     "; ".join(f"UBND {kind} {name}" for kind, name in found), None])
    for commune, olds in PREDECESSORS.items():
        rows += [[old, "Xã, phường", "UBND huyện Vĩnh Linh", None, None, END_OLD, commune, None] for old in olds]
    rows += [[name, "Xã, phường", PROVINCE_BODY, None, START_NEW, None, None, None] for name, _, _ in communes()]
    return [header] + [[i, *row] for i, row in enumerate(rows, start=1)]


def write_directory(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh mục đơn vị"
    ws["A1"] = "DANH MỤC ĐƠN VỊ TỈNH QUẢNG TRỊ (sau sắp xếp từ 01/7/2025)"
    ws["A2"] = DEMO_NOTE + "; tên xã, phường là tên đặt để minh họa, trừ ba xã lấy theo Đề án 70/ĐA-UBND."
    for row in directory_rows():
        ws.append(row)
    for r in range(4, ws.max_row + 1):
        for col in (6, 7, 9):
            ws.cell(r, col).number_format = "dd/mm/yyyy"
    ws.column_dimensions["B"].width = 42
    ws.column_dimensions["H"].width = 60
    wb.properties.creator = "Sở Nội vụ tỉnh Quảng Trị"
    wb.properties.created = wb.properties.modified = dt.datetime(2025, 7, 1, 8, 0)
    wb.save(path)
    finalize_plain(path, dt.datetime(2025, 7, 1, 8, 0))


def finalize_plain(path: Path, created: dt.datetime) -> None:
    """Pinned zip timestamps, so a rerun writes the same bytes (a workbook without formulas)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts:
            if name == "docProps/core.xml":     # openpyxl writes the time of saving as "modified"
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              lambda m: m.group(1) + stamp.encode() + m.group(3), data)
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, data, compresslevel=6)


def simulate() -> dict[int, list[tuple[str, list[int]]]]:
    """Quarter index t → rows (commune, the 11 counts (3)…(13)), Q3 and Q4 2025, pending carried over."""
    rng = random.Random(SEED)
    pending = {}
    out = {}
    for t in (QUARTERS.index((2025, 3)), QUARTERS.index((2025, 4))):
        rows = []
        for name, kind, _ in communes():
            base = {"phường": 2200, "xã": 700, "đặc khu": 25}[kind] * rng.uniform(0.6, 1.5)
            new = max(5, poisson(rng, base))
            online = binom(rng, new, rng.uniform(0.55, 0.92))
            carry = pending.get(name, (max(0, poisson(rng, new * 0.04)), 0))
            carry_total = sum(carry)
            workload = new + carry_total
            pending_total = binom(rng, workload, rng.uniform(0.02, 0.07))
            resolved = workload - pending_total
            late = binom(rng, resolved, LATE.get(name, rng.choice((0.0, 0.0, 0.003, 0.01))))
            before = binom(rng, resolved - late, rng.uniform(0.15, 0.45))
            ontime = resolved - late - before
            p_late = binom(rng, pending_total, 0.3 if name in LATE else 0.03)
            row = make_row(online, new - online, carry_total, before, ontime, late, pending_total - p_late, p_late)
            pending[name] = (pending_total - p_late, p_late)
            rows.append((name, row))
        out[t] = rows
    return out


def generate(root: Path = HERE) -> list[Path]:
    (root / "danh_muc").mkdir(exist_ok=True)
    (root / "cap_xa").mkdir(exist_ok=True)
    written = [root / "danh_muc" / "danh_muc_don_vi_quang_tri.xlsx"]
    write_directory(written[0])
    notes = ["Bảng tổng hợp theo đơn vị cấp xã (78 xã, phường, đặc khu); số liệu của từng xã theo Hệ thống thông tin "
             "giải quyết TTHC của tỉnh.", DEMO_NOTE + "."]
    for t, rows in simulate().items():
        y, q = QUARTERS[t]
        path = root / "cap_xa" / f"bieu06_cap_xa_{y}_q{q}.xlsx"
        wb, cached, created = build(Report("UBND", t, rows, notes), "Lê Thị Thu Hà", "Hoàng Minh Tuấn")
        wb.active["B10"] = "Tên cơ quan, đơn vị"
        wb.save(path)
        finalize(path, cached, created)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(HERE))
