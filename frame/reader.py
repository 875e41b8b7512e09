"""Reader mode: an instance started with $CCHC_READER_OF=DIR (`make run-reader`) serves the newest snapshot the
writer published into DIR (loaders/snapshots.py), read-only, and no write control.

Each page run reads one snapshot from start to end: the app's run (`navigation.main`, `begin_app_run`) takes the
newest one and `begin_run` (the guard) keeps it for every query of the page; the next run takes a newer one if the
writer has published since, so a reader follows the writer without a restart and without touching the browser
sessions. An open page does not wait for a click: `follow_publications`, a fragment rerun by Streamlit every
`FOLLOW_EVERY` seconds, compares the version the session drew with the newest one and reruns the app only when a
newer one is there (no query, nothing drawn, the page and its widgets untouched). The query cache is keyed by the
snapshot's path (`source`), so a new snapshot never serves rows cached from an older one — and starts empty: a
served reader has one watcher thread (`watch`) that looks at the pointer every `WATCH_EVERY` seconds, runs the
queries the sessions asked for lately on a newer snapshot (`frame.cache.warm`), and only then makes it the newest
for the sessions, so that they rerun on a warm cache rather than all running the same queries cold at once.
The pages that write (uploads, the data's management, accounts, alert rules) are not registered, and every
other write control is hidden by the roles (accounts.roles.READER_ACTIONS); the sidebar links to the writer.
"""

import logging
import threading
import time
from datetime import datetime

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from vocabulary.numbers import number
from loaders import snapshots
from vocabulary import instance
from vocabulary.clock import VIETNAM
from vocabulary.dates import DAY

# seconds between two looks by an open page at the newest version its reader has ready (memory, not the file): with
# the writer's publication (0,3 s after its last write and a copy) and the watcher's warming, an upload reaches
# every open page within the 10 s promised. A look costs the reader ~5 ms of CPU (10 idle sessions, 100 looks in
# 30 s: 0,5 s, measured on a loaded machine): 15 sessions looking every second, ~7 % of a core; every 3 s was
# 1 s more to wait on average.
FOLLOW_EVERY = 1
# the session's state: the version its last app run drew (0: none published then)
SHOWN = "_reader_shown_version"
# seconds between two looks at the pointer by the reader process's watcher (one file read for all its sessions)
WATCH_EVERY = 0.5
# seconds the watcher may spend running a newer snapshot's queries before the sessions are moved to it: the
# publication (~1 s), this, a look (≤ 1 s) and a warm rerun stay within the 10 s promised. On a loaded machine
# (load average 15–20) the 25–43 queries of 10 sessions' pages took 5–6 s (the load test's timeline).
WARM_SECONDS = 3.0

# url paths of the pages only the writer serves
WRITER_PAGES = frozenset({"nap-du-lieu", "quan-ly-du-lieu", "tai-khoan", "canh-bao"})

log = logging.getLogger("cchc")

_readers: dict[str, snapshots.SnapshotReader] = {}
_readers_lock = threading.Lock()
_run = threading.local()


def active() -> bool:
    return instance.is_reader()


def _reader(prepare=None) -> snapshots.SnapshotReader:
    folder = instance.reader_of()
    with _readers_lock:
        if str(folder) not in _readers:
            _readers[str(folder)] = snapshots.SnapshotReader(folder, prepare=prepare)
        return _readers[str(folder)]


# The watcher (`watch`, started by serve.py before serving): the newest snapshot whose queries it has run, which
# the sessions read; None until its first look, or when it does not run (a page run by a test): then the pointer.
_ready: dict = {"path": None}


def watch(prepare, warm) -> None:
    """Start this process's watcher of the published snapshots, once. On a newer one it opens it (`prepare` sets
    the DuckDB limits), runs the queries the sessions asked for lately on it (`warm(cursor, source, seconds)`,
    frame.cache) and only then gives it to the sessions: each open page then reruns on a warm cache, instead of
    every session running the same queries cold at the same moment."""
    with _readers_lock:
        if _ready.get("thread") is not None:
            return
        _ready["thread"] = threading.Thread(target=_watch, args=(prepare, warm), name="cchc-snapshot-watcher",
                                            daemon=True)
    _ready["thread"].start()


def _watch(prepare, warm) -> None:
    folder = instance.reader_of()
    while True:
        try:
            path = snapshots.current(folder)
            ready = _ready["path"]
            if path is not None and (ready is None or snapshots.version_of(path) > snapshots.version_of(ready)):
                _make_ready(path, prepare, warm)
        except Exception:                       # a snapshot pruned under it, a damaged copy: the next look retries
            log.exception("snapshot watch failed")
        time.sleep(WATCH_EVERY)


def _make_ready(path, prepare, warm) -> None:
    began = time.perf_counter()
    cur = _reader(prepare).connection(path).cursor()
    try:
        warmed = warm(cur, str(path), WARM_SECONDS)
    finally:
        cur.close()
        _ready["path"] = path                   # warmed or not, the sessions move to it now
    log.info("snapshot ready version=%d at=%.3f warmed=%d seconds=%.3f", snapshots.version_of(path), time.time(),
             warmed, time.perf_counter() - began)


def _newest():
    """The snapshot a run starts on: the watcher's, or the pointer's when the watcher does not run."""
    return _ready["path"] or _reader().newest()


def begin_app_run() -> None:
    """At the start of the app's run (not a fragment's): the newest snapshot, for the sidebar and the page, and
    remembered in the session as the version it shows."""
    _run.app_path, _run.switched = None, None
    if active():
        try:
            _run.app_path = _newest()
        except snapshots.NothingPublished:
            pass
        before = st.session_state.get(SHOWN, 0)
        st.session_state[SHOWN] = snapshots.version_of(_run.app_path) if _run.app_path is not None else 0
        if before and st.session_state[SHOWN] > before:
            _run.switched = (st.session_state[SHOWN], time.perf_counter())


def app_run_done(page: str) -> None:
    """The app's run has drawn `page` (its address): when it was a session's first on a newer snapshot, one line
    in the log (key=value, read back by bench/load_test.py) with how long that run took."""
    switched = getattr(_run, "switched", None)
    if switched is not None:
        ctx = get_script_run_ctx(suppress_warning=True)
        log.info("session switched version=%d at=%.3f run=%.3f page=/%s session=%s", switched[0], time.time(),
                 time.perf_counter() - switched[1], page, ctx.session_id[:8] if ctx else "-")


def end_app_run() -> None:
    _run.app_path, _run.switched = None, None


def begin_run() -> None:
    """The snapshot for the whole page run that starts: the app run's, or the newest for a fragment of a page
    rerun on its own (none yet: `connection` says so in the page)."""
    _run.path = getattr(_run, "app_path", None)
    if _run.path is None and active():
        try:
            _run.path = _newest()
        except snapshots.NothingPublished:
            pass


def end_run() -> None:
    _run.path = None


def connection(prepare):
    """The read-only connection of this run's snapshot (outside a run, a download: the newest). `prepare(con)`
    sets the dashboard's DuckDB limits on a connection the first time it is opened."""
    return _reader(prepare).connection(getattr(_run, "path", None) or _newest())


def source(default: str) -> str:
    """What the query cache is keyed by: this run's snapshot on a reader, `default` (the warehouse) otherwise."""
    path = getattr(_run, "path", None)
    return str(path) if path is not None else default


def pages(pages: list) -> list:
    """The pages this instance serves: on a reader, not those that write."""
    return [p for p in pages if p.url_path not in WRITER_PAGES] if active() else pages


@st.fragment(run_every=FOLLOW_EVERY)
def _follow():
    if getattr(_run, "app_path", None) is not None:
        return                                  # inside the app's run, which draws the newest already
    if run_pending(get_script_run_ctx()):
        return                                  # that run draws the newest snapshot; a rerun now would cancel it
    newest = _ready["path"] or snapshots.current(instance.reader_of())
    if newest is not None and snapshots.version_of(newest) > st.session_state.get(SHOWN, 0):
        st.rerun(scope="app")


def run_pending(ctx) -> bool:
    """Whether the person has asked for a run that has not started yet (a click on a page link, a widget).

    Streamlit folds a rerun asked while another is pending into one, the newer request's page winning: an
    automatic rerun asked a moment after a click on "Hồ sơ chi tiết" reran the page being left, and the click was
    lost (3 of 207 views in the load test). The pending run takes the newest snapshot anyway."""
    requests = getattr(ctx, "script_requests", None)
    return getattr(requests, "_state", None) == ScriptRequestType.RERUN


def follow_publications() -> None:
    """On a reader: rerun the open page by itself when the writer publishes a newer version. A fragment's own
    reruns do not interrupt a page run (Streamlit queues them) and draw nothing, so a person reading or typing
    sees no change until there are new data."""
    if active():
        _follow()


def writer_note() -> None:
    """In the sidebar of a reader: which published version it shows, and where uploads and administration are."""
    if not active():
        return
    path = getattr(_run, "app_path", None) or _ready["path"] or snapshots.current(instance.reader_of())
    shown = ""
    if path is not None:
        try:
            published = datetime.fromtimestamp(path.stat().st_mtime, VIETNAM)
            when = f", công bố lúc {published:%H:%M} ngày {published:{DAY}}"
        except OSError:             # already pruned by the writer (quick publications while it was warmed): still open here
            when = ""
        shown = (f" Đang hiển thị bản số {number(snapshots.version_of(path))}{when}; bản mới hơn tự hiện ra sau "
                 "vài giây.")
    url = instance.writer_url()
    where = f"[địa chỉ quản trị]({url})" if url else "địa chỉ quản trị (hỏi quản trị viên)"
    with st.sidebar:
        st.caption(f":material/visibility: **Chỉ xem số liệu đã công bố.**{shown} Nạp dữ liệu, hoàn tác, danh mục, "
                   f"tài khoản và cảnh báo: {where}.")
