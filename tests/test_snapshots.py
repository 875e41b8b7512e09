"""Published snapshots (loaders/snapshots.py): the writer's copies after each change, read by reader instances."""

import threading
import time
from pathlib import Path

import duckdb
import pytest

import queries
from accounts import system_account
from loaders import snapshots, store
from loaders.pipeline import commit_file, inspect_file

TU_PHAP_Q2 = "good_official_formulas_tu_phap_q2_2025.xlsx"       # Sở Tư pháp, Q2 2025, 9 lĩnh vực, 2.885 received
NOI_VU_Q2 = "store_noi_vu_q2_2025.xlsx"                          # Sở Nội vụ, Q2 2025, 2 lĩnh vực


def load(con, fixtures_dir, name):
    report = inspect_file(con, name, (fixtures_dir / name).read_bytes())
    assert not report.has_errors, report.issues
    return commit_file(con, report, loaded_by="pytest", by=system_account("pytest"))


def stored(path):
    """(batches, dossier rows, received in total) of a snapshot, opened read-only as a reader does."""
    con = queries.connect(path, read_only=True)
    try:
        return con.execute("SELECT (SELECT count(*) FROM load_batch), count(*), sum(recv_total) "
                           "FROM dossier_current").fetchone()
    finally:
        con.close()


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_write_lock_tells_its_listeners_once_per_outermost_release():
    calls = []
    listener = lambda: calls.append(threading.current_thread().name)   # noqa: E731
    queries.WRITE_LOCK.listeners.append(listener)
    try:
        with queries.WRITE_LOCK:
            with queries.WRITE_LOCK:           # a load inside a larger write: one change, said at the end
                pass
            assert calls == []
        assert calls == [threading.current_thread().name]
    finally:
        queries.WRITE_LOCK.listeners.remove(listener)


def test_publish_writes_numbered_copies_points_at_the_newest_and_prunes(db, fixtures_dir, tmp_path):
    folder = tmp_path / "snapshots"
    assert snapshots.current(folder) is None
    load(db, fixtures_dir, TU_PHAP_Q2)
    first = snapshots.publish(db, folder)
    assert first.name == "v000001.duckdb" and snapshots.current(folder) == first
    assert stored(first) == (1, 9, 2885)
    load(db, fixtures_dir, NOI_VU_Q2)
    for _ in range(3):
        last = snapshots.publish(db, folder)
    assert last.name == "v000004.duckdb"
    assert (folder / "current").read_text() == "v000004.duckdb\n"
    # the oldest is pruned (3 kept); no temporary file and no .wal is left beside them
    assert sorted(p.name for p in folder.iterdir()) == ["current", "v000002.duckdb", "v000003.duckdb",
                                                        "v000004.duckdb"]
    batches, rows, received = stored(last)
    assert (batches, rows) == (2, 11) and received > 2885
    # a copy holds the models (views, macros) too: a reader cannot create them
    con = queries.connect(last, read_only=True)
    try:
        assert queries.models_current(con)
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM load_batch")
    finally:
        con.close()


def test_numbering_goes_on_after_a_restart(db, tmp_path):
    folder = tmp_path / "snapshots"
    snapshots.publish(db, folder)
    snapshots.publish(db, folder)
    (folder / "current").unlink()           # even without its pointer, the highest file decides
    assert snapshots.publish(db, folder).name == "v000003.duckdb"


def test_a_pointer_to_a_missing_or_odd_file_means_nothing_published(tmp_path):
    (tmp_path / "current").write_text("v000009.duckdb\n")
    assert snapshots.current(tmp_path) is None
    (tmp_path / "current").write_text("../cchc.duckdb\n")
    assert snapshots.current(tmp_path) is None


def test_the_publisher_publishes_at_start_and_after_each_committed_load_and_rollback(db, fixtures_dir, tmp_path):
    folder = tmp_path / "snapshots"
    publisher = snapshots.Publisher(db, folder, quiet=0.1, latest=1.0).start()
    try:
        assert wait_for(lambda: snapshots.current(folder) is not None)
        assert stored(snapshots.current(folder)) == (0, 0, None)

        batch = load(db, fixtures_dir, TU_PHAP_Q2)[0].batch_id
        assert wait_for(lambda: stored(snapshots.current(folder)) == (1, 9, 2885))

        store.roll_back(db, batch, by=system_account("pytest"))
        assert wait_for(lambda: stored(snapshots.current(folder)) == (1, 0, None))
        version = snapshots.version_of(snapshots.current(folder))
        time.sleep(1.5)                     # its own copy (under the lock) does not wake it again
        assert snapshots.version_of(snapshots.current(folder)) == version
    finally:
        publisher.stop()
    assert publisher.changed not in queries.WRITE_LOCK.listeners


def test_a_reader_opens_the_newest_snapshot_read_only_and_closes_old_ones(db, fixtures_dir, tmp_path):
    folder = tmp_path / "snapshots"
    reader = snapshots.SnapshotReader(folder, prepare=lambda con: con.execute("SET threads = 1"))
    with pytest.raises(snapshots.NothingPublished, match="Chưa có bản số liệu nào được công bố"):
        reader.newest()
    first = snapshots.publish(db, folder)
    old = reader.connection(reader.newest())
    assert old.execute("SELECT current_setting('threads')").fetchone() == (1,)
    assert old.execute("SELECT count(*) FROM load_batch").fetchone() == (0,)
    load(db, fixtures_dir, TU_PHAP_Q2)
    snapshots.publish(db, folder)
    assert reader.newest().name == "v000002.duckdb"
    assert reader.connection(reader.newest()).execute("SELECT count(*) FROM load_batch").fetchone() == (1,)
    # a run that began on the first still reads it, from the same connection
    assert reader.connection(first) is old and old.execute("SELECT count(*) FROM load_batch").fetchone() == (0,)
    for _ in range(2):
        reader.connection(snapshots.publish(db, folder))
    assert reader.open_versions() == [2, 3, 4]          # the first closed: three newer ones are open
    with pytest.raises(duckdb.Error):
        old.execute("SELECT 1")
    reader.close()


def test_a_copy_of_the_checkpointed_file_is_consistent_while_writes_go_on(db, tmp_path):
    """The publication copies the file itself after a CHECKPOINT (queries.copy_checkpointed). Another thread
    keeps writing meanwhile, as the writer's pages do: each write, under the write lock, adds a row to one table
    and sets the count in another, in one transaction; a third keeps read transactions open. Every published
    copy was made that way, opens read-only, and holds the two tables in agreement."""
    db.execute("CREATE TABLE pub_rows (n INTEGER)")
    db.execute("CREATE TABLE pub_count (n INTEGER)")
    db.execute("INSERT INTO pub_count VALUES (0)")
    folder, stop = tmp_path / "snapshots", threading.Event()

    def write():
        cur, n = db.cursor(), 0
        while not stop.is_set():
            n += 1
            with queries.WRITE_LOCK:
                cur.execute("BEGIN TRANSACTION")
                cur.execute("INSERT INTO pub_rows VALUES ($n)", {"n": n})
                cur.execute("UPDATE pub_count SET n = $n", {"n": n})
                cur.execute("COMMIT")

    def read():
        cur = db.cursor()
        while not stop.is_set():
            cur.execute("BEGIN TRANSACTION")
            cur.execute("SELECT count(*) FROM pub_rows").fetchall()
            time.sleep(0.001)
            cur.execute("COMMIT")

    threads = [threading.Thread(target=write), threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    seen = []
    try:
        for _ in range(8):
            time.sleep(0.05)
            steps = {}
            path = snapshots.publish(db, folder, keep=20, timings=steps)
            assert steps["method"] == "file"
            copy = queries.connect(path, read_only=True)
            try:
                seen.append(copy.execute("SELECT (SELECT count(*) FROM pub_rows), (SELECT max(n) FROM pub_rows), "
                                         "(SELECT n FROM pub_count)").fetchone())
            finally:
                copy.close()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    for rows, highest, counted in seen:
        assert rows == counted and (highest or 0) == counted
    assert seen[-1][0] > seen[0][0] > 0          # the writes went on between the copies
    assert not list(folder.glob("*.wal")) and not list(folder.glob(".*.tmp"))


def test_an_uncommitted_write_is_not_in_the_copy_and_a_log_left_means_the_database_copy(db, tmp_path):
    db.execute("CREATE TABLE pub_rows (n INTEGER)")
    other = db.cursor()
    other.execute("BEGIN TRANSACTION")
    other.execute("INSERT INTO pub_rows VALUES (1)")           # not committed while the copy is made
    assert queries.copy_checkpointed(db.cursor(), tmp_path / "copy.duckdb")
    copy = queries.connect(tmp_path / "copy.duckdb", read_only=True)
    assert copy.execute("SELECT count(*) FROM pub_rows").fetchone() == (0,)
    copy.close()
    other.execute("COMMIT")
    # a log that a checkpoint did not empty (here: put there by hand) is never copied around
    source = Path(db.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0])
    db.execute("CHECKPOINT")
    stray = source.with_name(source.name + ".wal.stray")
    stray.write_bytes(b"x")
    try:
        assert not queries.copy_checkpointed(db.cursor(), tmp_path / "second.duckdb")
        assert not (tmp_path / "second.duckdb").exists()
        steps = {}
        path = snapshots.publish(db, tmp_path / "snapshots", timings=steps)
        assert steps["method"] == "database"
        copy = queries.connect(path, read_only=True)
        assert copy.execute("SELECT count(*) FROM pub_rows").fetchone() == (1,)
        copy.close()
    finally:
        stray.unlink()


def test_a_reader_warms_a_newer_snapshot_with_the_queries_asked_lately(db, fixtures_dir, tmp_path, monkeypatch):
    """frame/cache.py `warm`, which the reader's watcher runs before moving the sessions to a newer snapshot: the
    queries the pages asked for on the older one run once on the newer one, into the cache under its path, so the
    pages' reruns find them there — here on a cursor already closed, which would fail had the query run again."""
    from collections import OrderedDict

    from frame import cache

    monkeypatch.setattr(cache, "_recent", OrderedDict())         # what other tests of this process asked
    folder = tmp_path / "snapshots"
    load(db, fixtures_dir, TU_PHAP_Q2)
    older = snapshots.publish(db, folder)
    reader = snapshots.SnapshotReader(folder)
    asked = {"kind": "quarter", "year_from": 2025, "year_to": 2025, "linh_vuc": None, "unit_ids": None}
    cur = reader.connection(older).cursor()
    monkeypatch.setenv("CCHC_READER_OF", str(folder))             # a reader remembers what its pages ask
    before = cache.cached(cur, "dossier_period_totals", asked)
    yearly = {**asked, "kind": "year"}
    for _ in range(2):                                             # asked twice (two sessions), then once more
        cache.cached(cur, "dossier_period_totals", yearly)
    cache.cached(cur, "dossier_units", {})
    order = [(name, dict(key).get("kind")) for name, _, key in cache.lately_asked()][:3]
    assert order == [("dossier_period_totals", "year"), ("dossier_units", None), ("dossier_period_totals", "quarter")]
    monkeypatch.delenv("CCHC_READER_OF")                          # the writer's side loads
    assert before["recv_total"].tolist() == [2885]                     # Sở Tư pháp, Q2/2025
    load(db, fixtures_dir, NOI_VU_Q2)
    newer = snapshots.publish(db, folder)
    warm_cur = reader.connection(newer).cursor()
    assert cache.warm(warm_cur, str(newer), seconds=60) >= 1
    version = tuple(queries.rows(warm_cur, "data_version")[0])
    warm_cur.close()
    key = tuple(sorted((k, cache._hashable(v)) for k, v in asked.items()))
    rows = cache._cached_query(warm_cur, str(newer), version, "dossier_period_totals", cache._key(key), key)
    assert rows["recv_total"].tolist()[0] > 2885                       # Sở Nội vụ's Q2/2025 added
    # no time left: nothing runs, the pages run their queries as before
    assert cache.warm(reader.connection(newer).cursor(), str(newer), seconds=0) == 0
    reader.close()
