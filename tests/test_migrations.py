"""Schema migrations (queries/schema/NNN_*.sql) and models (queries/models/): a fresh file, a second start, an older
file upgraded in place, a model edited."""

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

import queries
from loaders.pipeline import commit_file, inspect_file

TU_PHAP_Q2 = "good_official_formulas_tu_phap_q2_2025.xlsx"
TU_PHAP_Q2_FIX = "store_tu_phap_q2_2025_corrected.xlsx"


def versions(con):
    return con.execute("SELECT version, file FROM schema_version ORDER BY version").fetchall()


def relations(con):
    return dict(con.execute("SELECT table_name, table_type FROM information_schema.tables "
                            "WHERE table_schema = 'main'").fetchall())


def test_the_migration_folder_is_numbered():
    found = queries.migrations()
    assert found[:2] == [(1, queries.SCHEMA_DIR / "001_core.sql"), (2, queries.SCHEMA_DIR / "002_current_view.sql")]
    numbers = [n for n, _ in found]
    assert numbers == sorted(set(numbers))   # no number used twice


def test_fresh_file_gets_every_migration(db_file):
    con = queries.connect(db_file)
    try:
        expected = [(n, f.name) for n, f in queries.migrations()]
        assert versions(con) == expected
        assert queries.schema_version(con) == expected[-1][0] >= 2
        tables = relations(con)
        for table in ("load_batch", "unit", "unit_alias", "unit_lineage", "period", "dossier_count",
                      "schema_version"):
            assert tables[table] == "BASE TABLE"
        assert tables["dossier_current"] == "VIEW"
        assert con.execute("SELECT count(*) FROM dossier_current").fetchone() == (0,)
    finally:
        con.close()


def test_connecting_again_is_a_no_op(db_file, fixtures_dir):
    con = queries.connect(db_file)
    report = inspect_file(con, TU_PHAP_Q2, (fixtures_dir / TU_PHAP_Q2).read_bytes())
    commit_file(con, report, loaded_by="pytest")
    applied = con.execute("SELECT * FROM schema_version ORDER BY version").fetchall()
    latest = queries.schema_version(con)
    con.close()

    con = queries.connect(db_file)   # the second start
    try:
        assert con.execute("SELECT * FROM schema_version ORDER BY version").fetchall() == applied  # same rows, times
        assert queries.migrate(con) == latest
        assert con.execute("SELECT count(*) FROM schema_version").fetchone() == (len(applied),)
        assert con.execute("SELECT count(*), sum(recv_total) FROM dossier_current").fetchone() == (9, 2885)
        assert con.execute("SELECT batch_id, status FROM load_batch").fetchall() == [(1, "active")]
    finally:
        con.close()


def test_older_file_is_upgraded_in_place(db_file, fixtures_dir):
    # A warehouse written by the first version of the schema, holding one loaded row.
    old = duckdb.connect(str(db_file))
    assert queries.migrate(old, up_to=1) == 1
    assert versions(old) == [(1, "001_core.sql")]
    old.execute("INSERT INTO unit (name, level) VALUES ('Sở Tư pháp', 'so')")
    old.execute("INSERT INTO unit_alias VALUES ('so tu phap', 1, 'Sở Tư pháp tỉnh Quảng Trị')")
    old.execute("INSERT INTO period VALUES (DATE '2025-03-15', DATE '2025-06-14', 'quarter', 'Quý II/2025', 2025, 2, "
                "false)")
    old.execute("INSERT INTO load_batch (kind, file_name, sha256, sheet, form, period_start, period_end, loaded_by, "
                "row_count) VALUES ('dossiers', 'cu.xlsx', 'abc', 'Biểu 06', '06/VPCP/KSTT', DATE '2025-03-15', "
                "DATE '2025-06-14', 'phiên bản cũ', 1)")
    old.execute("INSERT INTO dossier_count (batch_id, unit_id, linh_vuc, period_start, period_end, recv_total, "
                "recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late, proc_total, "
                "proc_ontime, proc_late, source_row) VALUES (1, 1, 'Hộ tịch', DATE '2025-03-15', DATE '2025-06-14', "
                "57, 38, 14, 5, 51, 27, 24, 0, 6, 6, 0, 14)")
    with pytest.raises(duckdb.CatalogException):
        old.execute("SELECT * FROM dossier_current")   # the view came with migration 2
    old.close()

    con = queries.connect(db_file)
    try:
        latest = queries.migrations()[-1][0]
        assert queries.schema_version(con) == latest
        assert [v for v, _ in versions(con)] == [n for n, _ in queries.migrations()]
        assert con.execute("SELECT batch_id, unit_id, linh_vuc, recv_total, res_total, proc_total "
                           "FROM dossier_count").fetchall() == [(1, 1, "Hộ tịch", 57, 51, 6)]
        assert con.execute("SELECT batch_id, linh_vuc, recv_total FROM dossier_current").fetchall() == [
            (1, "Hộ tịch", 57)]

        # and the upgraded file takes new loads: the corrected Q2 file replaces the old batch
        report = inspect_file(con, TU_PHAP_Q2_FIX, (fixtures_dir / TU_PHAP_Q2_FIX).read_bytes())
        stored = commit_file(con, report, loaded_by="pytest")
        assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(2, 9, [1])]
        assert con.execute("SELECT batch_id, status FROM load_batch ORDER BY batch_id").fetchall() == [
            (1, "replaced"), (2, "active")]
        assert con.execute("SELECT count(*), sum(recv_total), min(period_start) FROM dossier_current").fetchone() == (
            9, 2885, date(2025, 3, 15))
    finally:
        con.close()


LEGACY_SCHEMA = Path(__file__).resolve().parent / "fixtures" / "legacy_schema"


def legacy_database(path: Path) -> None:
    """A warehouse as the code before queries/models/ left it: every migration of that time run once (views
    and macros inside them), holding one dossier row of Sở Tư pháp for Q2/2025."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TIMESTAMP DEFAULT current_timestamp, file VARCHAR)")
    for file in sorted(LEGACY_SCHEMA.glob("*.sql")):
        con.execute(file.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version (version, file) VALUES ($v, $f)",
                    {"v": int(file.name[:3]), "f": file.name})
    con.execute("INSERT INTO unit (name, level) VALUES ('Sở Tư pháp', 'so')")
    con.execute("INSERT INTO period VALUES (DATE '2025-03-15', DATE '2025-06-14', 'quarter', 'Quý II/2025', 2025, 2, "
                "false)")
    con.execute("INSERT INTO load_batch (kind, file_name, sha256, sheet, form, period_start, period_end, loaded_by, "
                "row_count) VALUES ('dossiers', 'cu.xlsx', 'abc', 'Biểu 06', '06/VPCP/KSTT', DATE '2025-03-15', "
                "DATE '2025-06-14', 'phiên bản cũ', 1)")
    # received 57 = 38 online + 14 offline + 5 carried; resolved 51 = 20 early + 25 on time + 6 late;
    # pending 6 = 4 within time + 2 overdue
    con.execute("INSERT INTO dossier_count (batch_id, unit_id, linh_vuc, period_start, period_end, recv_total, "
                "recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late, proc_total, "
                "proc_ontime, proc_late, source_row) VALUES (1, 1, 'Hộ tịch', DATE '2025-03-15', DATE '2025-06-14', "
                "57, 38, 14, 5, 51, 20, 25, 6, 6, 4, 2, 14)")
    con.execute("INSERT INTO batch_key VALUES (1, 1, DATE '2025-03-15', DATE '2025-06-14')")
    con.close()


def model_objects(con) -> dict[str, str]:
    return {name: kind.replace("_", " ") for kind, _, name, _ in queries.rows(con, "model_catalog")}


def test_a_database_of_the_code_before_models_opens_and_gets_this_codes_models(db_file):
    legacy_database(db_file)
    old = duckdb.connect(str(db_file))
    legacy = model_objects(old)
    assert "on_time_num" not in legacy and legacy["with_dossier_rates"] == "table macro"   # the old text ran
    old.execute("CREATE MACRO leftover(x) AS x + 1")           # a macro no model defines any more
    old.execute("CREATE OR REPLACE MACRO pct(x) AS 0, (num, den) AS -1")   # overloads: dropped as one
    old.close()

    con = queries.connect(db_file)
    try:
        # nothing re-ran: the migrations recorded then are those recorded now (the same numbers and files)
        assert [v for v, _ in versions(con)] == [n for n, _ in queries.migrations()]
        assert model_objects(con) == {name: queries.model_contract(name)["kind"] for name in queries.model_order()}
        # the rates of the old row, by hand: on time (20 + 25) / 51; QĐ 766 (45 + 4) / (51 + 6);
        # "đến hạn" 45 / (51 + 2); online 38 / (38 + 14)
        rates = con.execute("SELECT on_time_pct, on_time_766_pct, on_time_due_pct, online_pct FROM dossier_rates"
                            ).fetchone()
        assert rates == pytest.approx((100 * 45 / 51, 100 * 49 / 57, 100 * 45 / 53, 100 * 38 / 52))
        assert con.execute("SELECT on_time_num, on_time_766_den, online_den FROM with_dossier_rates(dossier_current)"
                           ).fetchone() == (45, 57, 52)
    finally:
        con.close()


def test_an_edited_model_reaches_an_existing_database_at_its_next_start(db_file, tmp_path, monkeypatch):
    legacy_database(db_file)
    models = tmp_path / "models"
    shutil.copytree(queries.MODELS_DIR, models)
    monkeypatch.setattr(queries, "MODELS_DIR", models)
    con = queries.connect(db_file)
    assert con.execute("SELECT on_time_pct FROM dossier_rates").fetchone()[0] == pytest.approx(100 * 45 / 51)
    con.close()

    # a maintainer changes the on-time numerator (say, early dossiers no longer count), adds a model, removes one
    numerator = models / "on_time_num.sql"
    numerator.write_text(numerator.read_text(encoding="utf-8").replace("res_before + res_ontime", "res_ontime"),
                         encoding="utf-8")
    (models / "pending_total.sql").write_text(
        "-- name: pending_total\n-- kind: macro\n-- params: proc_ontime, proc_late\n"
        "-- grain: one value per call (scalar macro)\n-- columns: none (a value)\n"
        "CREATE OR REPLACE MACRO pending_total(proc_ontime, proc_late) AS proc_ontime + proc_late;\n", encoding="utf-8")
    (models / "target_gap_pp.sql").unlink()

    con = queries.connect(db_file)                       # the next start
    try:
        assert con.execute("SELECT on_time_pct FROM dossier_rates").fetchone()[0] == pytest.approx(100 * 25 / 51)
        assert con.execute("SELECT pending_total(proc_ontime, proc_late) FROM dossier_current").fetchone() == (6,)
        assert "target_gap_pp" not in model_objects(con) and model_objects(con)["pending_total"] == "macro"
    finally:
        con.close()


def test_models_are_created_after_the_models_they_use():
    order = queries.model_order()
    assert sorted(order) == sorted(p.stem for p in queries.MODELS_DIR.glob("*.sql"))
    assert order.index("pct") < order.index("on_time_pct") < order.index("with_dossier_rates")
    assert order.index("current_key") < order.index("dossier_current") < order.index("dossier_rates")
    assert order.index("dossier_kpi_unit_year") < order.index("kpi_unit_year_all") < order.index("kpi_year_totals")


def test_models_that_use_each_other_in_a_cycle_are_refused(tmp_path):
    for name, other in (("a_model", "b_model"), ("b_model", "a_model")):
        (tmp_path / f"{name}.sql").write_text(f"CREATE OR REPLACE MACRO {name}(x) AS {other}(x);\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cycle"):
        queries.model_order(tmp_path)


def test_a_reader_that_cannot_write_upgrades_a_database_whose_models_are_not_this_codes(db_file):
    from queries.__main__ import open_database

    legacy_database(db_file)                  # schema up to date, views and macros of the old code
    old = queries.connect(db_file, read_only=True)
    try:
        assert not queries.models_current(old)
        with pytest.raises(duckdb.CatalogException):    # a query using a macro only the new models have
            queries.run(old, "dossier_unit_periods", kind="quarter", year_from=2025, year_to=2025, unit_ids=None)
    finally:
        old.close()
    con = open_database(db_file)              # python -m queries opens it so
    try:
        assert queries.models_current(con)
        frame = queries.run(con, "dossier_unit_periods", kind="quarter", year_from=2025, year_to=2025, unit_ids=None)
        assert frame[["recv_total", "on_time_num", "on_time_den"]].values.tolist() == [[57, 45, 51]]
    finally:
        con.close()
