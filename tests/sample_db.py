"""Warehouse files for tests: the bundled sample loaded once per run, copied per test.

Loading the 188 sample workbooks takes about 45 s. Under pytest-xdist every worker is its own process with its
own session fixtures, so the master file is built once per run in the directory all workers share (the parent of
each worker's basetemp), under a file lock: the first worker that needs it builds it, the others wait and reuse
it. It is shared read-only: tests take a private copy (`sample_db`) or copy it themselves."""

import fcntl
import os
import shutil
from pathlib import Path

import pytest

import queries
from loaders import sample

ROOT = Path(__file__).resolve().parent.parent


def _build(path: Path) -> None:
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    con = queries.connect(partial)
    loaded, problems = sample.load_sample(con)
    con.close()
    assert problems == [] and loaded == 190     # 188 department reports, 2 commune roll-ups
    os.replace(partial, path)       # a worker never sees a half-built file


@pytest.fixture(scope="session")
def sample_db_master(tmp_path_factory) -> Path:
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp
    path = shared / "sample-master" / "sample.duckdb"
    path.parent.mkdir(exist_ok=True)
    with open(shared / "sample-master.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            _build(path)
    return path


@pytest.fixture
def sample_db(sample_db_master, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample warehouse, set as $CCHC_DB."""
    path = tmp_path / "cchc.duckdb"
    shutil.copyfile(sample_db_master, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def departments(con) -> list[int]:
    """The sample's department-level units: what pages and the deck show when no unit is chosen — the sample's
    communes (issue 19) are another level. Expected values of those views are computed over these."""
    return [int(u) for u in queries.run(con, "level_units", level_group="so")["unit_id"]]
