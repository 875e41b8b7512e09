"""The published reference data (data/reference/) and what the first start adds: scores with their sources
and caveats, nothing filled in, the 2025 lineage, the demo department scores through the scores loader."""

import csv
from datetime import date

import queries
from loaders import reference
from loaders.sample import SAMPLE_LOADER
from tests.sample_db import ROOT

REFERENCE = ROOT / "data" / "reference"


def _lines(name: str) -> int:
    with open(REFERENCE / name, encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_every_published_value_is_stored_once_per_source_and_nothing_is_added(db):
    stored = reference.load_reference(db)
    # par_index.csv, sipas.csv and idx766.csv: one row each; papi.csv: its rows with a total or a rank (one row
    # has dimensions only, they come from the long file) plus the 5 "not rated" notes; national_aggregates.csv
    papi_rows = sum(1 for r in csv.DictReader(open(REFERENCE / "papi.csv", encoding="utf-8"))
                    if r["total_score"] or r["rank"])
    assert [(s.sheet, s.row_count) for s in stored] == [
        ("par_index.csv", _lines("par_index.csv")), ("sipas.csv", _lines("sipas.csv")), ("papi.csv", papi_rows + 5),
        ("papi_dimensions_long.csv", _lines("papi_dimensions_long.csv")), ("idx766.csv", _lines("idx766.csv")),
        ("national_aggregates.csv", _lines("national_aggregates.csv"))]
    assert papi_rows == _lines("papi.csv") - 1
    counts = dict(db.execute("SELECT b.sheet, count(*) FROM index_score s JOIN load_batch b USING (batch_id) "
                             "GROUP BY b.sheet").fetchall())
    assert counts == {s.sheet: s.row_count for s in stored if s.sheet != "national_aggregates.csv"}
    assert db.execute("SELECT count(*) FROM index_aggregate").fetchone() == (_lines("national_aggregates.csv"),)
    # the 63 provinces are units of level tinh; the same reference again stores nothing
    assert db.execute("SELECT count(*) FROM unit WHERE level = 'tinh'").fetchone() == (63,)
    assert reference.load_reference(db) == []


def test_conflicting_sources_are_kept_side_by_side_with_their_caveats(db):
    reference.load_reference(db)
    rows = db.execute("""SELECT s.score, s.rank, s.rank_of, s.methodology_version, s.flags, s.source
                         FROM index_score s JOIN unit u USING (unit_id)
                         WHERE s.index_code = 'PAR' AND s.year = 2023 AND u.name = 'Hải Phòng' ORDER BY s.source_row""").fetchall()
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (91.87, 2, 63, "PAR-876", ["nguon_khac_nhau"]), (91.81, 2, 63, "PAR-876", ["nguon_khac_nhau"])]
    shown = db.execute("""SELECT score, rank, alt_scores, flags FROM score_values
                          WHERE index_code = 'PAR' AND year = 2023 AND unit_name = 'Hải Phòng'""").fetchone()
    assert shown == (91.87, 2, [91.81], ["nguon_khac_nhau"])
    # a rank read from an ordered list is flagged; a corroborating source is added to the row's sources
    assert db.execute("""SELECT score, rank, flags FROM score_values WHERE index_code = 'PAR' AND year = 2023
                         AND unit_name = 'Thái Nguyên'""").fetchone() == (None, 6, ["hang_theo_thu_tu"])
    sources = db.execute("""SELECT sources FROM score_values WHERE index_code = 'PAR' AND year = 2023
                            AND unit_name = 'Bà Rịa - Vũng Tàu'""").fetchone()[0]
    assert sources == ["https://en.baochinhphu.vn/moj-quang-ninh-province-lead-public-administrative-reform-index-"
                       "111240417164329841.htm ; https://daibieunhandan.vn/tren-duong-phat-trien-1/ba-ria-vung-tau-"
                       "tiep-tuc-dung-dau-dong-nam-bo-ve-chi-so-cai-cach-hanh-chinh-i367353/"]
    # a province PAPI did not rate: a known fact without a score, never a zero
    assert db.execute("""SELECT score, rank, flags FROM score_values WHERE index_code = 'PAPI' AND year = 2023
                         AND unit_name = 'Quảng Ninh' AND component_code IS NULL""").fetchone() == (
        None, None, ["khong_xep_hang"])
    # years nobody published stay absent: Quảng Trị has PAPI 2021 only, no PAR INDEX at all
    assert db.execute("""SELECT index_code, year FROM score_values WHERE unit_name = 'Quảng Trị'
                         AND component_code IS NULL""").fetchall() == [("PAPI", 2021)]


def test_methodology_versions_and_frameworks_are_data(db):
    reference.load_frameworks(db)
    versions = db.execute("""SELECT index_code, level, version, year_from, year_to FROM index_methodology
                             WHERE index_code IN ('PAR', 'SIPAS') AND level IN ('tinh', 'so') ORDER BY ALL""").fetchall()
    assert versions == [
        ("PAR", "so", "QT-SO-2021-MH", 2021, 2022), ("PAR", "so", "QT-SO-2023-MH", 2023, None),
        ("PAR", "tinh", "PAR-2012", 2012, 2021), ("PAR", "tinh", "PAR-876", 2022, None),
        ("SIPAS", "tinh", "SIPAS-2017", 2017, 2021), ("SIPAS", "tinh", "SIPAS-2022", 2022, 2023),
        ("SIPAS", "tinh", "SIPAS-2024", 2024, None)]
    # the 766 groups: 18 / 20 / 22 / 22 / 18 = 100; the provincial PAR lĩnh vực are listed without maxima
    assert db.execute("""SELECT list(max_points ORDER BY sort) FROM index_framework WHERE index_code = 'IDX766'
                         AND level = 'so' AND parent_code IS NULL""").fetchone() == ([18.0, 20.0, 22.0, 22.0, 18.0],)
    assert db.execute("""SELECT count(*), count(max_points) FROM index_framework WHERE index_code = 'PAR'
                         AND level = 'tinh'""").fetchone() == (8, 0)
    assert db.execute("""SELECT bool_and(is_demo) FROM index_methodology WHERE index_code = 'PAR'
                         AND level = 'so'""").fetchone() == (True,)
    assert db.execute("""SELECT list(component_code ORDER BY sort) FROM index_framework WHERE index_code = 'PAPI'
                         AND version = 'PAPI-2018'""").fetchone() == ([f"D{i}" for i in range(1, 9)],)


def test_first_start_adds_lineage_and_the_demo_department_scores(sample_db):
    con = queries.connect(sample_db)
    links = {(old, new): when for old, _, new, _, when in
             [(r[1], None, r[3], None, r[4]) for r in queries.rows(con, "lineage_list")]}
    assert links[("Quảng Bình", "Quảng Trị")] == date(2025, 7, 1)
    assert links[("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ")] == date(2025, 3, 1)
    assert links[("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường")] == date(2025, 3, 1)
    # 29 provinces merged into others; the 5 department mergers whose two departments are in the sample; and the
    # sample directory's 2025 lineage (issue 19): 18 former districts → their 78 communes, 11 former communes → 3
    assert sum(1 for old, _ in links if not old.startswith("Sở ")) == 29 + 78 + 11
    assert sum(1 for old, _ in links if old.startswith("Sở ")) == 5
    assert con.execute("SELECT valid_to FROM unit WHERE name = 'Sở Thông tin và Truyền thông'").fetchone() == (
        date(2025, 2, 28),)
    demo = con.execute("""SELECT b.file_name, b.kind, b.row_count FROM load_batch b
                          WHERE b.loaded_by = ? AND b.kind = 'scores'""", [SAMPLE_LOADER]).fetchall()
    # PAR: 10 departments × 4 years + 6 × 2025, each a total and 8 lĩnh vực; 766: (10 × 2 years + 6) × 6 rows
    assert demo == [("chi_so_cap_so_quang_tri_minh_hoa.xlsx", "scores", (10 * 4 + 6) * 9 + (10 * 2 + 6) * 6)]
    con.close()
