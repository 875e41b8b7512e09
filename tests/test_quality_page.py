"""The "Chất lượng dữ liệu" page shows each finding with its file and row, and counts per check."""

from streamlit.testing.v1 import AppTest

import queries
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT
from tests.test_quality import TU_PHAP_Q2, TU_PHAP_Q3, V4_GAP

PAGE = str(ROOT / "pages" / "quality.py")


def _db_with_findings(path):
    con = queries.connect(path)
    for file in (TU_PHAP_Q2, TU_PHAP_Q3, V4_GAP):
        commit_file(con, inspect_file(con, file.name, file.read_bytes()), loaded_by="pytest")
    con.close()


def test_findings_listed_with_file_and_row(tmp_path, monkeypatch):
    db = tmp_path / "q.duckdb"
    _db_with_findings(db)
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    counts = {m.label: m.value for m in at.metric}
    assert counts == {"V1 – Tổng nhận": "0", "V2 – Đã giải quyết": "0", "V3 – Đang giải quyết": "0",
                      "V4 – Cân đối": "1", "V5 – Chuyển kỳ": "1"}
    table = at.dataframe[0].value
    assert list(table["Kiểm tra"]) == ["V4", "V5"]   # ordered by unit: Sở Nội vụ, Sở Tư pháp
    v5 = table[table["Kiểm tra"] == "V5"].iloc[0]
    assert (v5["Tệp"], v5["Dòng"], v5["Lĩnh vực"]) == ("store_tu_phap_q3_2025.xlsx", "14", "Hộ tịch")
    assert [b.label for b in at.get("download_button")] == ["Tải danh sách (.xlsx)"]


def test_clean_history_says_so(tmp_path, monkeypatch):
    db = tmp_path / "clean.duckdb"
    con = queries.connect(db)
    commit_file(con, inspect_file(con, TU_PHAP_Q2.name, TU_PHAP_Q2.read_bytes()), loaded_by="pytest")
    con.close()
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    assert at.success[0].value == "Không phát hiện điểm bất thường nào trong số liệu đã nạp."
