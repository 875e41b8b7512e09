"""Shared pytest fixtures: where things are, and a fresh warehouse file per test."""

from pathlib import Path

import pytest

import queries
from tests import apptest_wait, component_scan
from tests.sample_db import build_in_background, stop_background
from tests.sample_db import sample_con, sample_db, sample_db_master, three_batches_master  # noqa: F401  (fixtures shared by the tests)

ROOT = Path(__file__).resolve().parents[1]

component_scan.install()
apptest_wait.install()


def pytest_collection_modifyitems(config, items):
    build_in_background(config, items)


def pytest_sessionfinish(session):
    stop_background(session.config)


@pytest.fixture
def fixtures_dir() -> Path:
    """tests/fixtures: the committed workbooks (rebuilt by tests/fixtures/make_fixtures.py)."""
    return ROOT / "tests" / "fixtures"


@pytest.fixture
def db_file(tmp_path) -> Path:
    return tmp_path / "t.duckdb"


@pytest.fixture
def db(db_file):
    """A connection to a new, fully migrated DuckDB file (closed after the test)."""
    con = queries.connect(db_file)
    yield con
    con.close()


@pytest.fixture(autouse=True)
def _local_mode(tmp_path_factory, monkeypatch):
    """Every test starts in local mode (no accounts file), whatever data/accounts.toml holds; account tests
    point $CCHC_ACCOUNTS at a file of their own."""
    monkeypatch.setenv("CCHC_ACCOUNTS", str(tmp_path_factory.getbasetemp() / "no-accounts.toml"))


@pytest.fixture(autouse=True)
def _no_page_failure(request, caplog):
    """A page that fails shows a Vietnamese message instead of raising (dashboard.guarded), so AppTest's
    `at.exception` stays empty; the failure is still logged. Any test whose page logged a failure fails here,
    unless it is marked `page_failure_expected` (it provokes one on purpose and asserts the message)."""
    yield
    if request.node.get_closest_marker("page_failure_expected"):
        return
    failures = [r for r in caplog.get_records("call")
                if r.name == "cchc" and r.getMessage().startswith("page failed")]
    assert not failures, "a page failed: " + "; ".join(
        f"{r.getMessage()}: {r.exc_info[1]!r}" if r.exc_info else r.getMessage() for r in failures)
