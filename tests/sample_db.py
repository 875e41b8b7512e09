"""Warehouse files for tests: the bundled sample loaded once per session, copied per test."""

import shutil
from pathlib import Path

import pytest

import queries
from loaders import sample

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_db_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    con = queries.connect(path)
    loaded, problems = sample.load_sample(con)
    con.close()
    assert problems == [] and loaded == 188
    return path


@pytest.fixture
def sample_db(sample_db_master, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample warehouse, set as $CCHC_DB."""
    path = tmp_path / "cchc.duckdb"
    shutil.copy(sample_db_master, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path
