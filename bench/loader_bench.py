"""Loader benchmark: the three speed goals of the reader (issue 13 §4), each against its peer measured in the
same run, on this machine.

    .venv/bin/python bench/loader_bench.py [--repeat 7] [--no-write]

  1. A 1.500-row report sheet (Biểu 06 roll-up by unit, generated here into bench/out/): file → validated →
     stored into a fresh DuckDB file (inspect + commit, the file read in its limited child processes as on the
     page), against the raw python-calamine parse of the same file. Goal ≤ 2,5×. With the steps apart: the read
     in the children, the same read in this process (what the isolation costs), the reload of a corrected file,
     and `pandas.read_excel(engine="openpyxl")`; and the fresh load again, timed by part (read, inspect, the
     store's statements, its COMMIT).
  2. The command line, `python -m loaders FILE --db NEW`, against `python -c "import pandas;
     pandas.read_excel(FILE, engine='openpyxl', header=None)"`, each a new process, alternated. Goal ≤ 0,6×.
     For the 1.500-row file and for an ordinary one-department report. The project's modules are compiled
     first (`compileall`, as an installed copy has them): a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise
     make every run of ours compile them again while pandas' are compiled at install.
  3. The first start: `queries.connect` of a new file and `loaders.sample.start` (what the dashboard does before
     its first page when the warehouse is empty), the whole bundled sample. Goal ≤ 10 s. With it, the share of
     that time the dossier lists take against the share the progress bar gives them (`sample.LIST_SHARE`).
Medians of --repeat runs. Results are written to the "loader" section of bench/RESULTS.md (the machine, the date
and the machine's load with them); the other sections of the file are kept (bench/results.py).
"""

import argparse
import compileall
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import python_calamine  # noqa: E402

import queries  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from vocabulary.numbers import number  # noqa: E402
from loaders import dossier_sample, sample  # noqa: E402
from queries import template  # noqa: E402
from loaders import text as loader_text  # noqa: E402
from loaders.pipeline import commit_file, inspect_file  # noqa: E402
from loaders.reader_process import read_sheets_isolated, start_reader  # noqa: E402
from loaders.workbook import read_sheets  # noqa: E402

OUT = ROOT / "bench" / "out"
SECTION = "loader"   # its section of bench/RESULTS.md (bench/results.py); other sections are kept
ROWS = 1500
ORDINARY = ROOT / "tests" / "fixtures" / "good_official_formulas_tu_phap_q2_2025.xlsx"


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
    return f"{number(seconds * 1000, 1)} ms"


def ratio(a: float, b: float) -> str:
    return f"{number(a / b, 2)}×"


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else "**not met**"


def cli_runs(path: Path, repeat: int, tmp: Path) -> tuple[float, float]:
    """Medians of `python -m loaders FILE --db NEW` and of the one-line pandas read, alternated, each a new
    process timed from outside."""
    ours, peer = [], []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for i in range(repeat):
        db = tmp / f"cli{path.stem}{i}.duckdb"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "loaders", str(path), "--db", str(db), "-q"], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        ours.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stdout + done.stderr
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pandas; pandas.read_excel(%r, engine='openpyxl', header=None)"
                        % str(path)], check=True, capture_output=True)
        peer.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(peer)


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
    load_before = os.getloadavg()[0]
    start_reader()

    def calamine_read():
        book = python_calamine.CalamineWorkbook.from_path(str(report_path))
        return [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]

    counter = iter(range(10_000))

    def fresh_load():
        con = queries.connect(tmp / f"fresh{next(counter)}.duckdb")
        loader_text.clear_caches()   # as a new process meets the file: no name keyed yet
        start = time.perf_counter()
        report = inspect_file(con, report_path.name, data)
        commit_file(con, report, "bench")
        elapsed = time.perf_counter() - start
        con.close()
        assert len(report.sheets[0].rows) == ROWS and not report.has_errors
        return elapsed

    parts = {"read": [], "inspect": [], "statements": [], "commit": []}

    def load_in_parts():
        """The same fresh load, timed by part: the read in the children, recognise + validate (inspect given the
        grids), the statements of the store inside an open transaction, and its COMMIT."""
        con = queries.connect(tmp / f"parts{next(counter)}.duckdb")
        loader_text.clear_caches()
        start = time.perf_counter()
        sheets = read_sheets_isolated(report_path.name, data)
        read = time.perf_counter()
        report = inspect_file(con, report_path.name, data, read=sheets)
        inspected = time.perf_counter()
        with queries.transaction(con):
            commit_file(con, report, "bench")
            stored = time.perf_counter()
        committed = time.perf_counter()
        con.close()
        for key, value in zip(parts, (read - start, inspected - read, stored - inspected, committed - stored)):
            parts[key].append(value)

    warm = queries.connect(tmp / "warm.duckdb")
    commit_file(warm, inspect_file(warm, report_path.name, data), "bench")

    def reload():
        # a corrected file for the same units and period: same rows, different bytes → a replacement
        report = inspect_file(warm, "corrected_" + report_path.name, data)
        report.sha256 = f"{time.perf_counter_ns():064x}"
        report.already_loaded = []
        commit_file(warm, report, "bench")

    read_sheets_isolated(report_path.name, data)          # the fork server warm, as on a running dashboard
    t_calamine, _ = timed(calamine_read, args.repeat)
    t_fresh = statistics.median([fresh_load() for _ in range(args.repeat)])
    for _ in range(args.repeat):
        load_in_parts()
    part = {key: statistics.median(values) for key, values in parts.items()}
    t_isolated, _ = timed(lambda: read_sheets_isolated(report_path.name, data), args.repeat)
    t_inprocess, _ = timed(lambda: read_sheets(report_path.name, data), args.repeat)
    t_inspect, _ = timed(lambda: inspect_file(None, report_path.name, data), args.repeat)
    t_reload, _ = timed(reload, args.repeat)
    t_pandas, _ = timed(lambda: pd.read_excel(report_path, engine="openpyxl", header=None), args.repeat)
    warm.close()

    for folder in ("accounts", "loaders", "queries", "vocabulary"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    cli_big, peer_big = cli_runs(report_path, args.repeat, tmp)
    cli_small, peer_small = cli_runs(ORDINARY, args.repeat, tmp)

    list_shares = []
    sample_files = len(sample.files_under([sample.SAMPLE_DIR]))

    def first_start():
        steps = []
        start = time.perf_counter()
        con = queries.connect(tmp / f"first{next(counter)}.duckdb", verify=True)
        loaded, problems = sample.start(con, progress=lambda done, total, what: steps.append(
            (time.perf_counter(), done, total)))
        con.close()
        end = time.perf_counter()
        assert loaded > 100 and not problems, problems
        # one step said per file and one for the reference data; then the dossier lists
        files_done, total = steps[sample_files][0], steps[-1][2]
        list_shares.append(((end - files_done) / (end - start), (total - sample_files - 1) / total))
        return loaded

    first_repeat = max(1, args.repeat // 3)
    for cached in template.cache_dir().glob(dossier_sample.CACHE_PREFIX + "*.zip"):
        cached.unlink()                # the first start of this code and sample: the lists generated, then kept
    t_cold, _ = timed(first_start, 1)
    list_shares.clear()
    t_first, files = timed(first_start, first_repeat)
    load_after = os.getloadavg()[0]

    lines = [
        "## Loader: reading, validating and storing reports (issue 13 §4)",
        "",
        "Written by `bench/loader_bench.py` (run it again to refresh: `make bench`). Medians; nothing here is a test "
        "assertion. Each goal is measured against its peer in the same run.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}; load average (1 min) {number(load_before, 2)} before, {number(load_after, 2)} after",
        f"- Versions: duckdb {queries.duckdb.__version__}, python-calamine {metadata.version('python-calamine')}, "
        f"pandas {pd.__version__}, openpyxl {openpyxl.__version__}",
        "",
        f"### 1. A 1.500-row report (`bench/out/{report_path.name}`, {len(data) // 1024} KiB, {args.repeat} runs)",
        "",
        "| step | median |",
        "|---|---:|",
        f"| python-calamine parse of the file (the peer) | {ms(t_calamine)} |",
        f"| **file → validated → stored** into a fresh DuckDB file (read in the limited children, recognised, "
        f"V1–V4 and totals, new units, one transaction) | **{ms(t_fresh)}** |",
        f"| the same load by part (medians of {args.repeat} more runs): read in the children | {ms(part['read'])} |",
        f"| … recognise and validate (inspect, the grids given), with the warehouse's checks | {ms(part['inspect'])} |",
        f"| … the store's statements (units, batch, rows, keys) in an open transaction | {ms(part['statements'])} |",
        f"| … its COMMIT (written to disk) | {ms(part['commit'])} |",
        f"| of which could be: the read in the children (structure check ∥ parse, fork server warm) | {ms(t_isolated)} |",
        f"| the same read in this process, no isolation | {ms(t_inprocess)} |",
        f"| inspect without a warehouse (read + recognise + validate) | {ms(t_inspect)} |",
        f"| reload of a corrected file (units known, replaces the batch, V5) | {ms(t_reload)} |",
        f"| `pandas.read_excel(engine=\"openpyxl\")`, read only | {ms(t_pandas)} |",
        "",
        f"Goal ≤ 2,5× the calamine parse: {ratio(t_fresh, t_calamine)} — {verdict(t_fresh / t_calamine, 2.5)}.",
        "",
        f"### 2. The command line ({args.repeat} runs each, new processes, alternated)",
        "",
        "| file | `python -m loaders FILE --db NEW` | one-line pandas + openpyxl read | ratio (goal ≤ 0,6×) |",
        "|---|---:|---:|---:|",
        f"| the 1.500-row report | {ms(cli_big)} | {ms(peer_big)} | {ratio(cli_big, peer_big)} — "
        f"{verdict(cli_big / peer_big, 0.6)} |",
        f"| a one-department report (`{ORDINARY.name}`, 9 lĩnh vực) | {ms(cli_small)} | {ms(peer_small)} | "
        f"{ratio(cli_small, peer_small)} — {verdict(cli_small / peer_small, 0.6)} |",
        "",
        f"### 3. First start with the sample ({first_repeat} runs)",
        "",
        f"`queries.connect` of a new file (a copy of the template database of `queries/template.py`, built once "
        f"per code version before these runs) and `loaders.sample.start`: {files} files through the loader path, "
        f"the reference data, then the dossier lists (their CSV files from the cache made by the first start of "
        f"this code and sample, `loaders/sample.py`). **{ms(t_first)}** — goal ≤ 10 s: {verdict(t_first, 10.0)}. "
        f"The first start of a new code or sample version, which generates the lists and keeps them (one run, "
        f"before these): {ms(t_cold)}.",
        "",
        f"Progress bar: the dossier lists generated and loaded last took "
        f"{number(100 * statistics.median(s for s, _ in list_shares), 0)} % of the first start; the bar gives them "
        f"{number(100 * list_shares[0][1], 0)} % of its steps (`loaders.sample.LIST_SHARE`).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
