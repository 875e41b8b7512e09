"""Beyond one province (issue 18 §3): the warehouse exported as Parquet by province and year, read back by
DuckDB; a national connection over two provinces' exports; the frame in national mode (AppTest)."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
from duckdb import ColumnExpression as C
from duckdb import FunctionExpression as F
import pytest
from streamlit.testing.v1 import AppTest

import queries
from accounts import system_account
from loaders.pipeline import commit_file, inspect_file
from queries import national
from reports import parquet_export
from reports.__main__ import main as reports_main
from tests.sample_db import built_once

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
NOI_VU_Q2 = "store_noi_vu_q2_2025.xlsx"      # Sở Nội vụ, Q2 2025: 2 lĩnh vực, received 54 + 91 = 145
TU_PHAP_Q3 = "store_tu_phap_q3_2025.xlsx"    # Sở Tư pháp, Q3 2025: 3 lĩnh vực, received 59 + 2.792 + 20 = 2.871


def _parquet(folder: Path, table: str) -> str:
    return str(folder / table / "**" / "*.parquet")


NUMERIC = ("INTEGER", "BIGINT", "DOUBLE", "TINYINT")


def _sums(relation, columns: list[tuple[str, str]]) -> tuple:
    """count(*), the exact sum of each numeric column (DECIMAL, so the order rows are read in cannot change
    it) and the sum of the hashes of every column's values, cast to the table's type, of a DuckDB relation
    (built with expressions: no SQL text is assembled)."""
    parts = [F("count_star")]
    for column, data_type in columns:
        if data_type in NUMERIC:
            parts.append(F("sum", C(column).cast(duckdb.decimal_type(38, 8))))
        parts.append(F("sum", F("hash", C(column).cast(duckdb.sqltype(data_type)))))
    return relation.aggregate(parts).fetchall()[0]


def _back(reader, out: Path, table: str):
    """The table as read back from the export (hive partitions as columns)."""
    return reader.read_parquet(_parquet(out, table), hive_partitioning=True)


def test_export_of_the_sample_reads_back_the_same_rows_and_sums(sample_db, tmp_path, capsys):
    # the command opens the file to write (as cron does beside a stopped dashboard): a private copy, since the
    # shared master may be open read-only in another worker at that moment
    out = tmp_path / "toan-quoc"
    assert reports_main(["export-parquet", "--db", str(sample_db), "--out", str(out),
                         "--province", "Quảng  Trị"]) == 0      # white space folded: "Quảng Trị"
    assert "1.570 dòng số liệu hồ sơ" in capsys.readouterr().out

    source = duckdb.connect(str(sample_db), read_only=True)
    tables = [t for (t,) in queries.rows(source, "backup_tables")]
    exported = sorted(p.name for p in out.iterdir())
    assert exported == sorted(set(tables) - {"alert_rule", "alert_delivery", "linh_vuc_alias", "plan_task_status"})
    # the two tables the sample leaves empty write no file; the alert settings are never exported
    assert source.execute("SELECT (SELECT count(*) FROM linh_vuc_alias), (SELECT count(*) FROM plan_task_status)"
                          ).fetchone() == (0, 0)

    reader = duckdb.connect()
    for table in exported:
        columns = source.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = "
                                 "current_database() AND table_name = $t ORDER BY column_index", {"t": table}).fetchall()
        back = _back(reader, out, table)
        assert _sums(back, columns) == _sums(source.table(table), columns), table
        names = back.columns
        kind = national.BY_YEAR.get(table, (None, None))[0]
        partitions = ["province"] + (["year"] if kind else [])
        # the table's columns in its order; a table's own column "year" comes back from the folder name, last
        own = [c for c, _ in columns if not (c == "year" and kind)]
        assert names == own + partitions, table
        assert back.project(C("province")).distinct().fetchall() == [("Quảng Trị",)], table

    # hand-checked values: the sample's 1.570 dossier rows (1.414 of the departments, 78 communes × 2 quarters),
    # and their years as partitions
    back = _back(reader, out, "dossier_count")
    in_its_year = back.filter(C("year").cast(duckdb.sqltype("INTEGER")) == F("year", C("period_end")))
    assert (len(back.fetchall()), len(in_its_year.fetchall())) == (1570, 1570)
    years = sorted(p.name for p in (out / "dossier_count" / "province=Qu%E1%BA%A3ng%20Tr%E1%BB%8B").iterdir())
    assert years == ["year=2021", "year=2022", "year=2023", "year=2024", "year=2025"]
    # text, dates, timestamps and lists exactly as stored
    for table in ("load_batch", "unit", "index_score"):
        cols = [C(c) for c in source.table(table).columns]
        assert _back(reader, out, table).project(*cols).sort(*cols).fetchall() == \
            source.table(table).project(*cols).sort(*cols).fetchall(), table
    source.close()


def test_export_again_replaces_the_province_and_leaves_others(sample_db_master, tmp_path):
    out = tmp_path / "toan-quoc"
    con = duckdb.connect(str(sample_db_master), read_only=True)
    try:
        assert parquet_export.export(con, out, "Quảng Trị")["dossier_count"] == 1570
        assert parquet_export.export(con, out, "Hà Tĩnh")["dossier_count"] == 1570
        assert parquet_export.export(con, out, "Quảng Trị")["dossier_count"] == 1570
        with pytest.raises(parquet_export.ExportRefused, match="Cần tên tỉnh"):
            parquet_export.export(con, out, "  ")
    finally:
        con.close()
    reader = duckdb.connect()
    by_province = _back(reader, out, "dossier_count").aggregate([C("province"), F("count_star")], "province")
    assert by_province.sort(C("province")).fetchall() == [("Hà Tĩnh", 1570), ("Quảng Trị", 1570)]
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []     # no staging folder left


def test_export_without_a_province_name_is_refused(sample_db, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CCHC_PROVINCE", raising=False)
    assert reports_main(["export-parquet", "--db", str(sample_db), "--out", str(tmp_path / "x")]) == 2
    assert "Cần tên tỉnh (--province hoặc biến môi trường CCHC_PROVINCE)" in capsys.readouterr().err


def _province(tmp_path, name: str, files: list[str], out: Path) -> Path:
    """A province's warehouse loaded with fixture workbooks, exported into the shared folder `out`."""
    path = tmp_path / f"{name}.duckdb"
    con = queries.connect(path)
    for file in files:
        report = inspect_file(con, file, (FIXTURES / file).read_bytes())
        assert not report.has_errors, report.issues
        commit_file(con, report, loaded_by="pytest", by=system_account("pytest"))
    parquet_export.export(con, out, name)
    con.close()
    return path


@pytest.fixture(scope="session")
def two_provinces(tmp_path_factory):
    """Quảng Trị: Sở Nội vụ Q2/2025. Hà Tĩnh: Sở Nội vụ Q2/2025 and Sở Tư pháp Q3/2025. Built once per run and
    read by every test that takes it (a national instance only reads its folder)."""
    def build(folder):
        _province(folder, "Quảng Trị", [NOI_VU_Q2], folder / "toan-quoc")
        _province(folder, "Hà Tĩnh", [NOI_VU_Q2, TU_PHAP_Q3], folder / "toan-quoc")
    return built_once(tmp_path_factory, "two-provinces", build) / "toan-quoc"


def _totals(con) -> list[tuple]:
    frame = queries.run(con, "dossier_period_totals", kind="quarter", year_from=2025, year_to=2025, unit_ids=None, linh_vuc=None)
    return [tuple(r) for r in frame[["label", "unit_count", "recv_total", "recv_online", "res_total",
                                     "on_time_num", "on_time_den", "proc_total"]].itertuples(index=False)]


def test_national_connection_sums_the_provinces_and_each_scope_is_its_own(two_provinces):
    # Sở Nội vụ Q2: received (40+10+4) + (60+25+6) = 145, online 100, resolved (30+18+1) + (50+35+0) = 134 of
    # which before or on time 133, pending 5 + 6 = 11. Sở Tư pháp Q3: received 59 + 2.792 + 20 = 2.871, online
    # 2.142, resolved 52 + 2.556 + 10 = 2.618 (on time 2.612), pending 7 + 236 + 10 = 253.
    every = national.connect(two_provinces)
    quang_tri = national.connect(two_provinces, "Quảng Trị")
    ha_tinh = national.connect(two_provinces, "Hà Tĩnh")
    assert _totals(every) == [("Quý II/2025", 2, 290, 200, 268, 266, 268, 22),
                              ("Quý III/2025", 1, 2871, 2142, 2618, 2612, 2618, 253)]
    assert _totals(quang_tri) == [("Quý II/2025", 1, 145, 100, 134, 133, 134, 11)]
    assert _totals(ha_tinh) == [("Quý II/2025", 1, 145, 100, 134, 133, 134, 11),
                                ("Quý III/2025", 1, 2871, 2142, 2618, 2612, 2618, 253)]

    # provinces numbered in name order (Hà Tĩnh 1, Quảng Trị 2): ids apart, names prefixed with the province
    units = queries.run(every, "dossier_units")
    assert sorted(zip(units["unit_id"], units["name"])) == [
        (10_000_001, "Hà Tĩnh · Sở Nội vụ"), (10_000_002, "Hà Tĩnh · Sở Tư pháp"), (20_000_001, "Quảng Trị · Sở Nội vụ")]
    assert sorted(queries.run(quang_tri, "dossier_units")["name"]) == ["Sở Nội vụ"]
    yearly = queries.run(every, "dossier_yearly_totals", year_from=2025, year_to=2025, unit_ids=[10_000_001, 20_000_001])
    assert list(yearly["recv_total"]) == [290]

    # the history: batches of both provinces, none clashing
    batches = every.execute("SELECT batch_id, status FROM load_batch ORDER BY batch_id").fetchall()
    assert batches == [(10_000_001, "active"), (10_000_002, "active"), (20_000_001, "active")]
    # catalogues every warehouse carries are read once
    assert every.execute("SELECT count(*) FROM kpi").fetchone() == quang_tri.execute("SELECT count(*) FROM kpi").fetchone()
    # read-only: the tables are views over the files
    with pytest.raises(duckdb.Error):
        every.execute("DELETE FROM dossier_count")
    for con in (every, quang_tri, ha_tinh):
        con.close()


def test_a_missing_or_empty_folder_is_said_in_vietnamese(tmp_path):
    with pytest.raises(national.NationalFolderError, match="Không tìm thấy thư mục số liệu toàn quốc"):
        national.connect(tmp_path / "khong-co")
    (tmp_path / "rong").mkdir()
    with pytest.raises(national.NationalFolderError, match="chưa có số liệu của tỉnh nào"):
        national.connect(tmp_path / "rong")


def test_the_frame_in_national_mode_shows_toan_quoc_and_a_province(two_provinces, tmp_path, monkeypatch):
    two_provinces = shutil.copytree(two_provinces, tmp_path / "toan-quoc")      # removed at the end: a copy
    monkeypatch.setenv("CCHC_NATIONAL_PARQUET", str(two_provinces))
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "khong-dung.duckdb"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not at.exception
    scope = at.sidebar.selectbox(key="national_scope")
    assert scope.options == ["Toàn quốc (2 tỉnh)", "Hà Tĩnh", "Quảng Trị"]
    assert scope.value == ""
    assert "Phạm vi: Toàn quốc · các sở, ban, ngành · kỳ: quý · 2025" in [c.value for c in at.caption]
    assert [m.value for m in at.metric][:1] == ["2.871"]            # Quý III/2025, the latest period nationally
    # no write page and no local-mode notice: a read-only instance
    assert not (tmp_path / "khong-dung.duckdb").exists()
    sidebar_text = " ".join(c.value for c in at.sidebar.caption)
    assert "Bản toàn quốc, chỉ đọc" in sidebar_text and "Chế độ cục bộ" not in sidebar_text

    scope.select("Quảng Trị").run()
    assert not at.exception
    assert "Phạm vi: Quảng Trị · các sở, ban, ngành · kỳ: quý · 2025" in [c.value for c in at.caption]
    assert [m.value for m in at.metric][:1] == ["145"]               # Quý II/2025, Quảng Trị's only period
    shutil.rmtree(two_provinces)           # nothing kept open that stops the folder going


def test_a_dossier_date_decides_its_year_folder(tmp_path):
    con = queries.connect(tmp_path / "a.duckdb")
    con.execute("INSERT INTO dossier (batch_id, unit_id, code, received_at) VALUES (1, 1, 'A', $d), (1, 1, 'B', NULL)",
                {"d": dt.datetime(2024, 12, 31, 16, 0)})
    parquet_export.export(con, tmp_path / "out", "Quảng Trị")
    con.close()
    folders = sorted(p.name for p in (tmp_path / "out" / "dossier").glob("*/*"))
    assert folders == ["year=2024", "year=__HIVE_DEFAULT_PARTITION__"]


@pytest.mark.parametrize("page", ["overview.py", "dossiers.py", "dossier_list.py", "scores.py", "quality.py",
                                  "presentation.py"])
def test_every_page_of_the_national_instance_runs_in_both_scopes(page, two_provinces, tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_NATIONAL_PARQUET", str(two_provinces))
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "khong-dung.duckdb"))
    for scope in ("", "Hà Tĩnh"):
        at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=120)
        at.session_state["national_scope"] = scope
        at.run()
        assert not at.exception and not at.error, (page, scope, [e.value for e in at.error])
    assert not (tmp_path / "khong-dung.duckdb").exists()


def test_a_province_exporting_again_is_read_by_the_open_connection(tmp_path):
    out = tmp_path / "toan-quoc"
    path = _province(tmp_path, "Quảng Trị", [NOI_VU_Q2], out)
    every = national.connect(out)
    assert [t[:3] for t in _totals(every)] == [("Quý II/2025", 1, 145)]
    con = queries.connect(path)
    report = inspect_file(con, TU_PHAP_Q3, (FIXTURES / TU_PHAP_Q3).read_bytes())
    commit_file(con, report, loaded_by="pytest", by=system_account("pytest"))
    parquet_export.export(con, out, "Quảng Trị")
    con.close()
    assert [t[:3] for t in _totals(every)] == [("Quý II/2025", 1, 145), ("Quý III/2025", 1, 2871)]
    every.close()


# ---- Hồ sơ chi tiết, Toàn quốc: counts per province, no dossier listed (issue 18 §3) ---------------------------

LISTS = FIXTURES / "dossier_lists"
# the hand-counted Biểu 06 of each fixture list in Q2/2025 (tests/test_dossier_list.py EXPECTED), summed per province:
# Hà Tĩnh = Sở Tư pháp (Hộ tịch + Chứng thực) + Sở Tài chính; Quảng Trị = Sở Y tế + Sở Tài chính
PROVINCE_LISTS = {"Hà Tĩnh": ["so_tu_phap_2025.xlsx", "so_tai_chinh_2025.csv"],
                  "Quảng Trị": ["so_y_te_dong_bo.json", "so_tai_chinh_2025.csv"]}
Q2_DOSSIERS = {"date_from": dt.date(2025, 3, 15), "date_to": dt.date(2025, 6, 14)}
PROVINCE_COUNTS = ["province_no", "units", "recv_total", "recv_online", "recv_carry", "res_total", "res_on_time",
                   "res_late", "proc_total", "proc_late", "returned_withdrawn", "awaiting_supplement", "received_count"]
# Hà Tĩnh: received 12 + 3 + 6 = 21, online 5 + 0 + 3 = 8, carried 2 + 1 + 0 = 3, resolved 4 + 2 + 2 = 8 of which
# before or on time (1+2) + (1+0) + (1+1) = 6, late 1 + 1 + 0 = 2; pending 5 + 0 + 2 = 7 (late 2 + 0 + 1 = 3);
# withdrawn 0 + 1 + 1 = 2; awaiting 3 + 0 + 1 = 4; new receipts 21 − 3 = 18.
# Quảng Trị: received 3 + 6 = 9, online 1 + 3 = 4, carried 1, resolved 2 + 2 = 4 (on time 1 + 2 = 3, late 1),
# pending 1 + 2 = 3 (late 1 + 1 = 2), withdrawn 1, awaiting 1, new 8.
EXPECTED_PROVINCES = [[1, 2, 21, 8, 3, 8, 6, 2, 7, 3, 2, 4, 18],
                      [2, 2, 9, 4, 1, 4, 3, 1, 3, 2, 1, 1, 8]]
PAIRS_766 = ["online_num", "received_count", "payment_num", "payment_den", "e_result_num", "e_result_den",
             "digitised_num", "digitised_den", "reused_num", "reused_den"]
# queries whose rows are dossiers or units × lĩnh vực: none may run over every province
ROW_QUERIES = {"dossier_list_rows", "dossier_list_due", "dossier_list_units", "dossier_list_766",
               "dossier_list_processing_time", "dossier_list_counts", "dossier_list_facts", "dossier_list_reported"}


@pytest.fixture(scope="session")
def two_provinces_with_lists(tmp_path_factory):
    """Built once per run, read by the tests that take it."""
    def build(folder):
        for name, files in PROVINCE_LISTS.items():
            con = queries.connect(folder / f"{name}.duckdb")
            for file in files:
                report = inspect_file(con, file, (LISTS / file).read_bytes())
                assert not report.has_errors, [str(i) for i in report.issues]
                commit_file(con, report, loaded_by="pytest")
            parquet_export.export(con, folder / "toan-quoc", name)
            con.close()
    return built_once(tmp_path_factory, "two-provinces-with-lists", build) / "toan-quoc"


def test_dossier_counts_per_province_are_the_hand_counted_sums(two_provinces_with_lists):
    every = national.connect(two_provinces_with_lists)
    frame = queries.run(every, "dossier_list_provinces", **Q2_DOSSIERS, unit_ids=None, id_span=national.ID_SPAN)
    assert frame[PROVINCE_COUNTS].astype(int).values.tolist() == EXPECTED_PROVINCES
    # the QĐ 766 pairs are those of dossier_list_766 (per unit, read in the province's own scope) summed
    for no, name in national.province_numbers(national.provinces(two_provinces_with_lists)).items():
        one = national.connect(two_provinces_with_lists, name)
        per_unit = queries.run(one, "dossier_list_766", **Q2_DOSSIERS, unit_ids=None)
        row = frame[frame["province_no"] == no].iloc[0]
        for pair in PAIRS_766:
            expected = per_unit[pair].sum(min_count=1)
            assert (pd.isna(row[pair]) and pd.isna(expected)) or int(row[pair]) == int(expected), (name, pair)
        one.close()
    # only Sở Y tế's list (JSON) says "số hóa": its new receipts C01, C02 in Quảng Trị; Hà Tĩnh's lists have no column
    assert frame["digitised_den"].isna().tolist() == [True, False] and int(frame["digitised_den"][1]) == 2
    # a level's units only: Sở Tài chính's ids in both provinces leave its 6 + 6 dossiers
    finance = [int(u) for u in every.execute("SELECT unit_id FROM unit WHERE name LIKE '%Sở Tài chính'").fetchall()
               for u in u]
    only = queries.run(every, "dossier_list_provinces", **Q2_DOSSIERS, unit_ids=finance, id_span=national.ID_SPAN)
    assert only["recv_total"].astype(int).tolist() == [6, 6]
    every.close()


def _page_queries(monkeypatch) -> list[str]:
    """The named queries the app asks for from now on (queries.sql is how every one of them gets its text)."""
    asked, text = [], queries.sql

    def recorded(name):
        asked.append(name)
        return text(name)
    monkeypatch.setattr(queries, "sql", recorded)
    return asked


def test_toan_quoc_shows_provinces_counts_and_lists_only_with_a_province(two_provinces_with_lists, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setenv("CCHC_NATIONAL_PARQUET", str(two_provinces_with_lists))
    monkeypatch.setenv("CCHC_DB", str(tmp_path / "khong-dung.duckdb"))
    asked = _page_queries(monkeypatch)
    at = AppTest.from_file(str(ROOT / "pages" / "dossier_list.py"), default_timeout=120)
    at.session_state["national_scope"] = ""
    at.session_state["dl_kind"] = "custom"
    at.session_state["dl_period_text"] = "15/03/2025-14/06/2025"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Chọn một tỉnh để xem danh sách hồ sơ" in i.value for i in at.info)
    assert not at.tabs                                   # no list, due list nor processing time
    assert "dossier_list_provinces" in asked and not ROW_QUERIES & set(asked), sorted(set(asked))
    table = at.dataframe[0].value
    assert list(table["Tỉnh"]) == ["Hà Tĩnh", "Quảng Trị", "Toàn quốc"]
    assert list(table["Tiếp nhận"]) == ["21", "9", "30"]
    assert list(table["Đã giải quyết"]) == ["8", "4", "12"]
    # before or on time ÷ resolved: 6 ÷ 8, 3 ÷ 4, 9 ÷ 12
    assert list(table["Tỷ lệ giải quyết đúng hạn"]) == ["75,00\u00a0%", "75,00\u00a0%", "75,00\u00a0%"]
    assert list(table["Đang quá hạn"]) == ["3", "2", "5"]
    # 3.3: online ÷ new receipts: 8 ÷ 18 = 44,44 %, 4 ÷ 8 = 50 %, 12 ÷ 26 = 46,15 %
    assert list(table["3.3 Hồ sơ nộp trực tuyến"]) == ["44,44\u00a0%", "50,00\u00a0%", "46,15\u00a0%"]

    asked.clear()
    at.session_state["national_scope"] = "Hà Tĩnh"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    # the first tab (Biểu 06 from the dossiers) is the one computed; the list and the due list when their tab is shown
    assert len(at.tabs) == 5 and {"dossier_list_counts", "dossier_list_units"} <= set(asked)
    assert "dossier_list_provinces" not in asked
    for tab, query in (("Danh sách hồ sơ", "dossier_list_rows"), ("Sắp đến hạn, quá hạn", "dossier_list_due")):
        asked.clear()
        at.session_state["dl_tab"] = tab
        at.run()
        assert not at.exception and query in asked and "dossier_list_provinces" not in asked, sorted(set(asked))
