"""Long fuzz run of the loader: mutated fixture workbooks (tests/mutations.py), 10.000 cases by default.

    .venv/bin/python bench/fuzz_long.py [--cases 10000] [--seed 1] [--no-write]

Every case goes through inspect (and commit when it has no error) as the upload page does; a case fails
when it raises (a crash: problems must come back as Issues) or when a refused or failed load changed a
table, or a stored batch does not hold exactly its rows (a partial write). The warehouse is started afresh
every 1.000 cases so it stays the size of a province's. The figures go to the "fuzz" section of
bench/RESULTS.md; failing cases are listed with their seed, number, file and mutations (rerun to see them).
"""

import argparse
import logging
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from vocabulary.numbers import number  # noqa: E402
from tests.mutations import Tally, batch_rows_agree, seeds  # noqa: E402

SECTION = "fuzz"
STRUCTURAL = ("single_quotes", "inflate_count", "inflate_dimension", "drop_refs", "rename_member", "entity", "utf16",
              "far_cell", "huge_merge")
FRESH_EVERY = 1000


class _ChildDeaths(logging.Handler):
    """Counts the reader children that ended abnormally (loaders.reader_process logs each)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        if "ended abnormally" in record.getMessage() or "reader failed" in record.getMessage():
            self.count += 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    rng, sources = random.Random(args.seed), seeds()
    tally = Tally()
    deaths = _ChildDeaths()
    logging.getLogger("cchc").addHandler(deaths)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cchc-fuzz-") as folder:
        for first in range(0, args.cases, FRESH_EVERY):
            con = queries.connect(Path(folder) / f"fuzz-{first // FRESH_EVERY}.duckdb")
            tally.run(con, rng, sources, range(first, min(first + FRESH_EVERY, args.cases)), echo=True)
            if not batch_rows_agree(con):
                tally.problems.append(f"cases {first}–{first + FRESH_EVERY - 1}: partial write, a batch's rows "
                                      "disagree with its row_count")
            queries.check_integrity(con)
            con.close()
            print(f"{min(first + FRESH_EVERY, args.cases)} cases, {dict(tally.outcomes)}", flush=True)
    outcomes, kinds, problems = tally.outcomes, tally.kinds, tally.problems
    seconds = time.perf_counter() - started
    crashes = sum(1 for p in problems if "crash" in p)
    aborts = outcomes["abort"]
    partial = sum(1 for p in problems if "partial write" in p or "không khớp" in p)
    lines = [
        "## Fuzz: mutated fixture workbooks (bench/fuzz_long.py)",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}",
        f"- Cases: {number(args.cases)} (seed {args.seed}; {len(sources)} fixture workbooks, 1–3 mutations each; "
        f"a fresh warehouse every {number(FRESH_EVERY)} cases)",
        f"- Outcome: {number(outcomes['refused'])} refused with issues, {number(outcomes['loaded'])} loaded, "
        f"{number(outcomes['duplicate'])} recognised as already loaded",
        f"- **Crashes: {crashes}; reader aborts: {aborts}; partial writes: {partial}** (a reader abort is a case "
        "whose child reading process died or was stopped: the server lives on, but a pre-check missed the file)",
        f"- Reading children whose death decided a file's outcome: {deaths.count}. (A parse child running beside a "
        "structure check that refuses the file may still die on it — \"memory allocation … failed\" lines in the "
        "run's log — and is discarded: by design it parses before the check has passed, under the same limits.)",
        f"- Structural XML mutations among them: {number(sum(kinds[k] for k in STRUCTURAL))} (quoting, inflated "
        "counts and dimensions, references removed, members renamed, DTDs and entities, UTF-16, far cells, "
        "huge merges)",
        f"- Time: {seconds:.0f} s ({1000 * seconds / max(args.cases, 1):.0f} ms per case, inspect + commit + two "
        "table fingerprints)",
        "",
        "| Mutation | Times |",
        "|---|---:|",
    ] + [f"| {kind} | {number(count)} |" for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1])]
    if problems:
        lines += ["", "Failing cases:", ""] + [f"- {p}" for p in problems[:50]]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
