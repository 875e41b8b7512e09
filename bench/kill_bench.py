"""Kill benchmark: a command-line load of a large report killed (SIGKILL) at random moments, 20 times.

    .venv/bin/python bench/kill_bench.py [--rows 45000] [--sheets 3] [--kills 20] [--seed 1] [--no-write]

The warehouse holds one report; the load adds one file of `--sheets` sheets × `--rows` rows (one unit per
sheet, all in the file's one transaction: 135.000 rows by default, so that DuckDB writes row groups into the
database file before the commit — the file's size limits are raised for it). Half the kills fall at any
moment of the run; half a random 0–0,5 s after the database file starts growing, i.e. while the transaction
is writing, at its commit or during the checkpoint after it. After each kill the file is opened as the
dashboard opens it (every block's checksum read) and compared, table by table and row by row, with the
state before the load and with the state after a complete load: it must be one or the other. The figures
go to the "kill" section of bench/RESULTS.md.
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
from vocabulary.numbers import number  # noqa: E402
from loaders.pipeline import commit_file, inspect_file  # noqa: E402
from tests.big_report import write_big_report  # noqa: E402
from tests.killing import full_load, load_and_kill, state  # noqa: E402

SECTION = "kill"
LIMITS = {"CCHC_MAX_FILE_MB": "50", "CCHC_MAX_UNCOMPRESSED_MB": "600", "CCHC_MAX_ROWS": "60000",
          "CCHC_MAX_CELLS": "5000000"}
GOOD = ROOT / "tests" / "fixtures" / "good_official_formulas_tu_phap_q2_2025.xlsx"


def _yes(flag: bool) -> str:
    return "có" if flag else "không"


def _s(seconds: float) -> str:
    return number(seconds, 2) + " s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=45_000)
    parser.add_argument("--sheets", type=int, default=3)
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
        big = write_big_report(folder / f"bieu06_{args.sheets}x{args.rows}_dong.xlsx", args.rows, sheets=args.sheets)
        work = folder / "work.duckdb"
        shutil.copy(base, work)
        dry = full_load(work, [big], dry_run=True, env=LIMITS)
        complete = full_load(work, [big], env=LIMITS)
        before, after = state(base), state(work)
        results, outcomes = [], Counter()
        for case in range(args.kills):
            db = folder / f"k{case}.duckdb"
            shutil.copy(base, db)
            while_writing = case % 2 == 1
            delay = rng.uniform(0, 0.5) if while_writing else rng.uniform(0.1, complete)
            kill = load_and_kill(db, [big], delay, after_growth=while_writing, env=LIMITS)
            try:
                found = state(db)
                outcome = "before" if found == before else "complete" if found == after else "OTHER"
            except queries.DatabaseDamaged as exc:
                outcome = f"DAMAGED: {exc}"
            outcomes[outcome if kill.killed else f"ended first ({outcome})"] += 1
            results.append((case + 1, "khi đang ghi" if while_writing else "bất kỳ", kill, outcome))
            print(results[-1], flush=True)
            db.unlink(missing_ok=True)
    bad = sum(1 for *_, kill, outcome in results
              if outcome not in ("before", "complete") or (not kill.killed and outcome != "complete"))
    label = {"before": "như trước khi nạp", "complete": "đã nạp đủ"}
    lines = [
        "## Kill test: a load killed at random moments (bench/kill_bench.py)",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}",
        f"- Load: `python -m loaders` of one Biểu 06 file of {args.sheets} sheets × {number(args.rows)} rows "
        f"({number(args.sheets * args.rows)} rows, one transaction) into a warehouse holding one report; complete run "
        f"{_s(complete)}, dry run (read and check only) {_s(dry)}",
        f"- Kills: {args.kills} (SIGKILL; half at any moment, half 0–0,5 s after the database file starts growing), "
        f"seed {args.seed}",
        f"- **Warehouse after each kill: {outcomes['before']} × as before the load, {outcomes['complete']} × the "
        f"complete load (killed after the commit, during the final checkpoint or exit), "
        f"{sum(v for k, v in outcomes.items() if k.startswith('ended first'))} × the load ended before the kill; "
        f"{bad} × anything else (damaged or partial)**",
        f"- Kills after the load's transaction had begun writing row groups into the database file, which left "
        f"the warehouse as before (the uncommitted writes discarded at the next start): "
        f"{sum(1 for _, _, k, o in results if k.killed and k.writing and o == 'before')}; kills after the "
        f"commit (during the checkpoint or the exit), which left the complete load: "
        f"{sum(1 for _, _, k, o in results if k.killed and o == 'complete')}",
        "",
        "| # | Moment | Killed at | Killed before the end | File grown (writing) | Write-ahead log present | "
        "Warehouse after |",
        "|---:|---|---:|---|---|---|---|",
    ] + [f"| {n} | {moment} | {_s(k.at)} | {_yes(k.killed)} | {_yes(k.writing)} | {_yes(k.committing)} | "
         f"{label.get(outcome, outcome)} |" for n, moment, k, outcome in results]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
