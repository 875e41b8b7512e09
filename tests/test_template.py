"""A new warehouse file is a copy of a template database built once per code version (queries/template.py):
the copy must hold exactly what migrating and installing the models in place gives, and a template that is
not this code's, or that another user could have written, must never be used."""

import os

import duckdb

import queries
from queries import template


def _schema(con) -> dict:
    return {
        "tables": queries.rows(con, "backup_tables"),
        "columns": con.execute("SELECT table_name, column_name, data_type, column_default, is_nullable "
                               "FROM information_schema.columns ORDER BY ALL").fetchall(),
        "models": queries.rows(con, "model_catalog"),
        "versions": con.execute("SELECT version, file FROM schema_version ORDER BY version").fetchall(),
        "sequences": con.execute("SELECT sequence_name, start_value, last_value FROM duckdb_sequences() "
                                 "ORDER BY ALL").fetchall(),
    }


def test_a_new_file_copied_from_the_template_is_the_file_built_in_place(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    copied = queries.connect(tmp_path / "copied.duckdb", verify=True)
    built = duckdb.connect(str(tmp_path / "built.duckdb"))
    queries.migrate(built)
    queries.install_models(built, force=True)
    built.close()      # reopened as the copy was: DuckDB shows a sequence's start as of its last checkpoint
    built = duckdb.connect(str(tmp_path / "built.duckdb"))
    assert _schema(copied) == _schema(built)
    assert len(_schema(copied)["versions"]) == len(queries.migrations())
    assert len(_schema(copied)["models"]) >= len(queries.model_order())
    assert queries.rows(copied, "batch_count")[0][0] == 0
    templates = list((tmp_path / "cache").glob(template.PREFIX + "*.duckdb"))
    assert len(templates) == 1 and templates[0].stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "cache").stat().st_mode & 0o777 == 0o700
    copied.close()
    built.close()


def test_the_template_is_built_once_and_an_existing_file_is_never_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    queries.connect(tmp_path / "one.duckdb").close()
    made = next((tmp_path / "cache").glob(template.PREFIX + "*.duckdb"))
    first = made.stat().st_mtime_ns
    queries.connect(tmp_path / "two.duckdb").close()
    assert made.stat().st_mtime_ns == first          # reused, not rebuilt
    con = queries.connect(tmp_path / "one.duckdb")
    con.execute("CREATE TABLE kept (x INTEGER)")
    con.close()
    assert template.create(tmp_path / "one.duckdb", [("a", "b")], lambda con: None) is None
    con = queries.connect(tmp_path / "one.duckdb")
    assert con.execute("SELECT count(*) FROM kept").fetchone() == (0,)
    con.close()


def test_another_code_version_gets_another_template():
    base = [("001_a.sql", "CREATE TABLE a (x INTEGER);"), ("view_b", "CREATE VIEW b AS SELECT 1")]
    edited = [base[0], ("view_b", "CREATE VIEW b AS SELECT 2")]
    assert template.fingerprint(base) == template.fingerprint(list(base))
    assert template.fingerprint(base) != template.fingerprint(edited)


def test_a_template_others_could_write_is_not_used(tmp_path, monkeypatch):
    """A planted template would bring its own views and macros: one writable by the group or others is passed
    over and the new file is built in place by migrations and models."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CCHC_CACHE_DIR", str(cache))
    queries.connect(tmp_path / "first.duckdb").close()
    planted = next(cache.glob(template.PREFIX + "*.duckdb"))
    con = duckdb.connect(str(planted))
    con.execute("CREATE VIEW planted AS SELECT 42 AS answer")
    con.close()
    os.chmod(planted, 0o666)
    con = queries.connect(tmp_path / "second.duckdb")
    assert not any(row[2] == "planted" for row in queries.rows(con, "model_catalog"))
    assert len(con.execute("SELECT version FROM schema_version").fetchall()) == len(queries.migrations())
    con.close()
    os.chmod(cache, 0o777)
    os.chmod(planted, 0o600)
    con = queries.connect(tmp_path / "third.duckdb")
    assert not any(row[2] == "planted" for row in queries.rows(con, "model_catalog"))
    con.close()


def test_an_in_memory_database_is_never_written_to_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    con = queries.connect(":memory:")
    assert len(con.execute("SELECT version FROM schema_version").fetchall()) == len(queries.migrations())
    con.close()
    assert not (tmp_path / ":memory:").exists()


def test_a_copied_file_opened_again_by_the_same_process_is_left_as_it_is(tmp_path, monkeypatch):
    """A file opened again whose models are this code's is not rewritten (`install_models`), also when this
    process copied it from a template another process had built."""
    import hashlib

    monkeypatch.setenv("CCHC_CACHE_DIR", str(tmp_path / "cache"))
    queries.connect(tmp_path / "built_here.duckdb").close()
    monkeypatch.setattr(queries, "_installed", {})          # as a new process finds the template already built
    monkeypatch.setattr(queries, "_template_of", {})
    path = tmp_path / "copied.duckdb"
    queries.connect(path).close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    con = queries.connect(path)
    assert queries.install_models(con) == []
    con.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
