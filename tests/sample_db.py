"""Warehouse files for tests: the bundled sample loaded once per run, copied per test.

Loading the 188 sample workbooks takes about 45 s. Under pytest-xdist every worker is its own process with its
own session fixtures, so the master file is built once per run in the directory all workers share (the parent of
each worker's basetemp), under a file lock: the first worker that needs it builds it, the others wait and reuse
it. It is shared read-only: tests take a private copy (`sample_db`) or copy it themselves.

The master is built as a new server builds it: the dashboard's first start on an empty file (dashboard.py run
by AppTest) loads the sample through the loader. What that first page showed is kept beside the file
(`first_start`), so the test of the first start asserts it without loading the sample a second time."""

import fcntl
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import queries
from loaders import backup

ROOT = Path(__file__).resolve().parent.parent


FIRST_START = "first-start.json"


def _build(path: Path) -> None:
    partial = path.with_suffix(".building")
    for stale in (partial, partial.with_name(partial.name + ".wal")):
        stale.unlink(missing_ok=True)
    shown = _first_start(partial)
    assert shown["exception"] == [] and shown["refused"] == [], shown
    # the frame loads the sample once; the page's own connection then finds the warehouse full
    assert shown["loaded"][0] == "sample data: 190 files loaded, 0 refused", shown
    assert set(shown["loaded"][1:]) <= {"sample data: 0 files loaded, 0 refused"}, shown
    (path.parent / FIRST_START).write_text(json.dumps(shown, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)       # a worker never sees a half-built file


def _first_start(db: Path) -> dict:
    """Run the dashboard on the empty file `db` as its first visitor does; what the page showed and what the frame
    logged about the sample. The frame's connection is closed afterwards (so the file is complete on disk)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    records = []
    handler = logging.Handler()
    handler.emit = records.append
    log = logging.getLogger("cchc")
    level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)          # the frame says at INFO how many files it loaded
    before = {name: os.environ.get(name) for name in ("CCHC_DB", "CCHC_ACCOUNTS", "CCHC_DEMO")}
    # local mode (no accounts file, as tests/conftest.py sets for every test) and the demo wanted
    os.environ.update(CCHC_DB=str(db), CCHC_ACCOUNTS=str(db.parent / "no-accounts.toml"), CCHC_DEMO="1")
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600).run()
        shown = {"exception": [e.message for e in at.exception], "metrics": [m.label for m in at.metric]}
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        watcher = backup._watchers.pop(str(db.resolve()), None)    # holds the frame's connection: close it
        if watcher is not None:
            watcher.stop()
            watcher.con.execute("CHECKPOINT")      # every write in the file itself, whatever connection lingers
            watcher.con.close()
        st.cache_resource.clear()
    messages = [r.getMessage() for r in records]
    shown["loaded"] = [m for m in messages if m.startswith("sample data:")]
    shown["refused"] = [m for m in messages if m.startswith("sample file refused")]
    return shown


def first_start(master: Path) -> dict:
    """What the dashboard's first start showed when it built `master` (see `_build`)."""
    return json.loads((master.parent / FIRST_START).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_db_master(tmp_path_factory) -> Path:
    return ensure_master(_shared(tmp_path_factory))


def _shared(tmp_path_factory) -> Path:
    """The folder every process of the run shares: the parent of an xdist worker's basetemp, else the basetemp."""
    basetemp = tmp_path_factory.getbasetemp()
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


def built_once(tmp_path_factory, name: str, build) -> Path:
    """The folder `name`, made by `build(folder)` once per run in the folder every worker shares (under a file lock,
    as the sample master), then shared read-only: a test that changes it works on a copy."""
    shared = _shared(tmp_path_factory)
    path = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = shared / f"{name}.building"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            build(partial)
            os.replace(partial, path)       # a worker never sees a half-built folder
    return path


def ensure_master(shared: Path) -> Path:
    """The master file in `shared`, built first by whichever process gets the lock first."""
    path = shared / "sample-master" / "sample.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(shared / "sample-master.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            _build(path)
    return path


def build_in_background(config, items) -> None:
    """From conftest's collection hook: the tests that need the sample run after the others (the long ones first in
    each group), and a child process builds the master meanwhile, so that no worker sits waiting for the 45 s build
    while tests it could run are queued (the first worker to get here starts it; the workers' fixture then waits on the same lock)."""
    def uses(item) -> bool:
        return "sample_db_master" in getattr(item, "fixturenames", ())

    def short(item) -> bool:
        return item.get_closest_marker("long") is None

    # the long tests (a server, a browser: tens of seconds) first within each group, so that the workers take one
    # each early instead of one worker finishing the run alone with them (`make test` hands tests out by load)
    items.sort(key=lambda item: (uses(item), short(item)))    # stable, the same order in every worker
    if not any(uses(item) for item in items):
        return
    shared = _shared(config._tmp_path_factory)
    try:
        open(shared / "sample-master.started", "x").close()
    except FileExistsError:
        return
    log = open(shared / "sample-master.log", "w")
    config.stash[BUILDER] = subprocess.Popen([sys.executable, "-m", "tests.sample_db", str(shared)], cwd=ROOT,
                                             stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()


def stop_background(config) -> None:
    """At the session's end: a build still going (the run stopped early) is stopped."""
    builder = config.stash.get(BUILDER, None)
    if builder is not None and builder.poll() is None:
        builder.terminate()
        builder.wait(timeout=30)


BUILDER = pytest.StashKey[subprocess.Popen]()


@pytest.fixture(scope="module")
def sample_con(sample_db_master, tmp_path_factory):
    """A connection to one copy of the sample for a test module whose tests only read (named queries, models)."""
    path = tmp_path_factory.mktemp("sample") / "cchc.duckdb"
    shutil.copyfile(sample_db_master, path)
    con = queries.connect(path)
    yield con
    con.close()


@pytest.fixture
def sample_db(sample_db_master, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample warehouse, set as $CCHC_DB."""
    path = tmp_path / "cchc.duckdb"
    shutil.copyfile(sample_db_master, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


@pytest.fixture(scope="session")
def three_batches_master(tmp_path_factory) -> Path:
    """Batch 1 (Sở Tư pháp Q2) replaced by batch 2 (its correction), batch 3 (Sở Nội vụ Q2): built once per run,
    read-only; the page tests that start from it (test_manage_page, test_accounts) take a copy."""
    from tests.test_loader_store import NOI_VU_Q2, TU_PHAP_Q2, TU_PHAP_Q2_FIX, load

    def build(folder):
        con = queries.connect(folder / "manage.duckdb")
        for name in (TU_PHAP_Q2, TU_PHAP_Q2_FIX, NOI_VU_Q2):
            load(con, ROOT / "tests" / "fixtures", name)
        con.close()
    return built_once(tmp_path_factory, "three-batches", build) / "manage.duckdb"


def departments(con) -> list[int]:
    """The sample's department-level units: what pages and the deck show when no unit is chosen — the sample's
    communes (issue 19) are another level. Expected values of those views are computed over these."""
    return [int(u) for u in queries.run(con, "level_units", level_group="so")["unit_id"]]


if __name__ == "__main__":          # the background build (build_in_background): python -m tests.sample_db FOLDER
    ensure_master(Path(sys.argv[1]))
