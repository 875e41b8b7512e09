"""Kill benchmark: a command-line load of a large report killed (SIGKILL) at random moments, 20 times.

    .venv/bin/python bench/kill_bench.py [--rows 20000] [--kills 20] [--seed 1] [--no-write]

The warehouse holds one report; the load adds a `--rows` report (one unit, one row per lĩnh vực). Half the
kills fall anywhere in the run, half around the write phase (between the end of a dry run — reading and
checking only — and the end of a complete load). After each kill the file is opened as the dashboard
opens it (every block's checksum read) and compared, table by table and row by row, with the state before
the load and with the state after a complete load: it must be one or the other. The figures go to the
"kill" section of bench/RESULTS.md.
"""

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders.pipeline import commit_file, inspect_file  # noqa: E402
from tests.big_report import write_big_report  # noqa: E402
from tests.killing import full_load, load_and_kill, state  # noqa: E402

SECTION = "kill"
GOOD = ROOT / "tests" / "fixtures" / "good_official_formulas_tu_phap_q2_2025.xlsx"


def _n(value) -> str:
    return f"{value:,}".replace(",", ".")


def _s(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",") + " s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="cchc-kill-") as folder:
        folder = Path(folder)
        base = folder / "base.duckdb"
        con = queries.connect(base)
        commit_file(con, inspect_file(con, GOOD.name, GOOD.read_bytes()), loaded_by="bench")
        con.close()
        big = write_big_report(folder / f"bieu06_{args.rows}_dong.xlsx", args.rows)
        work = folder / "work.duckdb"
        shutil.copy(base, work)
        dry = full_load(work, [big], dry_run=True)
        complete = full_load(work, [big])
        before, after = state(base), state(work)
        results, outcomes = [], Counter()
        for number in range(args.kills):
            db = folder / f"k{number}.duckdb"
            shutil.copy(base, db)
            around_writing = number % 2 == 1
            delay = (rng.uniform(dry - 0.3, complete + 0.1) if around_writing else rng.uniform(0.1, complete))
            killed, at = load_and_kill(db, [big], delay)
            try:
                found = state(db)
                outcome = "before" if found == before else "complete" if found == after else "OTHER"
            except queries.DatabaseDamaged as exc:
                outcome = f"DAMAGED: {exc}"
            outcomes[outcome if killed else f"ended first ({outcome})"] += 1
            results.append((number + 1, "quanh pha ghi" if around_writing else "bất kỳ", at, killed,
                            dry <= at <= complete, outcome))
            print(results[-1], flush=True)
            db.unlink(missing_ok=True)
    bad = sum(1 for r in results if r[5] not in ("before", "complete") or (not r[3] and r[5] != "complete"))
    label = {"before": "như trước khi nạp", "complete": "đã nạp đủ"}
    lines = [
        "## Kill test: a load killed at random moments (bench/kill_bench.py)",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}",
        f"- Load: `python -m loaders` of a {_n(args.rows)}-row Biểu 06 into a warehouse holding one report; "
        f"complete run {_s(complete)}, dry run (read and check only) {_s(dry)}",
        f"- Kills: {args.kills} (SIGKILL; half at any moment, half around the write phase), seed {args.seed}",
        f"- **Warehouse after each kill: {outcomes['before']} × as before the load, {outcomes['complete']} × the "
        f"complete load (killed after the commit, during the final checkpoint or exit), "
        f"{sum(v for k, v in outcomes.items() if k.startswith('ended first'))} × the load ended before the kill; "
        f"{bad} × anything else (damaged or partial)**",
        f"- Kills inside the estimated write phase ({_s(dry)} – {_s(complete)} after start): "
        f"{sum(1 for r in results if r[3] and r[4])}",
        "",
        "| # | Moment | Killed at | Killed before the end | Warehouse after |",
        "|---:|---|---:|---|---|",
    ] + [f"| {n} | {moment} | {_s(at)} | {'có' if killed else 'không'} | {label.get(outcome, outcome)} |"
         for n, moment, at, killed, _, outcome in results]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
