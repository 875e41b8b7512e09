#!/usr/bin/env python3
"""Generate the demo department scores shipped in ``data/sample/chi_so/`` (DỮ LIỆU MINH HỌA).

One workbook in the score template's layout (reports/score_template.py columns): the departments (Sở) of
the demo province "tỉnh Quảng Trị" scored on

* the PAR cấp sở index, 2021–2025, total and the 8 lĩnh vực of the DEMO department framework
  (data/reference/frameworks/par_cap_so_minh_hoa.csv: version QT-SO-2021-MH for 2021–2022, QT-SO-2023-MH
  from 2023 — the maxima change, as a province's own decision does);
* the QĐ 766 index, 2023–2025, total and its 5 groups (18 / 20 / 22 / 22 / 18).

The departments are those of the dossier sample: ten up to 2024, six after the 1/3/2025 merger. Every
number is invented (fixed seed); components add up to the total; ranks follow the totals. Running it twice
gives the same bytes.

    .venv/bin/python data/sample/generate_scores.py
"""

import csv
import io
import random
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from loaders.scores import COLUMNS  # noqa: E402
from vocabulary.indices import INDICES, SUBJECT_KINDS  # noqa: E402
from reports.templates import table_template  # noqa: E402

OUT = HERE / "chi_so" / "chi_so_cap_so_quang_tri_minh_hoa.xlsx"
FRAMEWORK = ROOT / "data" / "reference" / "frameworks" / "par_cap_so_minh_hoa.csv"
SEED = 2025
SOURCE = "DỮ LIỆU MINH HỌA — giả lập, không phải kết quả công bố của tỉnh Quảng Trị"
FIXED_TIME = (2026, 1, 15, 8, 0, 0)

BEFORE = ["Sở Nội vụ", "Sở Lao động - Thương binh và Xã hội", "Sở Tư pháp", "Sở Kế hoạch và Đầu tư", "Sở Tài chính",
          "Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Thông tin và Truyền thông",
          "Sở Khoa học và Công nghệ", "Sở Y tế"]
AFTER = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
         "Sở Y tế"]
# A department's general standing (share of each maximum achieved in 2021) and where it is weak (lĩnh vực
# number → share lost on top): gives each department a recognisable "where the points were lost".
QUALITY = {"Sở Nội vụ": 0.90, "Sở Lao động - Thương binh và Xã hội": 0.84, "Sở Tư pháp": 0.91,
           "Sở Kế hoạch và Đầu tư": 0.87, "Sở Tài chính": 0.88, "Sở Tài nguyên và Môi trường": 0.82,
           "Sở Nông nghiệp và Phát triển nông thôn": 0.84, "Sở Thông tin và Truyền thông": 0.89,
           "Sở Khoa học và Công nghệ": 0.88, "Sở Y tế": 0.85, "Sở Nông nghiệp và Môi trường": 0.85}
WEAK = {"Sở Tài nguyên và Môi trường": {3: 0.12, 8: 0.10}, "Sở Nông nghiệp và Môi trường": {3: 0.10, 8: 0.08},
        "Sở Y tế": {7: 0.14, 5: 0.06}, "Sở Lao động - Thương binh và Xã hội": {7: 0.12, 3: 0.06},
        "Sở Nông nghiệp và Phát triển nông thôn": {7: 0.10, 6: 0.08}, "Sở Kế hoạch và Đầu tư": {8: 0.08},
        "Sở Tài chính": {3: 0.07}, "Sở Tư pháp": {7: 0.06}, "Sở Nội vụ": {6: 0.07},
        "Sở Khoa học và Công nghệ": {5: 0.08}, "Sở Thông tin và Truyền thông": {2: 0.08}}
GROUPS_766 = [("Công khai, minh bạch", 18), ("Tiến độ, kết quả giải quyết", 20), ("Cung cấp dịch vụ trực tuyến", 22),
              ("Số hóa hồ sơ", 22), ("Mức độ hài lòng", 18)]


def framework() -> dict[str, list[tuple[str, float]]]:
    versions: dict[str, list[tuple[str, float]]] = {}
    with open(FRAMEWORK, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            versions.setdefault(row["version"], []).append((row["component_name"], float(row["max_points"])))
    return versions


def departments(year: int) -> list[str]:
    return AFTER if year >= 2025 else BEFORE


def par_rows(rng: random.Random) -> list[dict]:
    versions = framework()
    scored = {}
    for year in range(2021, 2026):
        fields = versions["QT-SO-2021-MH" if year <= 2022 else "QT-SO-2023-MH"]
        scored[year] = []
        for dept in departments(year):
            parts = []
            for i, (name, maximum) in enumerate(fields, start=1):
                share = QUALITY[dept] + 0.012 * (year - 2021) - WEAK.get(dept, {}).get(i, 0.0) + rng.uniform(-0.04, 0.04)
                parts.append((name, maximum, round(maximum * min(max(share, 0.55), 0.99), 2)))
            scored[year].append((dept, parts))
    return _ranked_rows("PAR", scored)


def idx766_rows(rng: random.Random) -> list[dict]:
    scored = {}
    for year in range(2023, 2026):
        scored[year] = []
        for dept in departments(year):
            base = QUALITY[dept] - 0.05 + 0.02 * (year - 2023)
            scored[year].append((dept, [(name, maximum, round(maximum * min(max(base + rng.uniform(-0.12, 0.08), 0.4), 1.0), 2))
                                        for name, maximum in GROUPS_766]))
    return _ranked_rows("IDX766", scored)


def _ranked_rows(index: str, scored: dict[int, list]) -> list[dict]:
    """Per year and department: the total (sum of its components, ranked among the year's departments), then
    each component."""
    rows = []
    for year, departments_scored in scored.items():
        totals = {dept: round(sum(score for _, _, score in parts), 2) for dept, parts in departments_scored}
        ranked = sorted(totals, key=lambda d: -totals[d])
        for dept, parts in departments_scored:
            rows.append(_row(index, year, dept, None, totals[dept], 100, ranked.index(dept) + 1, len(ranked)))
            rows += [_row(index, year, dept, name, score, maximum) for name, maximum, score in parts]
    return rows


def _row(index, year, dept, component, score, maximum, rank=None, rank_of=None) -> dict:
    return {"index_code": INDICES[index].label, "year": year, "subject": dept, "subject_kind": SUBJECT_KINDS["so"],
            "component": component, "score": score, "max_score": maximum, "rank": rank, "rank_of": rank_of,
            "source": SOURCE, "note": "Dữ liệu minh họa" if component is None else None}


INSTRUCTIONS = [
    "DỮ LIỆU MINH HỌA — ĐIỂM CHỈ SỐ CÁC SỞ TỈNH QUẢNG TRỊ (GIẢ LẬP)",
    "",
    "Mọi số liệu trong tệp này là giả lập để chạy thử bảng điều khiển, không phải kết quả công bố.",
    "PAR INDEX cấp sở 2021–2025 theo khung minh họa (data/reference/frameworks/par_cap_so_minh_hoa.csv): "
    "phiên bản 2021–2022 và phiên bản từ 2023 có điểm tối đa các lĩnh vực khác nhau.",
    "Chỉ số 766 năm 2023–2025: điểm 5 nhóm (18 / 20 / 22 / 22 / 18).",
    "Từ năm 2025 là 6 sở sau sắp xếp (từ 1/3/2025); số liệu như đã chấm, không quy đổi về đơn vị cũ.",
]


def workbook() -> bytes:
    rng = random.Random(SEED)
    rows = par_rows(rng) + idx766_rows(rng)
    data = table_template("Điểm chỉ số", "ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ — DỮ LIỆU MINH HỌA", COLUMNS,
                          INSTRUCTIONS, rows=rows, number_formats={"score": "0.00", "max_score": "0.##"})
    return _fixed(data)


def _fixed(data: bytes) -> bytes:
    """The same bytes on every run: zip entry times and document dates fixed."""
    stamp = "%04d-%02d-%02dT%02d:%02d:%02dZ" % FIXED_TIME
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(workbook())
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
