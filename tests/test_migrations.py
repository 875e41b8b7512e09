"""Schema migrations (queries/schema/NNN_*.sql): a fresh file, a second start, an older file upgraded in place."""

from datetime import date

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
