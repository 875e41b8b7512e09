"""Loader benchmark: our read → validate → store path against a plain pandas+openpyxl read.

    .venv/bin/python bench/loader_bench.py [--repeat 7] [--no-write]

Measures, in one run on this machine:
  1. a 1,500-row report sheet (Biểu 06 roll-up by unit, generated here into bench/out/):
     - calamine read alone; our inspect (read + recognise + validate) ; inspect + store into a fresh DuckDB
       file (new units) ; the same file reloaded into a warehouse that knows the units (a replacement);
     - pandas.read_excel(engine="openpyxl") of the same file (read only, no validation);
  2. the 188 bundled sample workbooks (data/sample/): our full load into a fresh file, and pandas+openpyxl reads.
Medians of --repeat runs. Results are written to the "loader" section of bench/RESULTS.md (the machine and date
with them); the other sections of the file are kept (bench/results.py).
"""

import argparse
from importlib import metadata
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import python_calamine  # noqa: E402

import queries  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders.pipeline import commit_file, files_under, inspect_file  # noqa: E402

OUT = ROOT / "bench" / "out"
SECTION = "loader"   # its section of bench/RESULTS.md (bench/results.py); other sections are kept
ROWS = 1500


def make_report(path: Path, rows: int = ROWS):
    """A roll-up sheet in the official layout with `rows` unit rows and a total row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    ws["A1"] = "Biểu số 06/VPCP/KSTT"
    ws["A3"] = "Đơn vị báo cáo: UBND tỉnh Quảng Trị"
    ws["A6"] = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
    ws["A7"] = "Kỳ báo cáo: Quý III năm 2025"
    ws["A8"] = "(Từ ngày 15/6/2025 đến ngày 14/9/2025)"
    ws.append([])
    head = 10
    ws.cell(head, 1, "STT")
    ws.cell(head, 2, "Tên cơ quan, đơn vị")
    ws.cell(head, 3, "Số hồ sơ nhận giải quyết")
    ws.cell(head, 7, "Số hồ sơ đã giải quyết")
    ws.cell(head, 11, "Số lượng hồ sơ đang giải quyết")
    for col, text in zip(range(3, 14), ["Tổng số", "Trong đó", None, "Từ kỳ trước", "Tổng số", "Trước hạn",
                                        "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"]):
        if text:
            ws.cell(head + 1, col, text)
    ws.cell(head + 2, 4, "Trực tuyến")
    ws.cell(head + 2, 5, "Trực tiếp, dịch vụ bưu chính")
    for rng in ["A10:A12", "B10:B12", "C10:F10", "G10:J10", "K10:M10", "D11:E11", "C11:C12", "F11:F12",
                "G11:G12", "H11:H12", "I11:I12", "J11:J12", "K11:K12", "L11:L12", "M11:M12"]:
        ws.merge_cells(rng)
    for col in range(1, 14):
        ws.cell(head + 3, col, f"({col})")
    totals = [0] * 11
    for i in range(rows):
        online, offline, carry = 60 + i % 37, 40 + i % 23, 5 + i % 7
        before, ontime, late = 30 + i % 29, 20 + i % 17, i % 3
        received = online + offline + carry
        resolved = before + ontime + late
        pending = received - resolved
        proc_late = min(pending, i % 2)
        values = [received, online, offline, carry, resolved, before, ontime, late, pending, pending - proc_late, proc_late]
        totals = [t + v for t, v in zip(totals, values)]
        ws.append([i + 1, f"UBND xã Thử Nghiệm {i + 1}"] + values)
    ws.append(["Tổng số", None] + totals)
    wb.save(path)


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms".replace(",", " ")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only, do not rewrite bench/RESULTS.md")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    report_path = OUT / "bieu06_1500_rows.xlsx"
    make_report(report_path)
    data = report_path.read_bytes()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-"))

    def calamine_read():
        book = python_calamine.CalamineWorkbook.from_path(str(report_path))
        return book.get_sheet_by_name("Biểu 06").to_python(skip_empty_area=False)

    def pandas_read():
        return pd.read_excel(report_path, engine="openpyxl", header=None)

    def inspect_only():
        return inspect_file(None, report_path.name, data)

    counter = iter(range(10_000))

    def fresh_load():
        con = queries.connect(tmp / f"fresh{next(counter)}.duckdb")
        start = time.perf_counter()
        report = inspect_file(con, report_path.name, data)
        commit_file(con, report, "bench")
        elapsed = time.perf_counter() - start
        con.close()
        return elapsed, report

    warm = queries.connect(tmp / "warm.duckdb")
    commit_file(warm, inspect_file(warm, report_path.name, data), "bench")

    def reload():
        # a corrected file for the same units and period: same rows, different bytes → a replacement
        report = inspect_file(warm, "corrected_" + report_path.name, data + b"")
        report.sha256 = f"{time.perf_counter_ns():064x}"
        report.already_loaded = []
        commit_file(warm, report, "bench")
        return report

    t_calamine, rows = timed(calamine_read, args.repeat)
    t_pandas, frame = timed(pandas_read, args.repeat)
    t_inspect, report = timed(inspect_only, args.repeat)
    fresh = [fresh_load()[0] for _ in range(args.repeat)]
    t_fresh = statistics.median(fresh)
    t_reload, _ = timed(reload, args.repeat)
    assert len(report.sheets[0].rows) == ROWS and not report.has_errors
    stored = queries.rows(warm, "batch_count")[0]
    warm.close()

    samples = files_under([ROOT / "data" / "sample"])

    def sample_load():
        con = queries.connect(tmp / f"sample{next(counter)}.duckdb")
        for path in samples:
            commit_file(con, inspect_file(con, path.name, path.read_bytes()), "bench")
        con.close()

    def sample_pandas():
        for path in samples:
            pd.read_excel(path, engine="openpyxl", header=None)

    sample_repeat = max(1, args.repeat // 3)
    t_sample, _ = timed(sample_load, sample_repeat)
    t_sample_pandas, _ = timed(sample_pandas, sample_repeat)

    lines = [
        "## Loader: reading, validating and storing Biểu 06 reports",
        "",
        "Written by `bench/loader_bench.py` (run it again to refresh: `make bench`). Medians; nothing here is a test assertion.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}",
        f"- Versions: duckdb {queries.duckdb.__version__}, python-calamine {metadata.version('python-calamine')}, "
        f"pandas {pd.__version__}, openpyxl {openpyxl.__version__}",
        "",
        f"### A 1.500-row report sheet (`bench/out/{report_path.name}`, {len(data) // 1024} KiB, {args.repeat} runs)",
        "",
        "| step | median |",
        "|---|---:|",
        f"| python-calamine read alone | {ms(t_calamine)} |",
        f"| our inspect: read + recognise + validate (V1–V4, totals) | {ms(t_inspect)} |",
        f"| **our full load into a fresh DuckDB file** (inspect + new units + one transaction) | **{ms(t_fresh)}** |",
        f"| our reload of a corrected file (units known, replaces the earlier batch, V5 check) | {ms(t_reload)} |",
        f"| `pandas.read_excel(engine=\"openpyxl\")`, read only | {ms(t_pandas)} |",
        "",
        f"Goal ≤ 100 ms for read + validate + store: fresh {'met' if t_fresh <= 0.1 else 'NOT met'} ({ms(t_fresh)}), "
        f"reload {'met' if t_reload <= 0.1 else 'NOT met'} ({ms(t_reload)}).",
        f"Goal ≥ 10× faster than the pandas+openpyxl read alone: fresh load {t_pandas / t_fresh:.1f}×, "
        f"reload {t_pandas / t_reload:.1f}×, inspect {t_pandas / t_inspect:.1f}×.",
        "",
        f"### The bundled sample ({len(samples)} workbooks in `data/sample/`, {sample_repeat} runs)",
        "",
        "| step | median | per file |",
        "|---|---:|---:|",
        f"| our full load into a fresh file (what first start does) | {ms(t_sample)} | {ms(t_sample / len(samples))} |",
        f"| `pandas.read_excel(engine=\"openpyxl\")` of every file, read only | {ms(t_sample_pandas)} | {ms(t_sample_pandas / len(samples))} |",
        "",
        f"(Warehouse after the reload runs: {stored[0]} batches, {stored[1]} dossier rows kept as history.)",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
