"""The shared filters follow the analyst from page to page, and a new year of data shows up at once."""

from streamlit.testing.v1 import AppTest

import queries
from loaders.pipeline import commit_file, inspect_file
from tests.sample_db import ROOT


def _unit(db, name):
    con = queries.connect(db)
    units = queries.run(con, "dossier_units")
    con.close()
    return int(units.loc[units["name"] == name, "unit_id"].iloc[0])


def test_unit_filter_survives_a_page_switch(sample_db):
    justice = _unit(sample_db, "Sở Tư pháp")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.multiselect(key="f_units").set_value([justice]).run()
    at.slider(key="f_years").set_value((2023, 2025)).run()
    at.switch_page("pages/dossiers.py").run()
    assert not at.exception
    assert at.title[0].value == "Hồ sơ thủ tục hành chính"
    assert at.multiselect(key="f_units").value == [justice]
    assert at.slider(key="f_years").value == (2023, 2025)
    assert at.query_params["donvi"] in (str(justice), [str(justice)])
    at.radio(key="p_definition").set_value("qd766").run()
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/dossiers.py").run()
    assert at.radio(key="p_definition").value == "qd766"
    assert at.multiselect(key="f_units").value == [justice]


def test_a_new_year_loaded_during_the_session_is_shown(tmp_path, monkeypatch):
    db = tmp_path / "years.duckdb"
    con = queries.connect(db)
    for q in (1, 2, 3, 4):
        path = ROOT / f"data/sample/2024/bieu06_so_tu_phap_2024_q{q}.xlsx"
        commit_file(con, inspect_file(con, path.name, path.read_bytes()), loaded_by="pytest")
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)
    monkeypatch.setenv("CCHC_DEMO", "0")
    at.run()
    assert "Kỳ gần nhất: Quý IV/2024" in [s.value for s in at.subheader]
    path = ROOT / "data/sample/2025/bieu06_so_tu_phap_2025_q1.xlsx"
    commit_file(con, inspect_file(con, path.name, path.read_bytes()), loaded_by="pytest")
    at.run()
    assert not at.exception
    assert at.slider(key="f_years").value == (2024, 2025)
    assert "Kỳ gần nhất: Quý I/2025" in [s.value for s in at.subheader]


def test_a_link_to_a_period_kind_that_is_gone_says_so(sample_db):
    """The sample holds quarters only: a link with ky=6thang (made before a rollback) opens on quarters and
    says why, instead of switching silently."""
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)
    at.query_params["ky"] = "6thang"
    at.run()
    assert not at.exception
    assert at.selectbox(key="f_kind").value == "quarter" and at.query_params["ky"] == "quy"
    assert at.warning[0].value == ("Liên kết này chọn loại kỳ \"6 tháng\" nhưng kho dữ liệu không còn số liệu loại kỳ "
                                   "đó (có thể lô đã được hoàn tác); đang hiển thị loại kỳ \"quý\".")
    at.run()                                  # said once, on arrival
    assert not [w for w in at.warning if "Liên kết này" in w.value]
