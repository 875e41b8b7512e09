"""The demo data apart from real data: its batches are marked, one admin action removes all of them with
their rows, the "dữ liệu minh họa" note shows only while demo numbers are on screen, and an empty warehouse
can start without it ($CCHC_DEMO=0)."""

import threading

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import accounts
import dashboard
import queries
from loaders import sample
from tests.sample_db import ROOT
from tests.test_loader_store import TU_PHAP_Q2_FIX, load

HALF_YEAR_REAL = "good_rollup_by_unit_quang_tri_6thang_2025.xlsx"   # a real 6-month report: a kind the demo lacks
DEMO_NOTE = "dữ liệu minh họa"

# What data/sample holds (tests/sample_db.py loads it): 188 Biểu 06 reports, 5 KPI files, 2 plans, 1 score
# table, 1 target table, and the dossier lists generated from the reports (loaders/dossier_sample.py: one per
# unit with dossiers, 11); the published reference data (6 score batches) is real and not part of the demo.
# Issue 19 added the communes: 2 roll-ups by unit (Q3, Q4/2025) and 1 unit directory.
DEMO_BATCHES = 188 + 5 + 2 + 1 + 1 + 11 + 2 + 1


def _count(con, sql: str, params=None) -> int:
    return con.execute(sql, params).fetchone()[0]


def test_the_sample_batches_are_marked_and_the_reference_data_is_not(sample_db):
    con = queries.connect(sample_db)
    try:
        marked = con.execute("SELECT loaded_by, is_demo, count(*) FROM load_batch GROUP BY ALL ORDER BY ALL").fetchall()
        assert marked == [("dữ liệu mẫu", True, DEMO_BATCHES), ("dữ liệu tham chiếu", False, 6)]
        assert sample.in_use(con) == {"dossiers", "dossier_list", "kpis", "plan_tasks", "scores", "targets", "units"}
    finally:
        con.close()


def test_removing_the_demo_deletes_every_demo_row_and_keeps_real_data(sample_db, fixtures_dir):
    con = queries.connect(sample_db)
    try:
        real = load(con, fixtures_dir, TU_PHAP_Q2_FIX)        # replaces the demo's Sở Tư pháp Q2/2025
        real_rows = _count(con, "SELECT count(*) FROM dossier_count WHERE batch_id = $b", {"b": real[0].batch_id})
        before = sample.summary(con)
        assert (before["batches"], before["dossier_rows"], before["plan_task_rows"]) == (DEMO_BATCHES, 1414 + 2 * 78, 44)
        assert before["real_batches"] == 6 + 1
        removed = sample.remove_demo(con, by=accounts.LOCAL)
        assert removed == before
        assert sample.summary(con) == {"batches": 0, "active_batches": 0, "dossier_rows": 0, "score_rows": 0,
                                       "kpi_rows": 0, "target_rows": 0, "plan_task_rows": 0, "dossier_list_rows": 0,
                                       "real_batches": 7}
        assert sample.in_use(con) == set()
        # the real report and the reference scores stay, active; nothing else is left in the dossier table
        assert con.execute("SELECT loaded_by, status, count(*) FROM load_batch GROUP BY ALL ORDER BY ALL").fetchall() \
            == [("dữ liệu tham chiếu", "active", 6), ("pytest", "active", 1)]
        assert _count(con, "SELECT count(*) FROM dossier_count") == real_rows > 0
        assert _count(con, "SELECT count(*) FROM dossier_current") == real_rows
        # every table whose rows belong to a batch: none left pointing at a batch that is gone
        tables = [t for (t,) in con.execute(
            "SELECT c.table_name FROM duckdb_columns() c JOIN duckdb_tables() t USING (database_name, schema_name, "
            "table_name) WHERE c.column_name = 'batch_id' AND c.table_name <> 'load_batch' ORDER BY 1").fetchall()]
        assert set(tables) <= set(sample.DEMO_ROW_TABLES)
        for table in tables:
            orphans = _count(con, f'SELECT count(*) FROM "{table}" WHERE batch_id IS NOT NULL AND batch_id NOT IN '
                                  "(SELECT batch_id FROM load_batch)")
            assert orphans == 0, table
        # the demo's file can now be loaded as real data: its content is no longer "already loaded"
        assert sample.summary(con)["batches"] == 0
    finally:
        con.close()


def test_removal_is_refused_to_a_viewer_and_changes_nothing(sample_db):
    con = queries.connect(sample_db)
    try:
        viewer = accounts.Account(login="", display_name="xem", role=accounts.VIEWER, kind="system")
        analyst = accounts.Account(login="", display_name="chuyên viên", role=accounts.ANALYST, kind="system")
        with pytest.raises(accounts.NotAllowed):
            sample.remove_demo(con, by=analyst)
        with pytest.raises(accounts.NotAllowed):
            sample.remove_demo(con, by=viewer)
        assert sample.summary(con)["batches"] == DEMO_BATCHES
    finally:
        con.close()


def test_the_note_shows_only_while_demo_numbers_are_on_screen(sample_db, fixtures_dir):
    con = queries.connect(sample_db)
    load(con, fixtures_dir, HALF_YEAR_REAL)
    con.close()
    page = str(ROOT / "pages" / "overview.py")
    quarters = AppTest.from_file(page, default_timeout=60)
    quarters.query_params["ky"] = "quy"
    quarters.run()
    assert any(DEMO_NOTE in c.value for c in quarters.caption)
    halves = AppTest.from_file(page, default_timeout=60)
    halves.query_params["ky"] = "6thang"            # only the real report has 6-month periods
    halves.run()
    assert not halves.exception
    assert halves.subheader[0].value == "Kỳ gần nhất: 6 tháng đầu năm 2025"
    assert not any(DEMO_NOTE in c.value for c in halves.caption)


def test_the_manage_page_removes_the_demo_after_a_confirmation(sample_db):
    at = AppTest.from_file(str(ROOT / "pages" / "manage.py"), default_timeout=60).run()
    assert not at.exception
    assert at.button(key="manage_demo_remove").disabled                   # not before the confirmation
    at.checkbox(key="manage_demo_ok").check().run()
    at.button(key="manage_demo_remove").click().run()
    assert not at.exception
    assert at.success[0].value.startswith(f"Đã xóa {DEMO_BATCHES} lô dữ liệu minh họa cùng 1.570 dòng số liệu hồ sơ")
    assert not [b for b in at.button if b.key == "manage_demo_remove"]    # nothing left to remove
    con = queries.connect(sample_db)
    try:
        assert _count(con, "SELECT count(*) FROM load_batch WHERE is_demo") == 0
    finally:
        con.close()
    overview = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert "Chưa có số liệu hồ sơ TTHC" in overview.info[0].value


def test_the_upload_page_offers_a_clean_start_while_the_demo_is_stored(sample_db):
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=60).run()
    assert not at.exception
    assert any("Bắt đầu với số liệu thật?" in m.value for m in at.markdown)
    assert at.button(key="upload_demo_remove").disabled


def test_an_empty_warehouse_starts_without_the_demo_when_asked(tmp_path, monkeypatch):
    con = queries.connect(tmp_path / "real.duckdb")
    try:
        monkeypatch.setenv("CCHC_DEMO", "0")
        assert sample.start(con) == (0, [])
        assert sample.is_empty(con)
        monkeypatch.setenv("CCHC_DEMO", "1")
        assert sample.wanted()
    finally:
        con.close()


def test_each_thread_has_its_own_cursor(tmp_path, monkeypatch):
    """Two runs of one session may overlap (a new run starts in a new thread while the old one's query still
    runs): they must never share a cursor ("connection is busy")."""
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "cursors.duckdb"))
    monkeypatch.setenv("CCHC_DEMO", "0")
    mine = dashboard.cursor()
    assert dashboard.cursor() is mine
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(dashboard.cursor()))
    worker.start()
    worker.join()
    assert theirs[0] is not mine and isinstance(theirs[0], duckdb.DuckDBPyConnection)
    # both may query at once
    results = []

    def count():
        results.append(dashboard.cursor().execute("SELECT count(*) FROM range(2000000) a").fetchone()[0])

    threads = [threading.Thread(target=count) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [2_000_000] * 4


def test_the_dashboards_connection_has_its_duckdb_limits(tmp_path, monkeypatch):
    """600 MB and 2 threads by default; $CCHC_DUCKDB_MEMORY / $CCHC_DUCKDB_THREADS change them."""
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "limits.duckdb"))
    monkeypatch.setenv("CCHC_DEMO", "0")
    monkeypatch.setenv("CCHC_DUCKDB_MEMORY", "700MB")
    monkeypatch.setenv("CCHC_DUCKDB_THREADS", "1")
    memory, threads = queries.rows(dashboard.cursor(), "duckdb_settings")[0]
    assert (memory, threads) == ("667.5 MiB", 1)          # DuckDB writes 700 MB (10^6 bytes) in MiB
    monkeypatch.delenv("CCHC_DUCKDB_MEMORY")
    monkeypatch.delenv("CCHC_DUCKDB_THREADS")
    assert dashboard.duckdb_limits() == ("600MB", 2)
