"""Reader mode: an instance started with $CCHC_READER_OF=DIR (`make run-reader`) serves the newest snapshot the
writer published into DIR (loaders/snapshots.py), read-only, and no write control.

Each page run reads one snapshot from start to end: `begin_run` (the guard, at the start of a run) takes the
newest one, and every query of the run goes to it; the next run takes a newer one if the writer has published
since, so a reader follows the writer without a restart and without touching the browser sessions. The query
cache is keyed by the snapshot's path (`source`), so a new snapshot never serves rows cached from an older one.
The pages that write (uploads, the data's management, accounts, alert rules) are not registered, and every
other write control is hidden by the roles (accounts.roles.READER_ACTIONS); the sidebar links to the writer.
"""

import threading
from datetime import datetime

import streamlit as st

from vocabulary.numbers import number
from loaders import snapshots
from vocabulary import instance
from vocabulary.clock import VIETNAM
from vocabulary.dates import DAY

# url paths of the pages only the writer serves
WRITER_PAGES = frozenset({"nap-du-lieu", "quan-ly-du-lieu", "tai-khoan", "canh-bao"})

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


def begin_run() -> None:
    """The newest snapshot, for the whole page run that starts (none yet: `connection` says so in the page)."""
    _run.path = None
    if active():
        try:
            _run.path = _reader().newest()
        except snapshots.NothingPublished:
            pass


def end_run() -> None:
    _run.path = None


def connection(prepare):
    """The read-only connection of this run's snapshot (outside a run, a download: the newest). `prepare(con)`
    sets the dashboard's DuckDB limits on a connection the first time it is opened."""
    reader = _reader(prepare)
    return reader.connection(getattr(_run, "path", None) or reader.newest())


def source(default: str) -> str:
    """What the query cache is keyed by: this run's snapshot on a reader, `default` (the warehouse) otherwise."""
    path = getattr(_run, "path", None)
    return str(path) if path is not None else default


def pages(pages: list) -> list:
    """The pages this instance serves: on a reader, not those that write."""
    return [p for p in pages if p.url_path not in WRITER_PAGES] if active() else pages


def writer_note() -> None:
    """In the sidebar of a reader: which published version it shows, and where uploads and administration are."""
    if not active():
        return
    path = getattr(_run, "path", None) or snapshots.current(instance.reader_of())
    shown = ""
    if path is not None:
        published = datetime.fromtimestamp(path.stat().st_mtime, VIETNAM)
        shown = (f" Đang hiển thị bản số {number(snapshots.version_of(path))}, công bố lúc "
                 f"{published:%H:%M} ngày {published:{DAY}}; bản mới hơn hiện ra ở lần bấm tiếp theo.")
    url = instance.writer_url()
    where = f"[địa chỉ quản trị]({url})" if url else "địa chỉ quản trị (hỏi quản trị viên)"
    with st.sidebar:
        st.caption(f":material/visibility: **Chỉ xem số liệu đã công bố.**{shown} Nạp dữ liệu, hoàn tác, danh mục, "
                   f"tài khoản và cảnh báo: {where}.")
