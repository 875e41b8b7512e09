"""Exports (Excel, Parquet), backup and restore of the warehouse, on real DuckDB files."""

import hashlib
import io
import re
import zipfile
from datetime import date, datetime

import duckdb
import pytest
from openpyxl import load_workbook

import queries
from loaders.backup import InvalidBackup, backup_bytes, check_backup_bytes, restore
from loaders.directory import add_alias, record_lineage
from loaders.pipeline import commit_file, inspect_file
from loaders.store import roll_back
from reports.export import parquet_zip_bytes, tables, workbook_bytes
from tests.warehouse_state import snapshot
from tests.test_loader_store import NOI_VU_Q2, TU_PHAP_Q2, TU_PHAP_Q2_FIX, load

FORMULA_NAME = "=1+2 báo cáo.xlsx"        # a file name a spreadsheet would run as a formula


@pytest.fixture
def loaded(db, fixtures_dir):
    """Three batches (1 replaced by 2, and 3), a formula-like file name, a lineage link."""
    report = inspect_file(db, FORMULA_NAME, (fixtures_dir / TU_PHAP_Q2).read_bytes())
    commit_file(db, report, loaded_by="pytest")
    load(db, fixtures_dir, TU_PHAP_Q2_FIX)
    load(db, fixtures_dir, NOI_VU_Q2)
    record_lineage(db, 2, 1, date(2025, 7, 1))
    return db


def counts(con):
    return {t: len(con.cursor().table(t).fetchall()) for t in tables(con)}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_workbook_has_one_sheet_per_table_with_every_row(loaded):
    expected = counts(loaded)
    # a fresh warehouse already holds the KPI catalogue (14 KPIs, 30 spellings) and the plan targets
    # seeded from the plans (8 dossier targets + 38 KPI targets)
    assert expected == {"load_batch": 3, "unit": 2, "unit_alias": 2, "unit_lineage": 1, "period": 1,
                        "dossier_count": 20, "linh_vuc_alias": 0, "index_methodology": 0, "index_framework": 0,
                        "index_score": 0, "index_aggregate": 0, "kpi": 14, "kpi_alias": 30, "kpi_value": 0,
                        "target": 46, "plan_task": 0, "plan_task_status": 0,
                        "dossier": 0, "working_day": 0, "working_day_override": 0}
    wb = load_workbook(io.BytesIO(workbook_bytes(loaded)))
    assert wb.sheetnames == sorted(expected)
    for table in wb.sheetnames:
        ws = wb[table]
        assert ws.max_row - 1 == expected[table], table
        assert [c.value for c in ws[1]] == loaded.table(table).columns     # the table's own column names
    batches = wb["load_batch"]
    header = [c.value for c in batches[1]]
    first, second = ([c.value for c in batches[r]] for r in (2, 3))
    assert first[header.index("file_name")] == "'=1+2 báo cáo.xlsx"          # neutralised, kept as text
    assert batches.cell(2, header.index("file_name") + 1).data_type == "s"
    assert first[header.index("status")] == "replaced" and second[header.index("replaces")] == "1"
    assert first[header.index("period_start")] == datetime(2025, 3, 15)     # a date cell, not text
    rows = wb["dossier_count"]
    names = [c.value for c in rows[1]]
    recv = sum(r[names.index("recv_total")] for r in rows.iter_rows(min_row=2, values_only=True))
    assert recv == loaded.execute("SELECT sum(recv_total) FROM dossier_count").fetchone()[0] == 2885 * 2 + 145


def test_parquet_zip_has_one_file_per_table_with_the_same_rows(loaded, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(parquet_zip_bytes(loaded)))
    assert sorted(archive.namelist()) == sorted(f"{t}.parquet" for t in counts(loaded))
    archive.extractall(tmp_path / "pq")
    reader = duckdb.connect()
    for table, expected in counts(loaded).items():
        path = str(tmp_path / "pq" / f"{table}.parquet")
        assert reader.execute("SELECT count(*) FROM read_parquet($p)", {"p": path}).fetchone()[0] == expected
    stored = loaded.execute("SELECT * FROM dossier_count ORDER BY ALL").fetchall()
    assert reader.execute("SELECT * FROM read_parquet($p)",
                          {"p": str(tmp_path / "pq" / "dossier_count.parquet")}).fetchall() == stored
    assert reader.execute("SELECT file_name, replaces FROM read_parquet($p) ORDER BY batch_id",
                          {"p": str(tmp_path / "pq" / "load_batch.parquet")}).fetchall() == [
        (FORMULA_NAME, None), (TU_PHAP_Q2_FIX, [1]), (NOI_VU_Q2, None)]


def test_backup_then_restore_gives_back_the_same_rows(loaded, db_file, fixtures_dir):
    before = snapshot(loaded)
    data = backup_bytes(loaded)
    assert data[8:12] == b"DUCK"                                            # a DuckDB file
    # work goes on after the backup …
    roll_back(loaded, 2)
    add_alias(loaded, 1, "Sở Tư pháp Quảng Trị")
    assert snapshot(loaded) != before
    db_file.chmod(0o640)
    closed = []

    def close():
        loaded.close()
        closed.append(True)

    done = restore(db_file, data, "sao-luu.duckdb", close_connection=close, now=datetime(2026, 1, 5, 14, 30, 0))
    assert closed == [True]
    assert done.aside == db_file.with_name("t.duckdb.truoc-khoi-phuc-20260105-143000")
    assert (done.summary.batches, done.summary.active_batches, done.summary.dossier_rows) == (3, 2, 20)
    assert db_file.stat().st_mode & 0o777 == 0o640                         # the restored file's permissions
    con = queries.connect(db_file)
    try:
        assert snapshot(con) == before                                      # every row of every table
        assert con.execute("SELECT count(*) FROM dossier_quality").fetchone() == (0,)   # views and macros too
        again = inspect_file(con, "moi.xlsx", (fixtures_dir / "store_tu_phap_q3_2025.xlsx").read_bytes())
        assert [s.batch_id for s in commit_file(con, again, loaded_by="pytest")] == [4]  # sequences continue
    finally:
        con.close()
    kept = queries.connect(done.aside, read_only=True)                     # the file in use is kept aside
    try:
        assert kept.execute("SELECT status FROM load_batch WHERE batch_id = 2").fetchone() == ("rolled_back",)
    finally:
        kept.close()


def _refused(db_file, data, name):
    """Restore `data` over the closed warehouse: the message, and whether the file and its folder changed."""
    before, files = sha256(db_file), sorted(p.name for p in db_file.parent.iterdir())
    calls = []
    with pytest.raises(InvalidBackup) as refused:
        restore(db_file, data, name, close_connection=lambda: calls.append(True))
    assert calls == []                                                      # the app's connection left alone
    assert sha256(db_file) == before
    assert sorted(p.name for p in db_file.parent.iterdir()) == files       # nothing moved, no temp left
    return str(refused.value)


def test_restore_refuses_a_file_that_is_not_duckdb(loaded, db_file, fixtures_dir):
    loaded.close()
    message = _refused(db_file, (fixtures_dir / TU_PHAP_Q2).read_bytes(), "bao-cao.duckdb")
    assert message == ("Tệp bao-cao.duckdb không phải cơ sở dữ liệu DuckDB đọc được (tệp khác, tệp hỏng hoặc tạo "
                       "bằng phiên bản DuckDB khác). Hãy chọn tệp .duckdb tải về từ mục \"Sao lưu\". Dữ liệu hiện "
                       "tại không thay đổi.")
    assert _refused(db_file, b"", "rong.duckdb") == ("Tệp rong.duckdb rỗng; không phải bản sao lưu. Dữ liệu hiện tại "
                                                     "không thay đổi.")


def _duckdb_file(path, *statements) -> bytes:
    con = duckdb.connect(str(path))
    for statement in statements:
        con.execute(statement)
    con.close()
    return path.read_bytes()


def test_restore_refuses_a_duckdb_file_without_our_tables(loaded, db_file, tmp_path):
    loaded.close()
    other = _duckdb_file(tmp_path / "khac.duckdb", "CREATE TABLE don_hang (id INTEGER)", "INSERT INTO don_hang VALUES (1)")
    assert _refused(db_file, other, "khac.duckdb") == (
        "Tệp khac.duckdb là cơ sở dữ liệu DuckDB nhưng không phải bản sao lưu của bảng điều khiển CCHC (không có "
        "bảng schema_version). Dữ liệu hiện tại không thay đổi.")
    partial = _duckdb_file(tmp_path / "thieu.duckdb", "CREATE TABLE schema_version (version INTEGER)",
                           "INSERT INTO schema_version VALUES (1)", "CREATE TABLE load_batch (batch_id INTEGER)")
    assert _refused(db_file, partial, "thieu.duckdb") == (
        "Tệp thieu.duckdb thiếu bảng dossier_count, period, unit, unit_alias, unit_lineage; không phải bản sao lưu "
        "đầy đủ. Dữ liệu hiện tại không thay đổi.")


def test_restore_refuses_a_backup_of_a_newer_app_or_an_empty_one(loaded, db_file, tmp_path):
    newer_path = tmp_path / "moi_hon.duckdb"
    queries.copy_database(loaded, newer_path)
    con = duckdb.connect(str(newer_path))
    con.execute("INSERT INTO schema_version (version, file) VALUES (99, '099_future.sql')")
    con.close()
    empty_path = tmp_path / "trong.duckdb"
    queries.connect(empty_path).close()
    loaded.close()
    latest = max(v for v, _ in queries.migrations())
    assert _refused(db_file, newer_path.read_bytes(), "moi_hon.duckdb") == (
        f"Tệp moi_hon.duckdb được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ số 99, phiên bản này chỉ đến số "
        f"{latest}). Hãy cập nhật ứng dụng rồi khôi phục lại. Dữ liệu hiện tại không thay đổi.")
    assert re.match(r"Tệp trong\.duckdb không có lô dữ liệu nào",
                    _refused(db_file, empty_path.read_bytes(), "trong.duckdb"))


def test_checking_an_upload_writes_nothing(loaded):
    data = backup_bytes(loaded)
    summary = check_backup_bytes(data, "sao-luu.duckdb")
    assert (summary.schema_version, summary.batches, summary.units, summary.dossier_rows,
            summary.first_period_label, summary.last_period_label) == (
        max(v for v, _ in queries.migrations()), 3, 2, 20, "Quý II/2025", "Quý II/2025")
