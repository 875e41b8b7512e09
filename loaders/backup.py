"""Backing up the warehouse file and restoring it from a backup, without ever losing the current data.

**How a backup is made.** `ATTACH` a new file and `COPY FROM DATABASE` into it (`queries.copy_database`),
rather than `CHECKPOINT` and a copy of the file's bytes. DuckDB writes the copy itself from one
transaction's snapshot, so it is consistent even if a session loads a file at that moment, it is a
standalone file (no `.wal` beside it to forget) and compact; tables, views, the rate macros, the index
and the sequences at their current values all come along (checked by the round-trip test). A byte copy
would be consistent only if nothing wrote between the checkpoint and the end of the copy, which the
dashboard's own connection cannot promise for other sessions, and it would copy DuckDB's free blocks
too. The copy is made under `queries.WRITE_LOCK` (no load of this process is half-written meanwhile)
and checked like an uploaded backup before it is handed out.

**How a restore is checked.** Before anything is replaced, the uploaded bytes are written to a temporary
file beside the warehouse and opened with DuckDB *read-only*, with its access to files and the network
turned off: it must be a DuckDB database this DuckDB version can read, with a `schema_version` table whose
version is between 1 and the app's latest migration (a newer one comes from a newer app: its tables may
mean something this version does not know), every table the migrations up to that version create, and
nothing else: its catalog is compared with the one this code's migrations up to that version build (in
memory). A schema, table, sequence or type they do not create, a table whose columns, defaults, generated
columns, constraints or indexes differ (a default or a generated column is SQL that runs), or a view or
macro that is not one of this code's models (queries/models/) refuses the file — a backup this dashboard
made never holds one, so the file was altered. Views and macros under a model's name are allowed: the
restore replaces them. Then every block is read (checksums), the summary query must read it, and it must
hold at least one load batch (an empty warehouse would be refilled with the demo data at the next start,
which is not what a restore means). Any failure raises `InvalidBackup` with a Vietnamese message, and the
current file is untouched.

**How a restore is done.** The dashboard's connection is closed (`close_connection`, which also closes
every session's cursor: DuckDB allows one open instance per file), the current file is renamed
`<name>.truoc-khoi-phuc-YYYYMMDD-HHMMSS` beside it (a `.wal` left over, if any, goes with it: it belongs
to the old file and must never be replayed onto the restored one), the checked file is renamed into
place (same folder: an atomic rename), and it is opened once read-write, which applies the migrations it
lacks, then every view and macro in it is dropped and this code's models are created again
(`queries.install_models`): the restored database runs only this code's SQL. It is then closed; the
dashboard reopens it at its next run. If that last step fails, the old file is
put back. Other browser sessions that run a query at the very moment of the swap get an error and are
fine after reloading the page.
"""

import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import duckdb

import queries
from accounts import requires
from vocabulary.clock import vietnam_now

log = logging.getLogger("cchc")

ASIDE_SUFFIX = "truoc-khoi-phuc"
# How the refusal of an altered backup names what it found (catalog_objects kinds).
KIND_WORDS = {"schema": "lược đồ", "table": "bảng", "view": "khung nhìn (view)", "macro": "hàm (macro)",
              "table_macro": "hàm trả về bảng (macro)", "sequence": "dãy số (sequence)", "type": "kiểu dữ liệu"}


class InvalidBackup(Exception):
    """An uploaded file that cannot be restored, or a restore that could not finish; Vietnamese message."""


@dataclass(frozen=True)
class BackupSummary:
    schema_version: int
    batches: int
    active_batches: int
    units: int
    dossier_rows: int
    first_period_label: str | None
    last_period_label: str | None
    last_loaded_at: datetime | None


@dataclass(frozen=True)
class Restored:
    summary: BackupSummary
    aside: Path          # where the file in use before the restore was kept


def latest_migration() -> int:
    return max(version for version, _ in queries.migrations())


@lru_cache(maxsize=None)
def expected_catalog(version: int) -> dict[tuple[str, str, str], str]:
    """(kind, schema, name) → definition of everything this code's migrations 1…`version` create (built in
    a database in memory): what a backup at that version holds, apart from the models."""
    reference = duckdb.connect()
    try:
        queries.migrate(reference, up_to=version)
        return {(kind, schema, name): definition
                for kind, schema, name, definition in queries.rows(reference, "catalog_objects")}
    finally:
        reference.close()


def catalog_problems(con, version: int) -> tuple[list[str], list[str]]:
    """The tables a backup at `version` lacks, and what it holds that this code would not have put there
    (in Vietnamese words: "bảng x", "hàm (macro) y", "bảng z có cấu trúc khác …")."""
    expected = expected_catalog(version)
    found = {(kind, schema, name): definition
             for kind, schema, name, definition in queries.rows(con, "catalog_objects")}
    models = set(queries.model_order())
    missing = sorted(name for kind, _, name in set(expected) - set(found) if kind == "table")
    foreign = []
    order = list(KIND_WORDS)
    for (kind, schema, name), definition in sorted(
            found.items(), key=lambda item: (order.index(item[0][0]) if item[0][0] in order else 99, item[0])):
        shown = f"{KIND_WORDS.get(kind, kind)} {name if schema in ('main', name) else schema + '.' + name}"
        if kind in ("view", "macro", "table_macro"):
            if schema != "main" or name not in models:         # a model's name is replaced at the restore
                foreign.append(shown)
        elif (kind, schema, name) not in expected:
            foreign.append(shown)
        elif expected[kind, schema, name] != definition:
            foreign.append(f"{shown} có cấu trúc khác (cột, giá trị mặc định, ràng buộc hoặc chỉ mục)")
    return missing, foreign


def summary_of(con) -> BackupSummary:
    """What an open warehouse holds (the backup_summary query)."""
    return BackupSummary(*queries.rows(con, "backup_summary")[0])


def check_backup(path: Path, shown_name: str | None = None) -> BackupSummary:
    """Check that the DuckDB file at `path` is a restorable warehouse; raises `InvalidBackup` otherwise.

    Opens it read-only and writes nothing. `shown_name` is the name the user knows the file by."""
    name = shown_name or Path(path).name
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise InvalidBackup(f"Tệp {name} rỗng; không phải bản sao lưu. Dữ liệu hiện tại không thay đổi.")
    unreadable = (f"Tệp {name} không phải cơ sở dữ liệu DuckDB đọc được (tệp khác, tệp hỏng hoặc tạo bằng phiên bản "
                  "DuckDB khác). Hãy chọn tệp .duckdb tải về từ mục \"Sao lưu\". Dữ liệu hiện tại không thay đổi.")
    try:
        con = queries.connect(path, read_only=True, untrusted=True)
    except (queries.DatabaseDamaged, queries.DatabaseBusy) as exc:
        log.info("backup check: %s", exc)
        raise InvalidBackup(unreadable) from exc
    try:
        return _check_open_backup(con, name)
    except queries.DatabaseDamaged as exc:
        log.info("backup check: %s", exc)
        raise InvalidBackup(unreadable) from exc
    except duckdb.Error as exc:
        if not queries.is_damage(exc):
            raise
        log.info("backup check: %s", exc)
        raise InvalidBackup(unreadable) from exc
    finally:
        con.close()


def _check_open_backup(con, name: str) -> BackupSummary:
    """The checks of `check_backup` on the open file, in order: ours, a version this code knows, every table,
    nothing foreign, every block readable, something to restore."""
    tables = {t for (t,) in queries.rows(con, "backup_tables")}
    if "schema_version" not in tables:
        raise InvalidBackup(
            f"Tệp {name} là cơ sở dữ liệu DuckDB nhưng không phải bản sao lưu của bảng điều khiển CCHC "
            "(không có bảng schema_version). Dữ liệu hiện tại không thay đổi.")
    try:
        version = queries.rows(con, "backup_schema_version")[0][0]
    except duckdb.Error as exc:
        if queries.is_damage(exc):
            raise
        raise InvalidBackup(f"Tệp {name} có bảng schema_version nhưng không đúng cấu trúc; không phải bản sao lưu "
                            "của bảng điều khiển CCHC. Dữ liệu hiện tại không thay đổi.") from exc
    latest = latest_migration()
    if version < 1:
        raise InvalidBackup(f"Tệp {name} chưa có lược đồ dữ liệu nào (schema_version trống); không khôi phục. "
                            "Dữ liệu hiện tại không thay đổi.")
    if version > latest:
        raise InvalidBackup(
            f"Tệp {name} được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ số {version}, phiên bản này "
            f"chỉ đến số {latest}). Hãy cập nhật ứng dụng rồi khôi phục lại. Dữ liệu hiện tại không thay đổi.")
    missing, foreign = catalog_problems(con, version)
    if missing:
        raise InvalidBackup(f"Tệp {name} thiếu bảng {', '.join(missing)}; không phải bản sao lưu đầy đủ. "
                            "Dữ liệu hiện tại không thay đổi.")
    if foreign:
        raise InvalidBackup(
            f"Tệp {name} chứa những thứ mà lược đồ của ứng dụng không tạo ra: {'; '.join(foreign)}. Bản sao lưu "
            "do bảng điều khiển tạo không bao giờ có chúng, nên tệp đã bị sửa ngoài ứng dụng; câu lệnh SQL lạ "
            "trong đó có thể chạy trên mọi trang. Không khôi phục. Dữ liệu hiện tại không thay đổi.")
    queries.check_integrity(con)                                  # every block's checksum read
    try:
        summary = summary_of(con)
    except Exception as exc:
        log.info("backup check: summary failed: %s", exc)
        raise InvalidBackup(f"Tệp {name} có các bảng nhưng cấu trúc không đúng, không đọc được số liệu; "
                            "không khôi phục. Dữ liệu hiện tại không thay đổi.") from exc
    if summary.batches == 0:
        raise InvalidBackup(f"Tệp {name} không có lô dữ liệu nào; khôi phục sẽ làm mất toàn bộ số liệu hiện có. "
                            "Dữ liệu hiện tại không thay đổi.")
    return summary


def _copy_and_check(con, target: Path) -> BackupSummary:
    target = Path(target)
    if target.exists():
        raise FileExistsError(target)
    cur = con.cursor()
    try:
        with queries.WRITE_LOCK:
            queries.copy_database(cur, target)
    finally:
        cur.close()
    return check_backup(target)


@requires("backup")
def make_backup(con, target: Path) -> BackupSummary:
    """Write a consistent copy of the open warehouse to the new file `target`, and check it (admin)."""
    return _copy_and_check(con, target)


@requires("backup")
def backup_bytes(con) -> bytes:
    """A backup of the open warehouse, as the bytes of a DuckDB file (for a download; admin)."""
    with tempfile.TemporaryDirectory(prefix="cchc-sao-luu-") as folder:
        path = Path(folder) / "cchc-sao-luu.duckdb"
        _copy_and_check(con, path)
        return path.read_bytes()


@requires("restore")
def check_backup_bytes(data: bytes, file_name: str) -> BackupSummary:
    """Check uploaded bytes (written to a temporary file, removed after) without restoring them (admin)."""
    with tempfile.TemporaryDirectory(prefix="cchc-kiem-tra-") as folder:
        path = Path(folder) / "kiem-tra.duckdb"
        path.write_bytes(data)
        return check_backup(path, file_name)


def ensure_not_in_use(db_file: Path) -> None:
    """Raise `queries.DatabaseBusy` (its Vietnamese message says which program) when another process has the
    warehouse file open — the dashboard: a restore from the command line must not swap the file under it.
    A damaged or unreadable file is not in use and may be replaced."""
    if not Path(db_file).exists():
        return
    try:
        queries.connect(db_file, read_only=True).close()
    except queries.DatabaseDamaged:
        pass


def aside_path(db_file: Path, now: datetime) -> Path:
    """`cchc.duckdb.truoc-khoi-phuc-20260105-143000` beside the file (Vietnam time, like load times; a number
    added if taken)."""
    base = db_file.with_name(f"{db_file.name}.{ASIDE_SUFFIX}-{now:%Y%m%d-%H%M%S}")
    path, n = base, 1
    while path.exists() or Path(f"{path}.wal").exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


@requires("restore")
def restore(db_file: Path, data: bytes, file_name: str, close_connection: Callable[[], None],
            now: datetime | None = None) -> Restored:
    """Replace the warehouse file `db_file` with the uploaded backup `data`, keeping the current file aside.

    Checks first (`check_backup` on a temporary copy beside `db_file`); on a refusal nothing has changed.
    `close_connection` must close every connection of this process to `db_file` (the dashboard passes
    `dashboard.reset_connection`). Returns what was restored and where the previous file was kept.
    """
    db_file = Path(db_file)
    now = now or vietnam_now()
    fd, name = tempfile.mkstemp(prefix=f".{db_file.name}.khoi-phuc-", suffix=".tmp", dir=db_file.parent)
    candidate = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if db_file.exists():
            shutil.copymode(db_file, candidate)          # the restored file keeps the permissions of the old
        summary = check_backup(candidate, file_name)
        with queries.WRITE_LOCK:
            close_connection()
            aside = aside_path(db_file, now)
            wal, aside_wal = Path(f"{db_file}.wal"), Path(f"{aside}.wal")
            moved, swapped = [], False
            try:
                if db_file.exists():
                    os.replace(db_file, aside)
                    moved.append((aside, db_file))
                if wal.exists():
                    os.replace(wal, aside_wal)
                    moved.append((aside_wal, wal))
                os.replace(candidate, db_file)
                swapped = True
                con = queries.connect(db_file)          # applies the migrations the backup lacks
                try:
                    queries.install_models(con, force=True)   # only this code's views and macros
                    reopened = summary_of(con)
                finally:
                    con.close()
                if (reopened.batches, reopened.dossier_rows) != (summary.batches, summary.dossier_rows):
                    raise InvalidBackup("Tệp sau khi khôi phục không có đúng số liệu của bản sao lưu.")
            except Exception as exc:
                log.exception("restore failed; putting the previous file back")
                if swapped:                              # the restored file (and a WAL of it) goes
                    db_file.unlink(missing_ok=True)
                    wal.unlink(missing_ok=True)
                for source, back in moved:
                    os.replace(source, back)
                raise InvalidBackup(
                    f"Không khôi phục được từ tệp {file_name}; tệp dữ liệu đang dùng đã được đặt lại như cũ. "
                    "Hãy tải lại trang và thử lại; nếu lỗi lặp lại, báo cho quản trị viên.") from exc
        return Restored(summary, aside)
    finally:
        candidate.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------
# Scheduled backups: python -m loaders --backup [FOLDER]
# ---------------------------------------------------------------------------------------------------------
#
# DuckDB lets one process open the file, and while the dashboard runs that process is the dashboard: the
# command cannot open the file, not even read-only. So the command asks the dashboard: it drops a request
# (a small JSON file naming the backup to write) in `.cchc-yeu-cau-sao-luu/` beside the database, and the
# dashboard's request watcher (started with its connection) writes the backup with its own connection —
# the same consistent `COPY FROM DATABASE` as the download — and answers with `<request>.ok` or
# `<request>.loi`. When no dashboard runs, the command makes the backup itself. Either way the command then
# checks the new file itself (every block read, our tables, a schema version it knows, some batches)
# before it reports success, and keeps only the newest `keep` backups of the folder.

REQUEST_DIR_NAME = ".cchc-yeu-cau-sao-luu"


class BackupFailed(Exception):
    """A scheduled backup that could not be made; Vietnamese message for the admin."""


def request_dir(db_file: Path) -> Path:
    return Path(db_file).parent / REQUEST_DIR_NAME


def backup_target(folder: Path, now: datetime) -> Path:
    """`cchc-sao-luu-YYYYMMDD-HHMMSS.duckdb` in `folder` (Vietnam time), a number added if taken."""
    path = Path(folder) / f"cchc-sao-luu-{now:%Y%m%d-%H%M%S}.duckdb"
    n = 1
    while path.exists():
        n += 1
        path = Path(folder) / f"cchc-sao-luu-{now:%Y%m%d-%H%M%S}-{n}.duckdb"
    return path


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` backups of `folder` (0 keeps all); returns those removed."""
    found = sorted(Path(folder).glob(queries.BACKUP_GLOB))
    removed = found[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@requires("backup")
def scheduled_backup(db_file: Path, folder: Path, keep: int = 14, wait: float = 120.0,
                     now: datetime | None = None) -> tuple[Path, BackupSummary, list[Path]]:
    """Write and verify a backup of `db_file` into `folder`, directly or through the running dashboard.

    Returns (backup file, what it holds, older backups removed). Raises `BackupFailed`."""
    db_file, folder = Path(db_file), Path(folder)
    if not db_file.exists():
        raise BackupFailed(f"Không có cơ sở dữ liệu {db_file}; không có gì để sao lưu.")
    folder.mkdir(parents=True, exist_ok=True)
    target = backup_target(folder, now or vietnam_now())
    try:
        con = queries.connect(db_file, verify=True)
    except queries.DatabaseBusy:
        _ask_the_dashboard(db_file, target, wait)
    except queries.DatabaseDamaged as exc:
        raise BackupFailed(str(exc)) from exc
    else:
        try:
            _copy_and_check(con, target)
        finally:
            con.close()
    try:
        summary = check_backup(target)
    except InvalidBackup as exc:
        target.unlink(missing_ok=True)
        raise BackupFailed(f"Bản sao lưu vừa tạo không đạt khi kiểm tra, đã xóa: {exc}") from exc
    return target, summary, prune(folder, keep)


def _ask_the_dashboard(db_file: Path, target: Path, wait: float) -> None:
    folder = request_dir(db_file)
    folder.mkdir(exist_ok=True)
    request = folder / f"{uuid.uuid4().hex}.json"
    request.write_text(json.dumps({"target": str(target)}), encoding="utf-8")
    ok, failed = request.with_suffix(".ok"), request.with_suffix(".loi")
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            if ok.exists():
                return
            if failed.exists():
                raise BackupFailed(f"Dashboard không tạo được bản sao lưu: {failed.read_text(encoding='utf-8')}")
            time.sleep(0.2)
        raise BackupFailed(
            f"Cơ sở dữ liệu {db_file} đang được một chương trình khác mở (thường là dashboard) nhưng chương trình đó "
            f"không trả lời yêu cầu sao lưu trong {int(wait)} giây. Hãy kiểm tra dashboard còn chạy bình thường, hoặc "
            "tải bản sao lưu ở trang \"Quản lý dữ liệu\".")
    finally:
        for path in (request, ok, failed):
            path.unlink(missing_ok=True)


class RequestWatcher:
    """In the dashboard process: answers the backup requests of `python -m loaders --backup`."""

    def __init__(self, con, db_file: Path, every: float = 1.0):
        self.con, self.folder, self.every = con, request_dir(db_file), every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cchc-backup-requests", daemon=True)

    def start(self) -> "RequestWatcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.serve_once()
            except Exception:                    # a closed connection (restore) ends this watcher's use
                log.exception("backup request watcher")

    def serve_once(self) -> int:
        """Answer every pending request; returns how many were answered."""
        if not self.folder.is_dir():
            return 0
        answered = 0
        for request in sorted(self.folder.glob("*.json")):
            try:
                target = Path(json.loads(request.read_text(encoding="utf-8"))["target"])
                if target.suffix != ".duckdb":
                    raise BackupFailed(f"tên tệp sao lưu {target.name} phải kết thúc bằng .duckdb")
                target.parent.mkdir(parents=True, exist_ok=True)
                _copy_and_check(self.con, target)
                request.with_suffix(".ok").write_text(str(target), encoding="utf-8")
            except Exception as exc:
                log.exception("backup request %s failed", request.name)
                request.with_suffix(".loi").write_text(str(exc) or type(exc).__name__, encoding="utf-8")
            answered += 1
            request.unlink(missing_ok=True)
        return answered


_watchers: dict[str, RequestWatcher] = {}
_watchers_lock = threading.Lock()


def watch_requests(con, db_file: Path) -> RequestWatcher:
    """Start answering backup requests for `db_file` with `con`, replacing this process's earlier watcher."""
    key = str(Path(db_file).resolve())
    with _watchers_lock:
        old = _watchers.pop(key, None)
        if old is not None:
            old.stop()
        _watchers[key] = RequestWatcher(con, db_file).start()
        return _watchers[key]
