"""The query cache: a named query's rows kept until the data change, the data version read once per page run."""

import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict

import streamlit as st

import queries
from frame import national, reader

log = logging.getLogger("cchc")


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(_cur, db: str, version: tuple, name: str, key: str, _params: tuple):
    """A named query's rows, kept until the data change (`version`) — reruns and other sessions reuse them.
    (`_cur` and `_params` are not part of the cache key: Streamlit skips arguments whose name starts with "_";
    `key` stands for the parameters.)"""
    return queries.run(_cur, name, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in _params})


def _key(params: tuple) -> str:
    """The parameters' digest. Streamlit's own hashing walks a value element by element: the unit list a
    levelled query gets (4.080 ids in "Toàn quốc") cost 6,5 s of a 13,7 s warm "Hồ sơ TTHC" rerun, for 20
    queries (profiled on a loaded machine). Their repr is exact for what they hold (ints, text, dates, None)."""
    return hashlib.blake2b(repr(params).encode(), digest_size=16).hexdigest()


# The data version is read once per page run (`page_run`, entered by `guard.guarded`), not before each of the
# page's queries: a page asks for tens of them, and every write ends its run (callbacks run before it,
# st.rerun after it).
_run = threading.local()


@contextlib.contextmanager
def page_run():
    _run.inside, _run.version = True, None
    reader.begin_run()
    try:
        yield
    finally:
        _run.inside, _run.version = False, None
        reader.end_run()


def _data_version(cur) -> tuple:
    version = getattr(_run, "version", None)
    if version is None:
        version = tuple(queries.rows(cur, "data_version")[0])
        if getattr(_run, "inside", False):
            _run.version = version
    return version


def cached(cur, name: str, params: dict):
    """A named query's rows for `params` as stored now, whoever asks (no unit scope: see `scope.query`)."""
    version = _data_version(cur)
    key = tuple(sorted((k, _hashable(v)) for k, v in params.items()))
    source = national.cache_key() if national.active() else reader.source(str(queries.db_path()))
    digest = _key(key)
    if reader.active():
        _remember(name, digest, key)
    return _cached_query(cur, source, version, name, digest, key)


# On a reader, the queries the sessions asked for lately (name and parameters, the newest last): a newer snapshot
# starts with an empty cache (it is keyed by the snapshot), so before the sessions are moved to it `warm` runs
# these on it, once each, instead of every open page running them at the same moment (tens of sessions rerun
# together when the writer publishes). Bounded like the cache itself.
RECENT = 512
_recent: OrderedDict = OrderedDict()
_recent_lock = threading.Lock()


def _remember(name: str, digest: str, key: tuple) -> None:
    with _recent_lock:
        _, asked = _recent.pop((name, digest), (key, 0))
        _recent[(name, digest)] = (key, asked + 1)
        while len(_recent) > RECENT:
            _recent.popitem(last=False)


def lately_asked() -> list[tuple[str, str, tuple]]:
    """(name, digest, parameters) of the queries asked for lately, in the order `warm` runs them."""
    with _recent_lock:
        recent = list(reversed(_recent.items()))
    recent.sort(key=lambda item: -item[1][1])               # stable: the most recent first among equals
    return [(name, digest, key) for (name, digest), (key, _) in recent]


def warm(cur, source: str, seconds: float) -> int:
    """Run the queries asked for lately on the snapshot `cur` reads, into the cache under `source` (its path), for
    at most about `seconds`; returns how many ran. The most asked first (the pages most sessions open: a page left
    open asks again only when it reruns, so recency alone put the landing page last), then the most recent. Those
    left are run by the first page that asks, as before."""
    deadline = time.monotonic() + seconds
    version = tuple(queries.rows(cur, "data_version")[0])
    done = 0
    for name, digest, key in lately_asked():
        if time.monotonic() > deadline:
            break
        try:
            _cached_query(cur, source, version, name, digest, key)
            done += 1
        except Exception:                   # the page that asks for it says what went wrong, as before
            log.warning("warming %s failed", name, exc_info=True)
    return done


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(builder: str, args: tuple, kwargs: tuple, _build):
    return _build(*args, **dict(kwargs))


def figure(build, *args, **kwargs):
    """`build(*args, **kwargs)` — a figure builder of charts/ — built once for the same arguments (Streamlit
    hashes them, frames included) and shared by reruns and sessions: building a Plotly figure validates every
    property and took most of a chart page's run (bench/RESULTS.md, "pages"). Kept as built, not copied
    (st.cache_resource): a page draws it with st.plotly_chart, which only reads it, and never changes it."""
    return _figure(f"{build.__module__}.{build.__qualname__}", args, tuple(sorted(kwargs.items())), build)
