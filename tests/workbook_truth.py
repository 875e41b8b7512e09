"""Expected numbers read straight from the sample workbooks with python-calamine — not through our loader.

Tests compare what the queries and pages show with these sums, so a loader or SQL mistake cannot hide
behind itself.
"""

from pathlib import Path

import python_calamine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
COUNTS = ["recv_total", "recv_online", "recv_offline", "recv_carry", "res_total", "res_before", "res_ontime",
          "res_late", "proc_total", "proc_ontime", "proc_late"]


def _rows(path: Path):
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)


def totals(paths) -> dict:
    """Columns (3)…(13) of the "Tổng số" row, summed over the workbooks."""
    sums = [0] * 11
    for path in paths:
        total = next(r for r in _rows(path) if str(r[0]).strip() == "Tổng số")
        sums = [a + int(b) for a, b in zip(sums, total[2:13])]
    return dict(zip(COUNTS, sums))


def linh_vuc_rows(path: Path) -> dict[str, dict]:
    """Lĩnh vực → its counts, for the numbered rows of one workbook."""
    found = {}
    for r in _rows(path):
        if str(r[0]).strip().isdigit() and isinstance(r[2], float):
            found[str(r[1]).strip()] = dict(zip(COUNTS, (int(v) for v in r[2:13])))
    return found


def quarter_files(slug: str, year: int) -> list[Path]:
    return [SAMPLE / str(year) / f"bieu06_{slug}_{year}_q{q}.xlsx" for q in (1, 2, 3, 4)]


def year_of_quarters(paths) -> dict:
    """The official yearly figure from four quarters: flows summed, carry from Q1, pending from Q4."""
    quarters = [totals([p]) for p in paths]
    year = {k: sum(q[k] for q in quarters) for k in COUNTS}
    year["recv_carry"] = quarters[0]["recv_carry"]
    for k in ("proc_total", "proc_ontime", "proc_late"):
        year[k] = quarters[-1][k]
    year["recv_total"] = year["recv_online"] + year["recv_offline"] + year["recv_carry"]
    return year
