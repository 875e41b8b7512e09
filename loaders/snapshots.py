"""Published snapshots of the warehouse: one writer instance copies it after each change, reader instances open
the newest copy read-only.

**Why copies.** DuckDB lets one process open a file read-write, and then no other process may open it at all,
not even read-only. So the instance that writes (uploads, rollbacks, the directory, restores: the "writer")
keeps `cchc.duckdb`, and after each change writes a consistent copy of it into a snapshots folder; any number
of "reader" instances, in other processes or on other machines sharing the folder, open the newest copy
read-only. A copy is `COPY FROM DATABASE` (`queries.copy_database`, the backups' copy): one transaction's
snapshot, tables, views, macros and sequences included, a standalone file with no `.wal`.

**When.** Every write of the writer process happens under `queries.WRITE_LOCK`, which calls its listeners when
its outermost holder lets go (a transaction has ended): that is the one place a change can happen, whatever
page, loader or restore made it. The `Publisher` (a thread of the writer) is woken there and publishes once
the writes have paused for `QUIET` seconds, or `LATEST` seconds after the first unpublished one while writes
keep coming (a bulk load). A lock section that changed nothing (a rolled back load, a backup) is published
too: a needless copy, never a missed change.

**How, atomically.** The copy is written under a temporary name in the folder (`.v000124.duckdb.tmp`), opened
read-only once to check that DuckDB reads it, renamed `v000124.duckdb` (same folder: an atomic rename), and
then the pointer file `current` is written the same way (a temporary file renamed over it) to name it. A
reader reads `current`: it names either the previous or the new copy, never a half-written one. The version
is one more than the highest found in the folder, so it keeps growing across restarts. Older copies beyond
`KEEP` are removed; a reader still running a query on one keeps reading it (on Linux a removed file stays
readable by whoever has it open).

Configured by the environment: `$CCHC_PUBLISH_TO=DIR` makes an instance a writer that publishes into DIR;
`$CCHC_READER_OF=DIR` makes it a reader of DIR (vocabulary/instance.py; the frame's reader mode).
"""

import logging
import os
import re
import tempfile
import threading
import time
from pathlib import Path

import queries

log = logging.getLogger("cchc")

POINTER = "current"
NAME = re.compile(r"v(\d{6,})\.duckdb")
KEEP = 3            # copies kept: the current one and two before it, for page runs still reading them
QUIET = 0.3         # seconds without a write before publishing
LATEST = 5.0        # seconds after the first unpublished write, at the latest, while writes keep coming


def version_of(path: Path) -> int:
    match = NAME.fullmatch(Path(path).name)
    if match is None:
        raise ValueError(f"not a snapshot name: {path}")
    return int(match.group(1))


def snapshot_name(version: int) -> str:
    return f"v{version:06d}.duckdb"


def published(folder: Path) -> list[Path]:
    """The snapshot files of `folder`, oldest first."""
    return sorted((p for p in Path(folder).glob("v*.duckdb") if NAME.fullmatch(p.name)), key=version_of)


def current(folder: Path) -> Path | None:
    """The snapshot the pointer names, or None when nothing is published yet (or the file it names is gone)."""
    try:
        name = (Path(folder) / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not NAME.fullmatch(name):
        return None
    path = Path(folder) / name
    return path if path.exists() else None


def _write_atomically(path: Path, text: str) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)          # readers may run as another user (mkstemp makes it 0600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def point_at(snapshot: Path) -> None:
    """Make the pointer of the snapshot's folder name it (readers take it from their next page run)."""
    _write_atomically(Path(snapshot).parent / POINTER, Path(snapshot).name + "\n")


def publish(con, folder: Path, keep: int = KEEP, timings: dict | None = None) -> Path:
    """Copy the open warehouse `con` into `folder` as the next version and point `current` at it; returns the
    new snapshot. Under the write lock, so no write of this process is half done in the copy and two
    publications never share the copy's attach name. `timings`, when given, receives the seconds of each step
    (`lock`, `copy`, `check`, `point`), the wall-clock time the pointer named it (`at`) and the newest batch
    it holds (`last_batch`), for the log and the load test."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cur = con.cursor()
    steps = timings if timings is not None else {}
    clock = time.perf_counter()
    try:
        with queries.WRITE_LOCK:
            steps["lock"], clock = _since(clock)
            found = published(folder)
            version = (version_of(found[-1]) if found else 0) + 1
            target = folder / snapshot_name(version)
            temporary = folder / f".{target.name}.tmp"
            temporary.unlink(missing_ok=True)
            try:
                if queries.copy_checkpointed(cur, temporary):
                    steps["method"] = "file"
                else:
                    queries.copy_database(cur, temporary)
                    steps["method"] = "database"
                steps["copy"], clock = _since(clock)
                check = queries.connect(temporary, read_only=True)    # DuckDB reads it, with our tables
                try:
                    steps["last_batch"] = queries.rows(check, "data_version")[0][0]
                finally:
                    check.close()
                steps["check"], clock = _since(clock)
                os.replace(temporary, target)
            finally:
                temporary.unlink(missing_ok=True)
            point_at(target)
            steps["at"] = time.time()
            steps["point"], clock = _since(clock)
    finally:
        cur.close()
    prune(folder, keep)
    return target


def _since(clock: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now - clock, now


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Remove all but the newest `keep` snapshots (never the one `current` names); returns those removed."""
    pointed = current(folder)
    removed = [p for p in published(folder)[:-keep] if p != pointed] if keep > 0 else []
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


class Publisher:
    """In the writer process: publishes a snapshot of `con` into `folder` at start and after each write."""

    def __init__(self, con, folder: Path, quiet: float = QUIET, latest: float = LATEST):
        self.con, self.folder, self.quiet, self.latest = con, Path(folder), quiet, latest
        self._changed = threading.Condition()
        self._first_change = self._last_change = None
        self._stopped = False
        self.published: Path | None = None
        self._thread = threading.Thread(target=self._run, name="cchc-snapshot-publisher", daemon=True)

    def start(self) -> "Publisher":
        queries.WRITE_LOCK.listeners.append(self.changed)
        self.changed()                        # the file as it is at start (a restart, a restore from the command line)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify()
        if self.changed in queries.WRITE_LOCK.listeners:
            queries.WRITE_LOCK.listeners.remove(self.changed)

    def changed(self) -> None:
        """The write lock's listener: a write may have ended (its own publications do not count)."""
        if threading.current_thread() is self._thread:
            return
        with self._changed:
            now = time.monotonic()
            self._first_change = self._first_change or now
            self._last_change = now
            self._changed.notify()

    def _due(self) -> float | None:
        """Seconds until a publication is due (0: now), or None when nothing waits."""
        if self._first_change is None:
            return None
        now = time.monotonic()
        return max(0.0, min(self._last_change + self.quiet, self._first_change + self.latest) - now)

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._stopped and (self._due() is None or self._due() > 0):
                    self._changed.wait(self._due())
                if self._stopped:
                    return
                now = time.monotonic()
                waited = (now - self._first_change, now - self._last_change)
                self._first_change = self._last_change = None
            try:
                steps = {}
                self.published = publish(self.con, self.folder, timings=steps)
                # one line per publication, key=value, read back by bench/load_test.py
                log.info("snapshot published version=%d at=%.3f last_batch=%s after_first_write=%.3f "
                         "after_last_write=%.3f lock=%.3f copy=%.3f check=%.3f point=%.3f method=%s",
                         version_of(self.published), steps["at"], steps["last_batch"], *waited, steps["lock"],
                         steps["copy"], steps["check"], steps["point"], steps["method"])
            except Exception:                    # a closed connection (a restore): the next one starts a publisher
                log.exception("snapshot publication failed")


_publishers: dict[str, Publisher] = {}
_publishers_lock = threading.Lock()


def publish_from(con, folder: Path) -> Publisher:
    """Start publishing `con` into `folder`, replacing this process's earlier publisher there (the connection
    closed by a restore)."""
    key = str(Path(folder).resolve())
    with _publishers_lock:
        old = _publishers.pop(key, None)
        if old is not None:
            old.stop()
        _publishers[key] = Publisher(con, folder).start()
        return _publishers[key]


class NothingPublished(queries.DatabaseBusy):
    """A reader whose folder holds no snapshot yet; the Vietnamese message says what to do."""


class SnapshotReader:
    """In a reader process: connections to the published snapshots, opened read-only when first asked for.

    The frame asks `newest()` once at the start of each page run and reads that snapshot for the whole run (a
    run never mixes two versions); the next run sees a newer one, without a restart and without touching the
    browser sessions. Connections to older snapshots are closed once `keep_open` newer ones are open: a page
    run still reading one of them would be more than two publications old."""

    def __init__(self, folder: Path, prepare=None, keep_open: int = KEEP):
        self.folder, self.prepare, self.keep_open = Path(folder), prepare, keep_open
        self._open: dict[Path, object] = {}
        self._lock = threading.Lock()

    def newest(self) -> Path:
        path = current(self.folder)
        if path is None:
            raise NothingPublished(
                f"Chưa có bản số liệu nào được công bố trong thư mục {self.folder}: địa chỉ này chỉ hiển thị bản do "
                "địa chỉ quản trị (nơi nạp dữ liệu) công bố sau mỗi lần thay đổi. Hãy mở địa chỉ quản trị một lần "
                "(hoặc kiểm tra biến môi trường CCHC_PUBLISH_TO của nó), rồi tải lại trang này.")
        return path

    def connection(self, path: Path):
        """The read-only connection to snapshot `path` (opened now if it is not yet)."""
        path = Path(path)
        with self._lock:
            con = self._open.get(path)
            if con is None:
                began = time.perf_counter()
                con = queries.connect(path, read_only=True)
                if self.prepare is not None:
                    self.prepare(con)
                self._open[path] = con
                log.info("snapshot opened version=%d at=%.3f open=%.3f", version_of(path), time.time(),
                         time.perf_counter() - began)
                for old in sorted(self._open, key=version_of)[:-self.keep_open]:
                    self._open.pop(old).close()
            return con

    def open_versions(self) -> list[int]:
        with self._lock:
            return sorted(version_of(p) for p in self._open)

    def close(self) -> None:
        with self._lock:
            for con in self._open.values():
                con.close()
            self._open.clear()
