"""How a dossier list travels between the server and its reader's child (issue 14 §7): a list too large for a
report goes straight to the list reader, the fork server starts children with the reader's libraries loaded and
stays one thread, and the typed list comes back as an Arrow IPC file that holds nothing personal and is deleted
before `inspect_file` returns."""

import os
import tempfile
import time
from pathlib import Path

import queries
from loaders import dossier_list, reader_process
from loaders.pipeline import commit_file, inspect_file
from tests.fixtures.make_dossier_lists import PERSONAL

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "tests" / "fixtures" / "dossier_lists"
CSV = LISTS / "so_tai_chinh_2025.csv"


LIBRARIES = ("duckdb", "pyarrow", "fastexcel", "pandas")


def _children(pid: int) -> list[int]:
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == str(pid):
                children.append(int(entry))
    return children


def _maps(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:           # a child that has just ended
        return ""


def test_the_fork_server_stays_small_and_its_library_server_has_the_list_reader_loaded():
    """The dashboard's fork server forks a report's children from a process without the list reader's libraries
    (a fork of it costs a few milliseconds), and hands lists to its library server, which has them all loaded (a
    list's child pays no import); both stay one thread, so forking them stays safe."""
    reader_process.read_sheets_isolated("nho.csv", "Mã;Tên\n1;2\n".encode())     # the server is up and serving
    pid = reader_process._SERVER.process.pid
    assert len(os.listdir(f"/proc/{pid}/task")) == 1
    maps = Path(f"/proc/{pid}/maps").read_text()
    assert [library for library in LIBRARIES if library in maps] == []
    dossier_list.parse_bytes(CSV.name, CSV.read_bytes())     # a list read through the library server
    loaded = []
    for _ in range(600):        # a report's child may still be ending: looked at again until it is gone
        loaded = [child for child in _children(pid) if all(library in _maps(child) for library in LIBRARIES)]
        if len(loaded) == 1 and len(_children(pid)) == 1:
            break
        time.sleep(0.1)
    assert len(loaded) == 1 and _children(pid) == loaded
    assert len(os.listdir(f"/proc/{loaded[0]}/task")) == 1


def test_a_list_too_large_for_a_report_goes_straight_to_the_list_reader(db, monkeypatch):
    """With the report limit below the fixture's size (the 6 dossiers of Sở Tài chính), the report reader's child
    is never started: the only child read the list. Its counts are those of test_dossier_list's hand count."""
    monkeypatch.setenv("CCHC_MAX_FILE_MB", str(CSV.stat().st_size / 2 / 2**20))
    tasks = []
    real = reader_process._Child.__init__

    def counted(self, task, *args, **kwargs):
        tasks.append(task)
        real(self, task, *args, **kwargs)

    monkeypatch.setattr(reader_process._Child, "__init__", counted)
    report = inspect_file(db, CSV.name, CSV.read_bytes())
    assert tasks == ["loaders.dossier_list:read_list"]
    assert report.kind == "dossier_list" and not report.has_errors
    commit_file(db, report, loaded_by="pytest")
    frame = queries.run(db, "dossier_list_counts", date_from="2025-03-15", date_to="2025-06-14", unit_ids=None)
    assert frame[["recv_total", "res_total", "proc_total", "returned_withdrawn", "awaiting_supplement"]].values.tolist() \
        == [[6, 2, 2, 1, 1]]


def test_the_table_handed_back_holds_nothing_personal(tmp_path):
    source = tmp_path / "so_tai_chinh_2025.csv"
    source.write_bytes(CSV.read_bytes())
    assert PERSONAL[0].encode() in source.read_bytes()        # the export does carry them
    job = {"source": str(source), "table": str(tmp_path / "list.arrow"), "unit": None,
           "limits": dossier_list.list_limits()}
    result = dossier_list.read_list(CSV.name, job)
    handed = Path(job["table"]).read_bytes()
    assert result.table is None and b"B01" in handed          # the child's answer is the file, not a pickle
    for secret in PERSONAL:
        assert secret.encode() not in handed
    table = dossier_list._mapped(job["table"])
    assert table.num_rows == 6 and "ChuHoSo" not in table.column_names


def test_no_temporary_file_is_left_and_the_list_stays_readable(db, tmp_path, monkeypatch):
    folder = tmp_path / "tam"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    report = inspect_file(db, CSV.name, CSV.read_bytes())
    assert list(folder.iterdir()) == []                       # the bytes and the Arrow file deleted on return
    records = list(report.tables[0].records)
    assert len(report.tables[0].records) == 6 and [r["code"] for r in records] == ["B01", "B02", "B03", "B04", "B05",
                                                                                   "B06"]
    commit_file(db, report, loaded_by="pytest")
    assert db.execute("SELECT count(*) FROM dossier").fetchone()[0] == 6
    assert list(folder.iterdir()) == []


def test_a_workbook_list_is_still_checked_when_read_beside_its_check(db, monkeypatch):
    """The vendor workbook (so_tu_phap_2025.xlsx, 22 dossiers under a title block) with the lists' row limit at 5:
    the structure check, run in its own child beside the read, refuses it, so the read's answer is not used —
    nothing is recognised and nothing is stored. With the limit back, the same bytes load."""
    source = LISTS / "so_tu_phap_2025.xlsx"
    monkeypatch.setenv("CCHC_MAX_FILE_MB", str(source.stat().st_size / 2 / 2**20))     # the report reader refuses
    monkeypatch.setenv("CCHC_MAX_LIST_ROWS", "5")
    report = inspect_file(db, source.name, source.read_bytes())
    assert report.kind is None and report.has_errors
    assert [i.message[:len("Tệp so_tu_phap_2025.xlsx nặng")] for i in report.issues] == ["Tệp so_tu_phap_2025.xlsx nặng"]
    monkeypatch.delenv("CCHC_MAX_LIST_ROWS")
    report = inspect_file(db, source.name, source.read_bytes())
    assert report.kind == "dossier_list" and not report.has_errors, [i.message for i in report.issues]
    commit_file(db, report, loaded_by="pytest")
    assert db.execute("SELECT count(*) FROM dossier").fetchone()[0] == 22
