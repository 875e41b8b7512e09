"""No cell of any exported .xlsx / .csv starts a live formula, whatever text the offices typed: labels, unit
names, file names and account names that look like formulas ("=…", "+…", "-…", "@…") are loaded as plain
text (tests/fixtures/hostile/formula_text_labels.*) and come out of every export as text."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

import queries
from charts import dossiers as dossier_tables
from charts import quality as quality_tables
from vocabulary.columns import DOSSIER_COLUMNS
from loaders.periods import parse_user_period
from loaders.pipeline import commit_file, inspect_file
from loaders.tables import Column
from queries.__main__ import main as queries_cli
from reports import export
from reports.excel import FORMULA_STARTS, table_xlsx
from reports.templates import dossier_template, table_template
from tests.make_hostile_fixtures import FORMULA_LABELS, HOSTILE

FILE_NAME = "=cmd|' -c calc'!A0.xlsx"                 # the classic CSV-injection payload, as a file name
LOADED_BY = "=HYPERLINK(\"http://example.invalid\",\"bấm\")"   # an account's display name is typed by people too
CSV_UNIT = "@Sở Thử Nghiệm CSV"


@pytest.fixture
def hostile_db(tmp_path):
    path = tmp_path / "x.duckdb"
    con = queries.connect(path)
    for name, shown in (("formula_text_labels.xlsx", FILE_NAME), ("formula_text_labels.csv", "+84 tệp.csv")):
        report = inspect_file(con, shown, (HOSTILE / name).read_bytes())
        assert not report.has_errors, report.issues
        commit_file(con, report, loaded_by=LOADED_BY)
    yield con, path
    con.close()


def live_formulas(data: bytes, allowed=None) -> list[str]:
    """Cells of an .xlsx that a spreadsheet would compute: formula cells (except `allowed` ones, the template's
    own sums) and exported text that starts like a formula without the neutralising apostrophe."""
    found = []
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" and not (allowed and allowed.fullmatch(str(cell.value))):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
    return found


def texts(data: bytes) -> set[str]:
    book = load_workbook(io.BytesIO(data))
    return {str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value is not None}


def unneutralised(data: bytes) -> list[str]:
    return sorted(t for t in texts(data) if t.startswith(FORMULA_STARTS))


def test_the_hostile_text_is_in_the_warehouse_as_typed(hostile_db):
    con, _ = hostile_db
    assert sorted({r[0] for r in con.execute("SELECT DISTINCT linh_vuc FROM dossier_count").fetchall()}) == sorted(
        FORMULA_LABELS)
    assert {r[0] for r in con.execute("SELECT name FROM unit").fetchall()} == {"Sở Tư pháp", CSV_UNIT}
    assert {r[0] for r in con.execute("SELECT DISTINCT loaded_by FROM load_batch").fetchall()} == {LOADED_BY}


def test_whole_warehouse_workbook(hostile_db):
    con, _ = hostile_db
    data = export.workbook_bytes(con)
    assert live_formulas(data) == []
    assert unneutralised(data) == []
    shown = texts(data)
    assert {"'" + label for label in FORMULA_LABELS} <= shown               # kept, with the apostrophe
    assert {"'" + FILE_NAME, "'" + LOADED_BY, "'" + CSV_UNIT} <= shown


def test_page_downloads(hostile_db):
    """The tables the pages offer as .xlsx (Chất lượng dữ liệu, ranking and lĩnh vực of Hồ sơ TTHC), built
    from the same queries and column maps the pages use."""
    con, _ = hostile_db
    findings = queries.run(con, "dossier_quality")
    # rows 2–5 of the workbook: received 18…21 but resolved 15 + pending 2 (a V4 gap each); row 1 adds up
    assert sorted(set(findings["linh_vuc"].dropna())) == sorted(FORMULA_LABELS[1:])
    ranking = queries.run(con, "dossier_unit_ranking", year=2024, unit_ids=None, definition="default")
    breakdown = queries.run(con, "dossier_linh_vuc_breakdown", year=2024, unit_ids=None)
    assert set(FORMULA_LABELS) <= set(breakdown["linh_vuc"])
    for frame, columns in ((findings, quality_tables.FINDING_COLUMNS), (ranking, dossier_tables.RANKING_COLUMNS),
                           (breakdown, dossier_tables.LINH_VUC_COLUMNS)):
        data = table_xlsx(frame, columns, "Bảng")
        assert live_formulas(data) == [] and unneutralised(data) == []


OWN_FORMULA = re.compile(r"=(D(\d+)\+E\2\+F\2|SUM\(H(\d+):J\3\)|L(\d+)\+M\4|SUM\([C-M]\d+:[C-M]\d+\))")


def test_templates_keep_stored_names_as_text(hostile_db):
    """The upload templates carry stored unit and lĩnh vực names (drop-down lists, pre-filled rows): they must
    read back exactly, so they are text cells without an apostrophe; the only formulas are the form's sums."""
    con, _ = hostile_db
    units = [r[0] for r in con.execute("SELECT name FROM unit ORDER BY name").fetchall()]
    data = dossier_template(CSV_UNIT, parse_user_period("Quý I/2025"), FORMULA_LABELS, units, FORMULA_LABELS)
    assert live_formulas(data, allowed=OWN_FORMULA) == []
    assert set(FORMULA_LABELS) | {CSV_UNIT} <= texts(data)
    # and it loads back with the very same labels
    report = inspect_file(None, "mau.xlsx", data)
    assert [row["label"] for row in report.sheets[0].rows] == FORMULA_LABELS
    assert report.sheets[0].reporting_unit == CSV_UNIT
    data = table_template("Bảng", "TIÊU ĐỀ", [Column("subject", ("Đối tượng",)), Column("note", ("Ghi chú",))], [],
                          rows=[{"subject": name, "note": "=1+2"} for name in units], lists={"subject": units})
    assert live_formulas(data) == []
    assert {CSV_UNIT, "=1+2"} <= texts(data)


def test_csv_from_the_queries_command(hostile_db, capsys):
    con, path = hostile_db
    con.close()                                  # the command opens the file itself
    for name, params in (("dossier_rates", []), ("dossier_quality", []),
                         ("export_table", ["--param", "table_name=load_batch"]),
                         ("export_table", ["--param", "table_name=unit"])):
        assert queries_cli([name, "--db", str(path), "--format", "csv"] + params) == 0
        rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
        assert len(rows) > 1
        for row in rows[1:]:
            for value in row:
                if value.startswith(FORMULA_STARTS):
                    assert value.startswith("-") and re.fullmatch(r"-\d+(\.\d+)?", value), (name, value)
        flat = {v for row in rows for v in row}
        if params[-1:] == ["table_name=unit"]:
            assert "'" + CSV_UNIT in flat


def test_count_columns_are_numbers_not_text(hostile_db):
    """Neutralising never touches numbers: a count stays a number cell (a -3 would stay -3, not "'-3")."""
    con, _ = hostile_db
    book = load_workbook(io.BytesIO(export.workbook_bytes(con)))
    sheet = book["dossier_count"]
    header = [c.value for c in sheet[1]]
    column = header.index("recv_total") + 1
    assert "recv_total" in DOSSIER_COLUMNS
    assert all(isinstance(sheet.cell(r, column).value, int) for r in range(2, sheet.max_row + 1))
