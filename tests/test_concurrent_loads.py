"""Several browser sessions loading at once: one connection, a cursor each, writes serialised."""

import threading

import queries
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
FILES = ["good_official_formulas_tu_phap_q2_2025.xlsx", "store_noi_vu_q2_2025.xlsx",
         "good_period_label_only.xlsx", "good_low_header_two_rows.xlsx"]


def _run_sessions(con, names):
    errors = []

    def session(name):
        cur = con.cursor()
        try:
            data = (FIXTURES / name).read_bytes()
            report = inspect_file(cur, name, data)
            commit_file(cur, report, loaded_by=f"phiên {name}")
        except Exception as exc:   # collected: a failure in a thread must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_sessions_loading_different_files_at_once(tmp_path):
    con = queries.connect(tmp_path / "c.duckdb")
    assert _run_sessions(con, FILES) == []
    expected_rows = {}
    for name in FILES:
        report = inspect_file(None, name, (FIXTURES / name).read_bytes())
        expected_rows[name] = len(report.sheets[0].rows)
    stored = dict(con.execute("SELECT file_name, row_count FROM load_batch WHERE status = 'active'").fetchall())
    assert stored == expected_rows
    per_batch = con.execute("SELECT b.file_name, count(*) FROM dossier_count d JOIN load_batch b USING (batch_id) "
                            "GROUP BY ALL").fetchall()
    assert dict(per_batch) == expected_rows          # no batch holds another's rows
    assert con.execute("SELECT count(*) FROM unit").fetchone()[0] == con.execute(
        "SELECT count(DISTINCT unit_id) FROM unit_alias").fetchone()[0]


def test_the_same_file_from_two_sessions_is_stored_once(tmp_path):
    con = queries.connect(tmp_path / "d.duckdb")
    name = FILES[0]
    assert _run_sessions(con, [name, name, name]) == []
    assert con.execute("SELECT count(*), min(status) FROM load_batch").fetchone() == (1, "active")
    assert con.execute("SELECT count(*) FROM dossier_count").fetchone()[0] == 9
