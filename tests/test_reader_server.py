"""The reader's fork server (loaders/reader_process.py) after a dossier list: still single-threaded (so forking it
stays safe), the records numbered by their line in the file; and the command line's server, a forked copy of it.
(The dashboard's server hands lists to a library server it forks at its start, which holds the list reader's
libraries, pandas among them: a list's child pays no import, tests/test_dossier_list_reader.py.)"""

import os
import sys

from loaders import reader_process
from loaders.dossier_list import parse_bytes

LIST = ("MaHoSo,TenLinhVuc,DonViXuLy,KenhThucHien,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo\n"
        "HS-1,Tư pháp,Sở Tư pháp,2,20250701080000,20250710170000,20250709150000,10\n"
        "HS-2,Tư pháp,Sở Tư pháp,1,20250702080000,20250711170000,,4\n").encode("utf-8")


def test_a_list_is_read_in_its_child_and_the_server_stays_single_threaded():
    [found] = parse_bytes("ds.csv", LIST)
    assert found.table.column("source_row").to_pylist() == [2, 3]   # the header is line 1: records are lines 2, 3
    server = reader_process._SERVER.process.pid
    assert os.listdir(f"/proc/{server}/task") == [str(server)]


PROBE = """
import os, sys, threading
from loaders import reader_process
from loaders.workbook import read_sheets
if sys.argv[2] == "thread":
    threading.Thread(target=threading.Event().wait, args=(30,), daemon=True).start()
reader_process.start_reader(fork=True)
server = reader_process._SERVER.process
data = open(sys.argv[1], "rb").read()
name = os.path.basename(sys.argv[1])
same = [s.rows for s in reader_process.read_sheets_isolated(name, data)] == [s.rows for s in read_sheets(name, data)]
parent = open(f"/proc/{server.pid}/stat").read().rsplit(")", 1)[1].split()[1]
print(type(server).__name__, parent == str(os.getpid()), same)
"""


def test_the_command_line_forks_its_server_only_while_it_has_one_thread(fixtures_dir):
    """`start_reader(fork=True)`: a copy of a one-thread process serves the children (the same grids as a read in
    the process); a process with a second thread starts a new interpreter instead (a fork would copy one thread)."""
    import subprocess

    from tests.sample_db import ROOT
    report = str(fixtures_dir / "good_official_formulas_tu_phap_q2_2025.xlsx")
    for mode, expected in (("alone", "_Forked True True"), ("thread", "Popen True True")):
        done = subprocess.run([sys.executable, "-c", PROBE, report, mode], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.stdout.strip() == expected, done.stdout + done.stderr


DEATH = """
import os
os.environ["CCHC_READER_WALL_SECONDS"] = "20"
from loaders import reader_process
from loaders.workbook import UnreadableFile
reader_process.start_reader(fork=True)
for attempt in (1, 2):
    try:
        reader_process.call_checked("tests.reader_children:answer", "tests.reader_children:die", "ds.xlsx", b"x")
    except UnreadableFile as exc:
        print(attempt, exc.issue.message)
"""


def test_a_list_reader_killed_on_the_command_line_is_said_to_have_stopped_not_to_have_run_out_of_time():
    """The command line's server forks its library server at the first list: that server must not keep copies of
    the first list's socket ends, or the caller waits for the read child's death until its deadline (20 s here) and
    says "đọc quá" instead of what happened."""
    import subprocess

    from tests.sample_db import ROOT
    done = subprocess.run([sys.executable, "-c", DEATH], cwd=ROOT, capture_output=True, text=True, timeout=120)
    lines = done.stdout.strip().splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["1", "2"], done.stdout + done.stderr
    for line in lines:
        assert "trình đọc bảng tính dừng bất thường khi xử lý tệp" in line, line
        assert "đọc quá" not in line, line
