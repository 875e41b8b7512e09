"""Consolidated Biểu 06 and bulletin benchmark.

    .venv/bin/python bench/reports_bench.py [--repeat 5] [--no-write]

- Biểu 06 of a province year: the synthetic province of bench/queries_bench.py (120 units × 40 lĩnh vực ×
  40 quarters, 192.000 dossier rows), year 2025 (15/12/2024 – 14/12/2025) built from its four quarters, all
  units, by lĩnh vực (40 rows) and by unit (120 rows): reading (reports.bieu06.gather: the window query, the
  checks, the missing units) and writing the .xlsx with its cached values. Goal (issue 15): ≤ 2 s.
- Bulletin of Q4/2025 on the bundled sample (it has the plan, KPIs and scores the bulletin speaks of), with
  6 alert rules: reports.bulletin.build (slides, rules, the PDF handout) and the .eml/.html/.txt/.json.
  Goal: ≤ 5 s. The same for a weekly bulletin derived from the sample's dossier lists (Tuần 49/2025).
The first run of the process is reported apart from the medians of --repeat runs. Results go to the
"reports" section of bench/RESULTS.md (bench/results.py).
"""

import argparse
import datetime as dt
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from bench.queries_bench import generate  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders import sample  # noqa: E402
from vocabulary.numbers import number  # noqa: E402
from reports import alerts, bieu06, bulletin, pdf, slides  # noqa: E402

SECTION = "reports"
BIEU06_GOAL_S, BULLETIN_GOAL_S = 2.0, 5.0
PDF_ALONE = "of which: the PDF handout alone (reports/pdf.py, the same as bench/deck_bench.py's \"PDF A4\")"
YEAR = (dt.date(2024, 12, 15), dt.date(2025, 12, 14))
RULES = ((alerts.ON_TIME_BELOW, 99.5), (alerts.OVERDUE_ABOVE, 10), (alerts.NOT_REPORTED, 5),
         (alerts.TASKS_DUE, 30), (alerts.KPI_BELOW_TARGET, None), (alerts.ONLINE_BELOW_TARGET, None))


WEEK = "Tuần 49/2025"


def _timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _measure(steps: dict, repeat: int) -> dict:
    first, times, sizes = {}, {k: [] for k in steps}, {}
    for attempt in range(repeat + 1):
        for name, work in steps.items():
            seconds, result = _timed(work)
            if isinstance(result, (bytes, str)):
                sizes[name] = len(result)
            (first.__setitem__(name, seconds) if attempt == 0 else times[name].append(seconds))
    return {"first": first, "median": {k: statistics.median(v) for k, v in times.items()}, "sizes": sizes}


def bieu06_steps(con, by: str) -> dict:
    run = functools.partial(queries.run, con)
    state = {}

    def gather():
        state["report"] = bieu06.gather(run, *YEAR, by=by)
        return state["report"]

    return {f"{by}: read (gather)": gather, f"{by}: write .xlsx": lambda: bieu06.workbook_bytes(state["report"])}


def bulletin_steps(con, folder: Path, period_text: str = "Quý IV/2025") -> dict:
    run = functools.partial(queries.run, con)
    window = bulletin.choose_window(run, period_text)
    state = {}

    def build():
        state["b"] = bulletin.build(run, window, today=dt.date(2026, 1, 5))
        return state["b"].handout

    steps = {"build (slides, rules, PDF)": build,
             ".eml + .html + .txt + .pdf + .json": lambda: sum(p.stat().st_size for p in
                                                             bulletin.write_files(state["b"], folder)).to_bytes(8)}
    if period_text.startswith("Quý"):
        deck = slides.build(run, slides.Settings(kind=window.period.kind, period_end=window.period.end))
        steps[PDF_ALONE] = lambda: pdf.build(deck)
    return steps


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _table(result: dict) -> list[str]:
    lines = ["| step | first run | median |", "|---|---:|---:|"]
    lines += [f"| {name} | {_ms(result['first'][name])} | {_ms(m)} |" for name, m in result["median"].items()]
    return lines


def report(province: dict, gen: dict, bul: dict, repeat: int, load: str, week: dict | None = None) -> str:
    lines = ["## Consolidated Biểu 06 and the bulletin", "",
             "Written by `bench/reports_bench.py` (run it again to refresh). Medians; nothing here is a test assertion.",
             "", f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}", f"- Machine: {machine()}",
             f"- **Load**: {load}", f"- {repeat} runs after a first one", "",
             f"### Biểu 06 of a province year (synthetic: {gen['units']} units, "
             f"{number(gen['rows']['dossier_count'])} dossier rows; year 2025 from 4 quarters, all units)",
             ""] + _table(province)
    for by in ("linh_vuc", "unit"):
        total = province["median"][f"{by}: read (gather)"] + province["median"][f"{by}: write .xlsx"]
        first = province["first"][f"{by}: read (gather)"] + province["first"][f"{by}: write .xlsx"]
        lines.append(f"\nBy {by}: read + write median {_ms(total)}, first run {_ms(first)} — goal ≤ "
                     f"{BIEU06_GOAL_S:.0f} s {'met' if max(total, first) <= BIEU06_GOAL_S else 'NOT met'}.")
    total = sum(v for k, v in bul["median"].items() if k != PDF_ALONE)
    first = sum(v for k, v in bul["first"].items() if k != PDF_ALONE)
    lines += ["", "### Bulletin of Q4/2025 (bundled sample, 6 alert rules, PDF handout attached)", ""] + _table(bul)
    lines.append(f"\nBulletin with its PDF: median {_ms(total)}, first run {_ms(first)} — goal ≤ "
                 f"{BULLETIN_GOAL_S:.0f} s {'met' if max(total, first) <= BULLETIN_GOAL_S else 'NOT met'}.")
    if week:
        total, first = sum(week["median"].values()), sum(week["first"].values())
        lines += ["", f"### Weekly bulletin of {WEEK} from the sample's dossier lists (74.223 dossiers; the window, "
                  "the previous week and the same week of 2024 derived by dossier_list_window_totals)", ""]
        lines += _table(week)
        lines.append(f"\nWeekly bulletin with its PDF: median {_ms(total)}, first run {_ms(first)} — goal ≤ "
                     f"{BULLETIN_GOAL_S:.0f} s {'met' if max(total, first) <= BULLETIN_GOAL_S else 'NOT met'}.")
    return "\n".join(lines) + "\n"


def _load_note() -> str:
    one, five, fifteen = (float(x) for x in Path("/proc/loadavg").read_text().split()[:3])
    return (f"the machine was shared with other engineers' work during the run (load average {one:.1f} / {five:.1f} / "
            f"{fifteen:.1f} over 1 / 5 / 15 min on 2 cores); figures are slower than on an idle machine")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as folder:
        folder = Path(folder)
        gen = generate(folder / "province.duckdb", provinces=1)
        con = queries.connect(folder / "province.duckdb", read_only=True)
        province = _measure({**bieu06_steps(con, "linh_vuc"), **bieu06_steps(con, "unit")}, args.repeat)
        con.close()
        con = queries.connect(folder / "sample.duckdb")
        loaded, problems = sample.load_sample(con)
        assert not problems, problems
        for kind, threshold in RULES:
            alerts.add_rule(con, alerts.KINDS[kind].label, kind, threshold, None, ["lanhdao@so.example.vn"])
        bul = _measure(bulletin_steps(con, folder / "out"), args.repeat)
        week = _measure(bulletin_steps(con, folder / "out", WEEK), args.repeat)
        con.close()
    text = report(province, gen, bul, args.repeat, _load_note(), week)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
