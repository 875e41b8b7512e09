"""Exports (Excel, Parquet), backup and restore of the warehouse, on real DuckDB files."""

import hashlib
import io
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

import queries
from loaders.__main__ import main as loaders_main
from loaders.backup import InvalidBackup, backup_bytes, check_backup_bytes, restore
from loaders.directory import add_alias, record_lineage
from loaders.pipeline import commit_file, inspect_file
from loaders.store import roll_back
from reports.export import parquet_zip_bytes, tables, workbook_bytes
from tests.warehouse_state import snapshot
from tests.test_loader_store import NOI_VU_Q2, TU_PHAP_Q2, TU_PHAP_Q2_FIX, load
from tests.test_migrations import legacy_database

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
                        "dossier": 0, "working_day": 0, "working_day_override": 0, "alert_delivery": 0,
                        "alert_rule": 0, "setting": 0, "unit_import": 0}
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


# ---------------------------------------------------------------------------------------------------------
# A backup altered outside the app: it must not bring its own SQL in.
# ---------------------------------------------------------------------------------------------------------

SECRET = "mật khẩu của quản trị viên\n" * 150          # a server file the altered macros read: 4.050 characters


def _altered_backup(con, tmp_path, *statements) -> Path:
    """A real backup of `con`, then altered with `statements` (as someone with the file and DuckDB could)."""
    path = tmp_path / "sao-luu-da-sua.duckdb"
    queries.copy_database(con, path)
    altered = duckdb.connect(str(path))
    for statement in statements:
        altered.execute(statement)
    altered.close()
    return path


def _file_reading_backup(con, tmp_path) -> Path:
    """The attack seen: `pct()` returns the length of a local file, so every rate on every page shows it; and a
    view under a model's name lists the file's lines. A macro cannot take a bound parameter, so the path is
    written into the statement (a temporary path of this test)."""
    secret = tmp_path / "bi-mat.txt"
    secret.write_text(SECRET, encoding="utf-8")
    quoted = "'" + str(secret).replace("'", "''") + "'"
    path = _altered_backup(
        con, tmp_path,
        "CREATE OR REPLACE MACRO pct(num, den) AS (SELECT length(content) FROM read_text(" + quoted + "))",
        "CREATE OR REPLACE VIEW dossier_quality AS SELECT * FROM read_csv(" + quoted + ", header = false)")
    crafted = duckdb.connect(str(path), read_only=True)    # the attack works on the file as it is
    try:
        assert crafted.execute("SELECT DISTINCT on_time_pct FROM dossier_rates").fetchall() == [(len(SECRET),)]
        assert crafted.execute("SELECT count(*) FROM dossier_quality").fetchone() == (150,)
    finally:
        crafted.close()
    return path


def _runs_only_this_codes_sql(db_file) -> None:
    con = queries.connect(db_file)
    try:
        # Sở Tư pháp, Lý lịch tư pháp, Q2/2025 (the corrected file): (1.579 trước hạn + 860 đúng hạn) / 2.446
        # đã giải quyết; 1.981 trực tuyến / (1.981 + 492) mới tiếp nhận
        rates = con.execute("SELECT on_time_pct, online_pct FROM dossier_rates WHERE unit_id = 1 "
                            "AND linh_vuc = 'Lý lịch tư pháp'").fetchone()
        assert rates == pytest.approx((100 * 2439 / 2446, 100 * 1981 / 2473))
        assert con.execute("SELECT count(*) FROM dossier_quality").fetchone() == (0,)
        definitions = con.execute("SELECT string_agg(definition, ' ') FROM (" + queries.sql("model_catalog")
                                  .rstrip().rstrip(";") + ")").fetchone()[0]
        assert "read_text" not in definitions and "read_csv" not in definitions
    finally:
        con.close()


def test_a_backup_whose_macros_read_a_file_runs_only_this_codes_sql_after_a_page_restore(loaded, db_file, tmp_path):
    path = _file_reading_backup(loaded, tmp_path)
    loaded.close()
    done = restore(db_file, path.read_bytes(), "sao-luu.duckdb", close_connection=lambda: None,
                   now=datetime(2026, 1, 5, 14, 30, 0))
    assert (done.summary.batches, done.summary.dossier_rows) == (3, 20)
    _runs_only_this_codes_sql(db_file)


def test_a_backup_whose_macros_read_a_file_runs_only_this_codes_sql_after_a_command_line_restore(
        loaded, db_file, tmp_path, capsys):
    path = _file_reading_backup(loaded, tmp_path)
    loaded.close()
    assert loaders_main(["--restore", str(path), "--db", str(db_file)]) == 0
    out = capsys.readouterr().out
    aside = re.search(r"Tệp đang dùng trước đó được giữ ở (\S+)\.$", out.strip())[1]
    assert out.startswith(f"ĐÃ KHÔI PHỤC {db_file} từ {path}: 3 lô, 20 dòng hồ sơ, Quý II/2025 – Quý II/2025.")
    assert re.fullmatch(r"t\.duckdb\.truoc-khoi-phuc-\d{8}-\d{6}", Path(aside).name) and Path(aside).is_file()
    _runs_only_this_codes_sql(db_file)


FOREIGN = ("CREATE TABLE ghi_chu_la (x INTEGER)",
           "CREATE VIEW xem_la AS SELECT 1 AS x",
           "CREATE MACRO doc_tep(p) AS (SELECT content FROM read_text(p))",
           "CREATE SCHEMA la",
           "CREATE MACRO la.pct(num, den) AS 0",
           "ALTER TABLE unit_alias ADD COLUMN ghi_chu VARCHAR DEFAULT 'x'")
FOREIGN_MESSAGE = (
    "Tệp la.duckdb chứa những thứ mà lược đồ của ứng dụng không tạo ra: lược đồ la; bảng ghi_chu_la; bảng unit_alias "
    "có cấu trúc khác (cột, giá trị mặc định, ràng buộc hoặc chỉ mục); khung nhìn (view) xem_la; hàm (macro) la.pct; "
    "hàm (macro) doc_tep. Bản sao lưu do bảng điều khiển tạo không bao giờ có chúng, nên tệp đã bị sửa ngoài ứng dụng; "
    "câu lệnh SQL lạ trong đó có thể chạy trên mọi trang. Không khôi phục. Dữ liệu hiện tại không thay đổi.")


def test_a_backup_holding_tables_views_or_macros_the_schema_does_not_know_is_refused(loaded, db_file, tmp_path,
                                                                                    capsys):
    path = _altered_backup(loaded, tmp_path, *FOREIGN)
    loaded.close()
    assert _refused(db_file, path.read_bytes(), "la.duckdb") == FOREIGN_MESSAGE
    # the command line says the same, exit status 1, and changes nothing
    renamed = path.rename(path.with_name("la.duckdb"))
    before, files = sha256(db_file), sorted(p.name for p in db_file.parent.iterdir())
    assert loaders_main(["--restore", str(renamed), "--db", str(db_file)]) == 1
    assert capsys.readouterr().err.strip() == "KHÔNG KHÔI PHỤC: " + FOREIGN_MESSAGE
    assert sha256(db_file) == before and sorted(p.name for p in db_file.parent.iterdir()) == files


def test_a_table_whose_default_is_other_sql_is_refused(loaded, db_file, tmp_path):
    # a default runs at every load (DuckDB refuses a subquery there, not a function call)
    path = _altered_backup(loaded, tmp_path, "ALTER TABLE load_batch ALTER COLUMN note SET DEFAULT version()")
    loaded.close()
    assert _refused(db_file, path.read_bytes(), "mac-dinh.duckdb").startswith(
        "Tệp mac-dinh.duckdb chứa những thứ mà lược đồ của ứng dụng không tạo ra: bảng load_batch có cấu trúc khác")


def test_the_command_line_restore_will_not_swap_the_file_under_a_running_dashboard(loaded, db_file, tmp_path,
                                                                                 capsys):
    data = tmp_path / "sao-luu.duckdb"
    data.write_bytes(backup_bytes(loaded))
    loaded.close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('mở', flush=True); time.sleep(60)", str(db_file)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "mở"
        before = sha256(db_file)
        assert loaders_main(["--restore", str(data), "--db", str(db_file)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"KHÔNG KHÔI PHỤC: cơ sở dữ liệu {db_file} đang được một chương trình khác mở "
                              f"(tiến trình PID {holder.pid}), thường là dashboard.")
        assert sha256(db_file) == before
    finally:
        holder.kill()
        holder.wait()
    assert loaders_main(["--restore", str(tmp_path / "khong-co.duckdb"), "--db", str(db_file)]) == 2
    assert capsys.readouterr().err.startswith(f"KHÔNG KHÔI PHỤC: không đọc được tệp {tmp_path / 'khong-co.duckdb'}")
    assert loaders_main(["--restore", str(data), "--db", str(db_file)]) == 0       # the dashboard stopped


def test_a_backup_made_by_the_code_before_models_is_restored_with_this_codes_models(db, db_file, tmp_path):
    old = tmp_path / "sao-luu-cu.duckdb"
    legacy_database(old)                                   # views and macros made by the old migrations
    db.close()
    done = restore(db_file, old.read_bytes(), "sao-luu-cu.duckdb", close_connection=lambda: None)
    assert (done.summary.batches, done.summary.dossier_rows) == (1, 1)
    con = queries.connect(db_file)
    try:
        assert {name for _, _, name, _ in queries.rows(con, "model_catalog")} == set(queries.model_order())
        # the row of the old file: (20 + 25) / 51 on time, 38 / (38 + 14) online
        assert con.execute("SELECT on_time_num, on_time_pct, online_pct FROM with_dossier_rates(dossier_current)"
                           ).fetchone() == pytest.approx((45, 100 * 45 / 51, 100 * 38 / 52))
    finally:
        con.close()
