"""The DuckDB connection of the process and a cursor per thread; an empty warehouse gets the demo on its first
start. Public: `connection`, `cursor`, `reset_connection`, `first_start`, `open_before_serving`, `duckdb_limits`."""

import logging
import os
import threading

import streamlit as st

import queries
from frame import cache, national, reader
from vocabulary.numbers import number
from loaders import backup, sample, snapshots
from reports import send_requests
from vocabulary import instance

log = logging.getLogger("cchc")

# DuckDB's own defaults are 80 % of the machine's memory and a thread per core: at national scale one query of
# "Chất lượng dữ liệu" took the server to 2,8 GB. The dashboard's limits, set on its connection (global to the
# DuckDB instance, so every session's cursor shares them); a query that needs more spills to disk (DuckDB's
# temporary folder beside the file) rather than growing the process. Change them with $CCHC_DUCKDB_MEMORY
# ("600MB", "2GB" …) and $CCHC_DUCKDB_THREADS.
DUCKDB_MEMORY = "600MB"
DUCKDB_THREADS = 2


def duckdb_limits() -> tuple[str, int]:
    memory = os.environ.get("CCHC_DUCKDB_MEMORY", "").strip() or DUCKDB_MEMORY
    try:
        threads = int(os.environ.get("CCHC_DUCKDB_THREADS"))
    except (TypeError, ValueError):
        threads = DUCKDB_THREADS
    return memory, max(1, threads)


@st.cache_resource(show_spinner="Đang mở kho dữ liệu…")
def _connection(path: str):
    """One read-write connection per process and file, with the dashboard's DuckDB limits.

    Every block of the file is read first (`verify`): a damaged file stops here with the restore steps."""
    con = queries.connect(path, verify=True)
    _limits(con)
    backup.watch_requests(con, path)          # `python -m loaders --backup` asks this process for its backups
    send_requests.watch(con, path)            # `python -m reports bulletin --send` asks this process to send
    if instance.publish_to() is not None:     # a writer: a snapshot for the readers now and after each write
        snapshots.publish_from(con, instance.publish_to())
    return con


def _limits(con):
    memory, threads = duckdb_limits()
    queries.execute(con, "duckdb_memory_limit", limit=memory)
    queries.execute(con, "duckdb_threads", threads=threads)


def open_before_serving():
    """The warehouse's start work — every block read (`verify`), migrations, models, the watchers — done by
    serve.py before the server accepts its first session, so no visitor waits for it (at national scale it is
    seconds). The connection is Streamlit's cached resource, global to the process: the sessions find it open.
    A file that cannot be opened (damaged, locked) is left to the first page, which says so in Vietnamese; an
    empty warehouse gets the demo there too, with its progress bar. National and reader instances open their
    connections per scope or snapshot, in the session; a reader starts its watcher of the published snapshots here
    (frame/reader.py). Returns the connection opened (None when none was: national, reader, or a file it could not
    open)."""
    if reader.active():
        reader.watch(_limits, cache.warm)
        return None
    if national.active():
        return None
    try:
        return _connection(str(queries.db_path()))
    except Exception:
        log.warning("the warehouse could not be opened before serving; the first page will say why", exc_info=True)
        return None


# Once per process and file, an empty warehouse gets the demo before the first page: the frame (`first_start`,
# called by `navigation.main`) with a progress bar counting the files; a page script run on its own (a test) has
# no frame, and its first `connection()` loads the demo without the bar.
_first_start_lock = threading.Lock()
_first_start_done: set[str] = set()


def _load_sample(con, progress=None):
    loaded, problems = sample.start(con, progress=progress)
    log.info("sample data: %s files loaded, %s refused", loaded, len(problems))
    for problem in problems:
        log.warning("sample file refused: %s", problem)


def first_start():
    """The frame's first start: the bar says which file of how many is being loaded (other sessions arriving
    meanwhile wait with a spinner)."""
    path = str(queries.db_path())
    if path in _first_start_done or national.active() or reader.active():     # a reader's snapshot is the writer's business
        return
    con = _connection(path)
    with st.spinner("Đang nạp dữ liệu minh họa lần đầu…"), _first_start_lock:
        if path not in _first_start_done:
            if sample.is_empty(con) and sample.wanted():
                bar = st.progress(0.0, text="Lần đầu mở kho dữ liệu: chuẩn bị nạp dữ liệu minh họa…")

                def progress(done: int, total: int, what: str):
                    bar.progress(done / total, text=f"Lần đầu mở kho dữ liệu: đang nạp dữ liệu minh họa, "
                                                    f"{number(done)}/{number(total)} — {what}")

                _load_sample(con, progress)
                bar.empty()
            _first_start_done.add(path)


def connection():
    if national.active():
        return national.connection(*duckdb_limits())
    if reader.active():
        return reader.connection(_limits)
    path = str(queries.db_path())
    con = _connection(path)
    if path not in _first_start_done:
        with _first_start_lock:
            if path not in _first_start_done:
                _load_sample(con)
                _first_start_done.add(path)
    return con


# One cursor per thread, never per browser session: a cursor runs one statement at a time, and Streamlit may
# run two scripts of one session at once (a click during a long query starts a new run in a new thread while
# the old run's query is still going; it stops only at its next Streamlit call). A session's cursor shared by
# both raised "ResourceInUseException: connection is busy" under fast navigation. A download built on click
# (`data=lambda: …`) runs in a worker thread of the server: it calls `cursor()` inside the lambda, never
# captures the run's cursor.
_thread = threading.local()


def cursor():
    """A cursor of the shared connection for the running thread (DuckDB cursors are not shared by threads).
    A new one after `reset_connection` (a restore), since closing the connection closed the old one."""
    con = connection()
    if getattr(_thread, "connection", None) is not con:
        _thread.connection, _thread.cursor = con, con.cursor()
    return _thread.cursor


def reset_connection():
    """Close the shared connection and forget it; the next `connection()` opens the file again (and gives the
    demo to a restored file that is empty, as to a new one).

    For a restore, which replaces the file: closing the connection closes every session's cursor with it
    (DuckDB), so no instance keeps the old file open. Under the write lock, so no load is cut in half."""
    with queries.WRITE_LOCK:
        connection().close()
        st.cache_resource.clear()
        _first_start_done.discard(str(queries.db_path()))
