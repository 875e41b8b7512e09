"""Killing a command-line load (`python -m loaders`) at chosen moments, and comparing the warehouse after it
with the states it may legitimately be in (tests/test_kill.py, bench/kill_bench.py)."""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import queries

ROOT = Path(__file__).resolve().parent.parent
# columns that differ between two runs of the same load (when it ran), not what it stored
VOLATILE = {"load_batch": "loaded_at", "schema_version": "applied_at"}


def state(db: Path) -> dict[str, list]:
    """Every table's rows (sorted), the volatile columns left out; the file is opened the way the dashboard
    opens it at start (`verify`: every block read), so a damaged file raises DatabaseDamaged."""
    con = queries.connect(db, verify=True)
    try:
        found = {}
        for (table,) in queries.rows(con, "backup_tables"):
            relation = con.table(table)
            if table in VOLATILE:
                relation = relation.project(f"* EXCLUDE ({VOLATILE[table]})")
            found[table] = sorted(relation.fetchall(), key=repr)
        return found
    finally:
        con.close()


def load_command(db: Path, files: list[Path], dry_run: bool = False) -> list[str]:
    return [sys.executable, "-m", "loaders", *map(str, files), "--db", str(db), "-q"] + (["--dry-run"] if dry_run else [])


def full_load(db: Path, files: list[Path], dry_run: bool = False, env: dict | None = None) -> float:
    """Run the load to its end (or only its reading and checking, `dry_run`); returns its duration in seconds."""
    started = time.perf_counter()
    subprocess.run(load_command(db, files, dry_run), cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - started


@dataclass
class Kill:
    killed: bool          # the load was still running when killed
    at: float             # seconds from its start
    writing: bool         # the database file had grown: the transaction was writing (DuckDB writes large
                          # inserts into the file before the commit)
    committing: bool      # the write-ahead log existed: DuckDB writes it at the commit


def load_and_kill(db: Path, files: list[Path], delay: float, after_growth: bool = False,
                  env: dict | None = None) -> Kill:
    """Start the load and SIGKILL it `delay` seconds after its start — or, with `after_growth`, `delay` seconds
    after the database file starts growing (the load's transaction is writing)."""
    wal = Path(f"{db}.wal")
    size = db.stat().st_size
    started = time.perf_counter()
    process = subprocess.Popen(load_command(db, files), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    if after_growth:
        while process.poll() is None and db.stat().st_size == size and not wal.exists():
            time.sleep(0.001)
    time.sleep(delay)
    killed = process.poll() is None
    writing, committing = db.stat().st_size != size, wal.exists()
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    at = time.perf_counter() - started
    process.wait()
    return Kill(killed, at, writing, committing)
