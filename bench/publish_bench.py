"""Publishing a snapshot for the readers, and a reader's first page on it (issue 18 §2: every reader shows an
upload within 10 s).

    .venv/bin/python bench/publish_bench.py [--scales sample,province,national] [--repeat 3] [--no-write]

For each scale a warehouse is built — "sample": the bundled sample loaded through the analyst's path (its
dossier lists included); "province" / "national": the generated dossier history of bench/queries_bench.py (1 and
34 provinces) — and opened read-write as the writer holds it. Then, --repeat times each:
  - the two ways of copying it (loaders/snapshots.py `publish`, under the write lock): `COPY FROM DATABASE` into
    a new file (queries.copy_database) and the file itself copied after a CHECKPOINT (queries.copy_checkpointed);
    and the check every publication makes (the copy opened read-only, its data version read);
  - in a reader process (one process per scale, AppTest of "Tổng quan", $CCHC_READER_OF): the page's first run
    in the process, a rerun, and the rerun on a newer snapshot (a new file, as after an upload: the query
    cache is keyed by the snapshot, so every query of the page runs again) with the reader's opening of it; then
    on another newer one, the watcher's warming (frame.cache.warm: the queries the page asked for) and the rerun
    after it.
The figures go to the "publish" section of bench/RESULTS.md, with the load average before and after: the
machine is shared.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from bench.queries_bench import SCALES, generate  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders import sample, snapshots  # noqa: E402
from vocabulary.numbers import number  # noqa: E402

SECTION = "publish"
from bench.pages_bench import NO_ACCOUNTS  # noqa: E402  (absent: local mode, no sign-in form)


def build(db: Path, scale: str) -> float:
    began = time.perf_counter()
    if scale == "sample":
        con = queries.connect(db)
        try:
            sample.load_sample(con)
        finally:
            con.close()
    else:
        generate(db, SCALES[scale])
    return time.perf_counter() - began


def copies(db: Path, folder: Path, repeat: int) -> dict:
    """Seconds of each way of copying the open warehouse, and of the check of the copy."""
    con = queries.connect(db)
    found = {"database": [], "file": [], "check": []}
    try:
        for i in range(repeat):
            for way in ("database", "file"):
                target = folder / f"{way}-{i}.duckdb"
                cur = con.cursor()
                began = time.perf_counter()
                with queries.WRITE_LOCK:
                    if way == "database":
                        queries.copy_database(cur, target)
                    elif not queries.copy_checkpointed(cur, target):
                        raise SystemExit("the checkpointed copy was refused on an idle warehouse")
                found[way].append(time.perf_counter() - began)
                cur.close()
                began = time.perf_counter()
                check = queries.connect(target, read_only=True)
                queries.rows(check, "data_version")
                check.close()
                found["check"].append(time.perf_counter() - began)
                found[f"{way} MB"] = target.stat().st_size / 2**20
                target.unlink()
        snapshots.publish(con, folder / "snapshots")           # the reader's first snapshot
    finally:
        con.close()
    return found


def reader_worker(folder: str, repeat: int) -> dict:
    """In a reader process: Tổng quan's first run, its reruns, then the first run on each of `repeat` newer
    snapshots (each a copy of the current one under the next version, as the writer names them)."""
    os.environ.update(CCHC_READER_OF=folder, CCHC_ACCOUNTS=NO_ACCOUNTS)
    os.chdir(ROOT)
    import dashboard  # noqa: F401  (imported first: the first run is not an import benchmark)
    from streamlit.testing.v1 import AppTest

    from frame import cache, connection

    page = str(ROOT / "pages" / "overview.py")

    def run(at) -> float:
        began = time.perf_counter()
        at.run()
        took = time.perf_counter() - began
        if at.exception:
            raise SystemExit(f"Tổng quan failed: {[str(e.value)[:300] for e in at.exception]}")
        return took

    at = AppTest.from_file(page, default_timeout=900)
    first = run(at)
    reruns = [run(at) for _ in range(repeat)]
    newer, opened, warming, warmed = [], [], [], []

    def publish_newer() -> Path:
        current = snapshots.current(Path(folder))
        target = current.with_name(snapshots.snapshot_name(snapshots.version_of(current) + 1))
        shutil.copyfile(current, target)
        snapshots.point_at(target)
        return target

    for _ in range(repeat):
        publish_newer()
        began = time.perf_counter()
        connection.connection()                                 # the reader opens the new snapshot
        opened.append(time.perf_counter() - began)
        newer.append(run(at))
        # as the reader's watcher does (frame/reader.py): the queries asked for lately run on the newer snapshot
        # before the page reruns on it
        target = publish_newer()
        began = time.perf_counter()
        cur = connection.connection().cursor()
        cache.warm(cur, str(target), 600)
        cur.close()
        warming.append(time.perf_counter() - began)
        warmed.append(run(at))
    return {"first": first, "reruns": reruns, "newer": newer, "opened": opened, "warming": warming,
            "warmed": warmed}


def in_reader(folder: Path, repeat: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--reader", str(folder), "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"reader worker failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _s(values) -> str:
    return number(statistics.median(values), 3) + " s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="sample,province,national")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--reader", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reader:
        print(json.dumps(reader_worker(args.reader, args.repeat)))
        return
    out = ["## Publishing a snapshot and a reader's first page on it (bench/publish_bench.py)", "",
           f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; machine: {machine()}",
           f"- Medians of {args.repeat}. Copy: under the write lock, of the warehouse open read-write. Check: the "
           "copy opened read-only and its data version read. Reader: AppTest of \"Tổng quan\" in a reader process "
           "($CCHC_READER_OF); \"newer snapshot\": the open page's rerun after a new file was published "
           "(every query of the page runs again: the cache is keyed by the snapshot), \"opened\" the reader "
           "opening that file; \"warming\" the reader's watcher running the queries the page asked for on a newer "
           "snapshot before the page reruns on it (frame/reader.py), then that rerun.", "",
           "| scale | file MB | COPY FROM DATABASE | CHECKPOINT + file copy | check | page first run | rerun | "
           "reader opens a newer snapshot | page's first run on it | warming a newer snapshot | page's run on it "
           "then | load average before → after |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    with tempfile.TemporaryDirectory(prefix="cchc-publish-") as tmp:
        for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
            folder = Path(tmp) / scale
            folder.mkdir()
            load = os.getloadavg()[0]
            built = build(folder / "cchc.duckdb", scale)
            print(f"[{scale}] built in {built:.1f} s", flush=True)
            found = copies(folder / "cchc.duckdb", folder, args.repeat)
            reader = in_reader(folder / "snapshots", args.repeat)
            print(f"[{scale}] {found} {reader}", flush=True)
            out.append(f"| {scale} | {number(found['file MB'], 1)} | {_s(found['database'])} | {_s(found['file'])} | "
                       f"{_s(found['check'])} | {_s([reader['first']])} | {_s(reader['reruns'])} | "
                       f"{_s(reader['opened'])} | {_s(reader['newer'])} | {_s(reader['warming'])} | "
                       f"{_s(reader['warmed'])} | "
                       f"{number(load, 1)} → {number(os.getloadavg()[0], 1)} |")
    text = "\n".join(out) + "\n"
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
