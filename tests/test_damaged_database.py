"""A damaged database file is found at start and the admin is told how to put the last backup back; backups
are made by a command (for cron), verified, pruned — also while the dashboard holds the file."""

import random
import shutil
import subprocess
import sys
from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

import queries
from loaders import backup
from loaders.__main__ import main as cli_main
from tests.sample_db import ROOT


def damaged_copy(source, target, how):
    data = bytearray(source.read_bytes())
    if how == "truncated":
        data = data[: len(data) * 2 // 3]
    elif how == "flipped":                         # 20 bytes flipped past the file headers (in table blocks)
        rng = random.Random(3)
        for _ in range(20):
            data[rng.randrange(16384, len(data))] ^= 0xFF
    else:
        data = b"hello, not a database" * 500
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("how", ["truncated", "flipped", "not a database"])
def test_damage_found_at_start_with_the_restore_steps(sample_db_master, tmp_path, monkeypatch, how):
    db = damaged_copy(sample_db_master, tmp_path / "cchc.duckdb", how)
    monkeypatch.setenv("CCHC_BACKUP_DIR", str(tmp_path / "backups"))
    (tmp_path / "backups").mkdir()
    latest = tmp_path / "backups" / "cchc-sao-luu-20251231-020000.duckdb"
    shutil.copy(sample_db_master, tmp_path / "backups" / "cchc-sao-luu-20251230-020000.duckdb")
    shutil.copy(sample_db_master, latest)
    with pytest.raises(queries.DatabaseDamaged) as found:
        queries.connect(db, verify=True)
    message = str(found.value)
    assert message.startswith(f"Tệp cơ sở dữ liệu {db} bị hỏng, không đọc được (")
    assert (f"1) dừng dashboard; 2) giữ lại tệp hỏng: mv {db} {db}.hong (và {db}.wal nếu có); 3) chép bản sao lưu "
            f"vào chỗ đó: cp {latest} {db}; 4) khởi động lại dashboard. Bản sao lưu gần nhất tìm thấy: {latest}.") in message

    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value == message                 # the page says it instead of a traceback


def test_without_a_backup_the_message_says_where_to_find_one(sample_db_master, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_BACKUP_DIR", str(tmp_path / "khong-co"))
    db = damaged_copy(sample_db_master, tmp_path / "d.duckdb", "truncated")
    with pytest.raises(queries.DatabaseDamaged, match="Không tìm thấy bản sao lưu nào trong .*khong-co; hãy dùng bản "
                                                      "sao lưu đã tải về từ trang \"Quản lý dữ liệu\""):
        queries.connect(db, verify=True)


def test_the_loader_refuses_a_damaged_database(sample_db_master, tmp_path, capsys, fixtures_dir):
    db = damaged_copy(sample_db_master, tmp_path / "d.duckdb", "flipped")
    before = db.read_bytes()
    assert cli_main([str(fixtures_dir / "store_noi_vu_q2_2025.xlsx"), "--db", str(db)]) == 2
    assert "bị hỏng, không đọc được" in capsys.readouterr().err
    assert db.read_bytes() == before


def summary(path):
    con = queries.connect(path)
    try:
        return backup.summary_of(con)
    finally:
        con.close()


def test_backup_command_writes_checks_and_prunes(sample_db, tmp_path, capsys):
    batches = summary(sample_db).batches            # the sample's workbooks and plan files
    folder = tmp_path / "sao-luu"
    for day in (1, 2, 3):            # older backups, oldest first by name
        shutil.copy(sample_db, folder.mkdir(exist_ok=True) or folder / f"cchc-sao-luu-2025010{day}-020000.duckdb")
    assert cli_main(["--db", str(sample_db), "--backup", str(folder), "--keep", "2"]) == 0
    out = capsys.readouterr().out
    made = sorted(folder.glob("cchc-sao-luu-*.duckdb"))
    assert [p.name for p in made][0] == "cchc-sao-luu-20250103-020000.duckdb" and len(made) == 2
    assert out.splitlines()[0] == (f"ĐÃ SAO LƯU {sample_db} → {made[-1]}: đã kiểm tra, {batches} lô, 1.570 dòng hồ "
                                   "sơ, Quý I/2021 – Quý IV/2025.")
    assert out.splitlines()[1] == "Đã xóa 2 bản sao lưu cũ (giữ 2 bản mới nhất)."
    # 188 department workbooks, 1.414 lĩnh vực rows; 2 commune roll-ups, 78 rows each (issue 19)
    assert backup.check_backup(made[-1]).dossier_rows == 1414 + 2 * 78


def test_backup_command_through_the_running_dashboard(sample_db, tmp_path):
    """Another process holds the file (as the dashboard does): the command asks it for the backup, then checks
    what it wrote."""
    batches = summary(sample_db).batches
    holder = queries.connect(sample_db)
    watcher = backup.watch_requests(holder, sample_db)
    try:
        done = subprocess.run([sys.executable, "-m", "loaders", "--db", str(sample_db), "--backup",
                               str(tmp_path / "bk"), "--wait", "60"], cwd=ROOT, capture_output=True, text=True)
    finally:
        watcher.stop()
        holder.close()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"ĐÃ SAO LƯU {sample_db} → {tmp_path / 'bk'}/cchc-sao-luu-")
    assert f": đã kiểm tra, {batches} lô, 1.570 dòng hồ sơ, Quý I/2021 – Quý IV/2025." in done.stdout
    assert not list(backup.request_dir(sample_db).iterdir())          # the request and its answer are gone


def test_backup_command_says_when_nobody_answers(sample_db, tmp_path):
    holder = queries.connect(sample_db)                   # holds the file but answers no request
    try:
        done = subprocess.run([sys.executable, "-m", "loaders", "--db", str(sample_db), "--backup",
                               str(tmp_path / "bk"), "--wait", "1"], cwd=ROOT, capture_output=True, text=True)
    finally:
        holder.close()
    assert done.returncode == 2
    assert done.stderr.startswith(f"SAO LƯU KHÔNG ĐƯỢC: Cơ sở dữ liệu {sample_db} đang được một chương trình khác mở")
    assert not list((tmp_path / "bk").glob("*.duckdb"))


def test_backup_names_carry_their_time(tmp_path):
    first = backup.backup_target(tmp_path, datetime(2026, 1, 5, 2, 0, 0))
    first.write_bytes(b"x")
    assert first.name == "cchc-sao-luu-20260105-020000.duckdb"
    assert backup.backup_target(tmp_path, datetime(2026, 1, 5, 2, 0, 0)).name == "cchc-sao-luu-20260105-020000-2.duckdb"


def test_the_integrity_check_reads_a_table_whatever_its_name(tmp_path):
    """Table names reach the check as bound values (a restored file brings its own): a name with a dot, a quote
    and SQL in it is read as one table, and nothing of it runs."""
    con = queries.connect(tmp_path / "odd.duckdb")
    odd = 'x"; DROP TABLE load_batch; --.y'
    con.execute('CREATE TABLE "x""; DROP TABLE load_batch; --.y" (a INTEGER, m MAP(VARCHAR, INTEGER))')
    con.execute("""INSERT INTO "x""; DROP TABLE load_batch; --.y" VALUES (1, MAP {'k': 2})""")
    before = [t for (t,) in queries.rows(con, "backup_tables")]
    queries.check_integrity(con)
    assert odd in before and "load_batch" in before
    assert [t for (t,) in queries.rows(con, "backup_tables")] == before
    con.close()
