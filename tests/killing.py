"""Killing a command-line load (`python -m loaders`) at chosen moments, and comparing the warehouse after it
with the states it may legitimately be in (tests/test_kill.py, bench/kill_bench.py)."""

import os
import signal
import subprocess
import sys
import time
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


def load_command(db: Path, files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "loaders", *map(str, files), "--db", str(db), "-q"]


def full_load(db: Path, files: list[Path], dry_run: bool = False) -> float:
    """Run the load to its end (or only its reading and checking, `dry_run`); returns its duration in seconds.

    The difference between the two is the write phase: the transaction and the checkpoint at the end."""
    started = time.perf_counter()
    subprocess.run(load_command(db, files) + (["--dry-run"] if dry_run else []), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def load_and_kill(db: Path, files: list[Path], delay: float, after_writing: bool = False) -> tuple[bool, float]:
    """Start the load and SIGKILL it `delay` seconds after its start — or, with `after_writing`, after the
    write-ahead log appears (the load's transaction has begun writing). Returns (killed before it ended,
    seconds from start to kill)."""
    wal = Path(f"{db}.wal")
    started = time.perf_counter()
    process = subprocess.Popen(load_command(db, files), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    if after_writing:
        while process.poll() is None and not wal.exists():
            time.sleep(0.001)
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    at = time.perf_counter() - started
    process.wait()
    return killed, at
