"""The bulk-loading command line, run as the analyst runs it: `python -m loaders … --db …` in a subprocess."""

import os
import subprocess
import sys
from pathlib import Path

import queries

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_SO = FIXTURES / "good_official_formulas_tu_phap_q2_2025.xlsx"
EXAMPLE_ROLLUP = FIXTURES / "good_rollup_by_unit_quang_tri_6thang_2025.xlsx"


def cli(*args, timeout=60):
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DB"}
    return subprocess.run([sys.executable, "-m", "loaders", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_every_file_loads_exit_0(db_file):
    done = cli(EXAMPLE_SO, EXAMPLE_ROLLUP, "--db", db_file)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (f"ĐÃ NẠP   {EXAMPLE_SO}: [Biểu 06] 9 dòng, Sở Tư pháp tỉnh Quảng Trị, "
                        "Quý II/2025 (15/03/2025 – 14/06/2025)")
    assert f"ĐÃ NẠP   {EXAMPLE_ROLLUP}: [Biểu 06] 16 dòng, nhiều đơn vị, 6 tháng đầu năm 2025 " \
           "(15/12/2024 – 14/06/2025)" in lines
    assert lines[-1] == "Tổng: 2 tệp, 2 nạp được, 0 bị từ chối."
    assert "Traceback" not in done.stdout + done.stderr

    con = queries.connect(db_file, read_only=True)
    try:
        # docs/domain.md "Example workbooks": Sở Tư pháp Q2 2025 totals row
        assert con.execute("""
            SELECT sum(recv_total), sum(recv_online), sum(res_total), sum(proc_total)
            FROM dossier_current c JOIN unit u USING (unit_id)
            WHERE u.name = 'Sở Tư pháp' AND period_start = DATE '2025-03-15' AND period_end = DATE '2025-06-14'
        """).fetchone() == (2885, 2062, 2604, 281)
        # the roll-up: Tổng số 40551 received, 24134 online, over 16 units (section and total rows not stored)
        assert con.execute("""
            SELECT sum(recv_total), sum(recv_online), count(DISTINCT unit_id), count(*)
            FROM dossier_current
            WHERE period_start = DATE '2024-12-15' AND period_end = DATE '2025-06-14'
        """).fetchone() == (40551, 24134, 16, 16)
        # "Sở Tư pháp tỉnh Quảng Trị" (file 1) and "Sở Tư pháp" (a roll-up row) are one unit
        assert con.execute("SELECT count(*) FROM unit").fetchone() == (16,)
        assert con.execute("SELECT batch_id, status, row_count FROM load_batch ORDER BY batch_id").fetchall() == [
            (1, "active", 9), (2, "active", 16)]
    finally:
        con.close()


def test_one_refused_file_exit_1_the_others_load(db_file):
    bad = FIXTURES / "bad_negative_count.xlsx"
    done = cli(EXAMPLE_SO, bad, EXAMPLE_ROLLUP, "--db", db_file)
    assert done.returncode == 1
    out = done.stdout
    assert f"TỪ CHỐI  {bad}: [Biểu 06] 4 dòng, Sở Nội vụ tỉnh Hà Tĩnh, Quý III/2024 (15/06/2024 – 14/09/2024)" in out
    assert "    [lỗi] Biểu 06!F16: số âm (-3) không hợp lệ (Từ kỳ trước chuyển sang). Số hồ sơ phải ≥ 0." in out
    assert out.splitlines()[-1] == "Tổng: 3 tệp, 2 nạp được, 1 bị từ chối."
    assert "Traceback" not in out + done.stderr

    con = queries.connect(db_file, read_only=True)
    try:
        assert con.execute("SELECT file_name, status, row_count FROM load_batch ORDER BY batch_id").fetchall() == [
            (EXAMPLE_SO.name, "active", 9), (EXAMPLE_ROLLUP.name, "active", 16)]
        assert con.execute("SELECT count(*), sum(recv_total) FROM dossier_count").fetchone() == (25, 2885 + 40551)
    finally:
        con.close()


def test_every_bad_fixture_is_refused_without_traceback(db_file):
    bad = sorted(p for p in FIXTURES.iterdir() if p.name.startswith("bad_"))
    assert len(bad) == 10
    done = cli(*bad, "--db", db_file)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert sum(line.startswith("TỪ CHỐI  ") for line in done.stdout.splitlines()) == 10
    assert done.stdout.splitlines()[-1] == "Tổng: 10 tệp, 0 nạp được, 10 bị từ chối."
    con = queries.connect(db_file, read_only=True)
    try:
        assert con.execute("SELECT (SELECT count(*) FROM load_batch), (SELECT count(*) FROM dossier_count), "
                           "(SELECT count(*) FROM unit)").fetchone() == (0, 0, 0)
    finally:
        con.close()


def test_dry_run_writes_no_batch(db_file):
    done = cli(EXAMPLE_SO, EXAMPLE_ROLLUP, "--dry-run", "--db", db_file)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line for line in done.stdout.splitlines() if not line.startswith("    ")] == [
        f"KIỂM TRA {EXAMPLE_SO}: [Biểu 06] 9 dòng, Sở Tư pháp tỉnh Quảng Trị, Quý II/2025 (15/03/2025 – 14/06/2025)",
        f"KIỂM TRA {EXAMPLE_ROLLUP}: [Biểu 06] 16 dòng, nhiều đơn vị, 6 tháng đầu năm 2025 (15/12/2024 – 14/06/2025)",
        "Tổng: 2 tệp, 2 kiểm tra đạt (chưa ghi gì), 0 bị từ chối."]
    con = queries.connect(db_file, read_only=True)
    try:
        assert con.execute("SELECT (SELECT count(*) FROM load_batch), (SELECT count(*) FROM dossier_count), "
                           "(SELECT count(*) FROM unit), (SELECT count(*) FROM period)").fetchone() == (0, 0, 0, 0)
    finally:
        con.close()


def test_database_held_by_another_process_exit_2_with_a_message(db_file):
    queries.connect(db_file).close()   # an existing warehouse …
    holder = subprocess.Popen(         # … that another process (the dashboard) holds open read-write
        [sys.executable, "-c", "import duckdb, sys, time\n"
                               "con = duckdb.connect(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)",
         str(db_file)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        done = cli(EXAMPLE_SO, "--db", db_file)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"Cơ sở dữ liệu {db_file} đang được một chương trình khác mở (tiến trình PID "
                                  f"{holder.pid}), thường là dashboard đang chạy.")
    assert "Hãy nạp tệp qua trang \"Nạp dữ liệu\" của dashboard, hoặc tắt dashboard rồi chạy lại lệnh." in done.stderr
    assert "Traceback" not in done.stderr


def test_the_command_line_loads_a_report_without_importing_pandas(tmp_path, fixtures_dir):
    """The command line's dossier path stages its rows through DuckDB alone: pandas (a quarter of a second to
    import) is never loaded for it, nor pyarrow and numpy (the kind modules import Arrow on first use,
    `loaders.lazy`), nor the holiday calendar (`holidays`, imported when a calendar is built)."""
    import subprocess
    import sys

    from tests.sample_db import ROOT
    # the load ends by os._exit once its output is written (`_exit_now`): seen here as the SystemExit it raises
    probe = ("import os, runpy, sys; sys.argv = ['loaders', sys.argv[1], '--db', sys.argv[2], '-q']\n"
             "main, real = os.getpid(), os._exit\n"
             "def fast(code):\n    if os.getpid() != main:\n        real(code)     # the reader's processes\n"
             "    raise SystemExit(f'fast {code}')\n"
             "os._exit = fast\n"
             "try:\n    runpy.run_module('loaders', run_name='__main__')\nexcept SystemExit as exit:\n"
             "    code = exit.code\nfrom loaders.reader_process import _SERVER\n"
             "print(sorted({'pandas', 'pyarrow', 'numpy', 'holidays'} & set(sys.modules)), code, type(_SERVER.process).__name__)")
    done = subprocess.run([sys.executable, "-c", probe, str(fixtures_dir / "store_tu_phap_q3_2025.xlsx"),
                           str(tmp_path / "cli.duckdb")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    # and its reader's fork server a copy of it (loaders/reader_process.py `start_reader(fork=True)`)
    assert done.stdout.splitlines()[-1] == "[] fast 0 _Forked", done.stdout + done.stderr
    assert "ĐÃ NẠP" in done.stdout


def test_a_load_ends_with_its_output_written_and_the_warehouse_checkpointed(db_file):
    """The command line closes the warehouse itself and ends without Python's teardown (`loaders.__main__`
    `_exit_now`): every line reaches a pipe, the exit status is kept, and DuckDB has written the load into the file
    itself (no write-ahead log left beside it)."""
    done = cli(EXAMPLE_SO, FIXTURES / "bad_negative_count.xlsx", "--db", db_file)
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "Tổng: 2 tệp, 1 nạp được, 1 bị từ chối."
    assert not Path(str(db_file) + ".wal").exists()
    con = queries.connect(db_file, read_only=True)
    try:
        assert con.execute("SELECT count(*), sum(recv_total) FROM dossier_count").fetchone() == (9, 2885)
    finally:
        con.close()
