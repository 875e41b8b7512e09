"""Warehouse behaviour of loads: replacement, duplicates, V5 continuity, roll-up shadowing (real DuckDB file)."""

from datetime import date

from accounts import system_account
from vocabulary.issues import INFO, WARNING
from loaders.pipeline import commit_file, inspect_file

TU_PHAP_Q2 = "good_official_formulas_tu_phap_q2_2025.xlsx"       # Sở Tư pháp, Q2 2025, 9 lĩnh vực
TU_PHAP_Q2_FIX = "store_tu_phap_q2_2025_corrected.xlsx"          # the same, Hộ tịch 27/24 → 26/25
TU_PHAP_Q3 = "store_tu_phap_q3_2025.xlsx"                        # Q3 2025, Hộ tịch carries 7 (Q2 pending 6)
NOI_VU_Q2 = "store_noi_vu_q2_2025.xlsx"                          # Sở Nội vụ, Q2 2025, 2 lĩnh vực
ROLLUP_Q2 = "store_rollup_q2_2025.xlsx"                          # Q2 2025 by unit: Sở Tư pháp, Sở Y tế


def inspect(con, fixtures_dir, name, file_name=None):
    return inspect_file(con, file_name or name, (fixtures_dir / name).read_bytes())


def load(con, fixtures_dir, name):
    report = inspect(con, fixtures_dir, name)
    assert not report.has_errors, report.issues
    return commit_file(con, report, loaded_by="pytest", by=system_account("pytest"))


def batches(con):
    return con.execute("SELECT batch_id, file_name, status, replaces, row_count FROM load_batch "
                       "ORDER BY batch_id").fetchall()


def current(con):
    """(unit, lĩnh vực, batch, recv_total) of what the dashboard reads."""
    return con.execute("""
        SELECT u.name, c.linh_vuc, c.batch_id, c.recv_total
        FROM dossier_current c JOIN unit u USING (unit_id)
        ORDER BY u.name, c.source_row""").fetchall()


def test_corrected_file_replaces_the_earlier_batch(db, fixtures_dir):
    assert [(s.batch_id, s.row_count, s.replaced) for s in load(db, fixtures_dir, TU_PHAP_Q2)] == [(1, 9, [])]

    report = inspect(db, fixtures_dir, TU_PHAP_Q2_FIX)
    assert not report.is_duplicate
    assert report.replaces[["batch_id", "file_name", "recv_total", "res_total", "unit_count"]].values.tolist() == [
        [1, TU_PHAP_Q2, 2885, 2604, 1]]
    stored = commit_file(db, report, loaded_by="pytest")
    assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(2, 9, [1])]

    assert batches(db) == [(1, TU_PHAP_Q2, "replaced", None, 9), (2, TU_PHAP_Q2_FIX, "active", [1], 9)]
    # the dashboard sees only the corrected rows …
    assert db.execute("SELECT DISTINCT batch_id FROM dossier_current").fetchall() == [(2,)]
    assert db.execute("SELECT count(*), sum(res_before), sum(res_ontime) FROM dossier_current").fetchone() == (
        9, 1646, 951)
    assert db.execute("SELECT res_before, res_ontime FROM dossier_current WHERE linh_vuc = 'Hộ tịch'").fetchone() == (
        26, 25)
    # … and the history keeps both
    assert db.execute("SELECT batch_id, count(*), sum(res_before) FROM dossier_count GROUP BY ALL "
                      "ORDER BY batch_id").fetchall() == [(1, 9, 1647), (2, 9, 1646)]


def test_a_unit_named_in_the_directory_without_its_spelling_still_has_its_batch_replaced(db, fixtures_dir):
    """The store skips the search for batches to replace only for units its own load created: a unit the
    directory already names, whose spelling is not stored (removed here), is found by name and its batch replaced."""
    load(db, fixtures_dir, TU_PHAP_Q2)
    db.execute("DELETE FROM unit_alias")
    report = inspect(db, fixtures_dir, TU_PHAP_Q2_FIX)
    stored = commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
    assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(2, 9, [1])]
    assert batches(db) == [(1, TU_PHAP_Q2, "replaced", None, 9), (2, TU_PHAP_Q2_FIX, "active", [1], 9)]
    assert db.execute("SELECT count(*) FROM unit WHERE name = 'Sở Tư pháp'").fetchone() == (1,)
    assert db.execute("SELECT a.alias, u.name FROM unit_alias a JOIN unit u USING (unit_id)").fetchall() == [
        ("Sở Tư pháp tỉnh Quảng Trị", "Sở Tư pháp")]
    # the corrected rows are the ones read: 9 lĩnh vực, Hộ tịch 26 before and 25 on time
    assert db.execute("SELECT count(*), sum(res_before) FROM dossier_current").fetchone() == (9, 1646)


def test_identical_file_is_already_loaded_and_nothing_is_written(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    before = {t: sorted(db.cursor().table(t).fetchall(), key=repr)
              for t in ("dossier_count", "load_batch", "unit", "unit_alias", "period")}

    report = inspect(db, fixtures_dir, TU_PHAP_Q2, file_name="ban sao.xlsx")   # same bytes, another name
    assert report.is_duplicate
    assert [(b[0], b[1], b[2]) for b in report.already_loaded] == [(1, TU_PHAP_Q2, "Biểu 06")]
    assert len(report.issues) == 1
    issue = report.issues[0]
    assert issue.level == INFO and issue.where() == ""
    assert issue.message.startswith("Tệp ban sao.xlsx đã được nạp trước đó (lô số 1, ")
    assert issue.message.endswith("); không nạp lại.")
    assert commit_file(db, report, loaded_by="pytest") == []

    after = {t: sorted(db.cursor().table(t).fetchall(), key=repr)
             for t in ("dossier_count", "load_batch", "unit", "unit_alias", "period")}
    assert after == before


def test_v5_carry_differs_from_stored_pending(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)   # Hộ tịch pending at 14/6/2025: 6; LLTP 242; Quốc tịch 15
    report = inspect(db, fixtures_dir, TU_PHAP_Q3)
    assert [(i.level, i.where(), i.message) for i in report.issues if i.level != INFO] == [
        (WARNING, "Biểu 06!F14", "V5 – lĩnh vực \"Hộ tịch\": số từ kỳ trước chuyển sang (7) khác số đang giải quyết "
                                 "cuối kỳ Quý II/2025 đã lưu (6).")]
    assert not report.has_errors   # a warning: the file still loads
    stored = commit_file(db, report, loaded_by="pytest")
    assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(2, 3, [])]


def test_v5_pending_differs_from_stored_later_carry(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q3)   # history loaded out of order: Q3 first
    report = inspect(db, fixtures_dir, TU_PHAP_Q2)
    assert [(i.level, i.where(), i.message) for i in report.issues if i.level != INFO] == [
        (WARNING, "Biểu 06!K14", "V5 – lĩnh vực \"Hộ tịch\": số đang giải quyết cuối kỳ (6) khác số từ kỳ trước "
                                 "chuyển sang của kỳ Quý III/2025 đã lưu (7).")]


def test_rollup_shadows_only_the_unit_it_covers(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)    # batch 1: Sở Tư pháp by lĩnh vực
    load(db, fixtures_dir, NOI_VU_Q2)     # batch 2: Sở Nội vụ by lĩnh vực

    report = inspect(db, fixtures_dir, ROLLUP_Q2)
    assert report.sheets[0].rows_are_units
    assert report.replaces[["batch_id", "recv_total", "unit_count"]].values.tolist() == [[1, 2885, 1]]
    assert [(i.level, i.message) for i in report.issues] == [
        (WARNING, "đơn vị mới sẽ được thêm vào danh mục: Sở Y tế. Nếu đây là đơn vị đã có nhưng viết khác, "
                  "hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")]
    stored = commit_file(db, report, loaded_by="pytest")
    assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(3, 2, [1])]

    assert batches(db) == [(1, TU_PHAP_Q2, "replaced", None, 9), (2, NOI_VU_Q2, "active", None, 2),
                           (3, ROLLUP_Q2, "active", [1], 2)]
    assert current(db) == [
        ("Sở Nội vụ", "Công chức, viên chức", 2, 54),
        ("Sở Nội vụ", "Thi đua, khen thưởng", 2, 91),
        ("Sở Tư pháp", None, 3, 2885),          # the roll-up's unit row instead of the 9 lĩnh vực rows
        ("Sở Y tế", None, 3, 940),
    ]
    assert db.execute("SELECT count(*) FROM dossier_count").fetchone() == (13,)   # 9 + 2 + 2: history kept


def test_lĩnh_vực_file_after_a_rollup_takes_its_unit_back(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)     # batch 1: Sở Tư pháp and Sở Y tế
    stored = load(db, fixtures_dir, TU_PHAP_Q2)
    assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(2, 9, [1])]
    # the roll-up still gives Sở Y tế, so it stays active
    assert batches(db) == [(1, ROLLUP_Q2, "active", None, 2), (2, TU_PHAP_Q2, "active", [1], 9)]
    assert db.execute("""
        SELECT u.name, c.batch_id, count(*), sum(c.recv_total)
        FROM dossier_current c JOIN unit u USING (unit_id) GROUP BY ALL ORDER BY u.name""").fetchall() == [
        ("Sở Tư pháp", 2, 9, 2885), ("Sở Y tế", 1, 1, 940)]
    assert db.execute("SELECT period_start, period_end FROM dossier_current GROUP BY ALL").fetchall() == [
        (date(2025, 3, 15), date(2025, 6, 14))]


def test_a_roll_up_is_stored_row_by_row_with_its_keys_and_no_table_left_behind(db, fixtures_dir):
    """The rows go in by DuckDB's appender (queries.append) and the batch's keys from the units resolved for them:
    every value where the file has it, NULL for the columns it does not carry, one key per unit × period."""
    load(db, fixtures_dir, ROLLUP_Q2)
    assert db.execute("""
        SELECT u.name, c.batch_id, c.linh_vuc, c.period_start, c.period_end, c.recv_total, c.recv_online,
               c.recv_offline, c.recv_carry, c.res_total, c.res_before, c.res_ontime, c.res_late, c.proc_total,
               c.proc_ontime, c.proc_late, c.recv_direct, c.returned_withdrawn, c.source_row
        FROM dossier_count c JOIN unit u USING (unit_id) ORDER BY c.source_row""").fetchall() == [
        ("Sở Tư pháp", 1, None, date(2025, 3, 15), date(2025, 6, 14), 2885, 2062, 574, 249, 2604, 1647, 950, 7, 281,
         266, 15, None, None, 14),
        ("Sở Y tế", 1, None, date(2025, 3, 15), date(2025, 6, 14), 940, 700, 180, 60, 860, 600, 250, 10, 80, 75, 5,
         None, None, 15)]
    assert db.execute("SELECT u.name, k.batch_id, k.period_start, k.period_end FROM batch_key k JOIN unit u "
                      "USING (unit_id) ORDER BY u.name").fetchall() == [
        ("Sở Tư pháp", 1, date(2025, 3, 15), date(2025, 6, 14)), ("Sở Y tế", 1, date(2025, 3, 15), date(2025, 6, 14))]
    assert db.execute("SELECT period_start, label FROM period").fetchall() == [(date(2025, 3, 15), "Quý II/2025")]
    assert db.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone() == (0,)


def test_rows_appended_in_a_transaction_that_fails_are_not_kept(db, fixtures_dir):
    """The appender writes in the caller's transaction: a failure after the rows were added leaves nothing."""
    import queries

    report = inspect(db, fixtures_dir, TU_PHAP_Q2)
    try:
        with queries.transaction(db):
            commit_file(db, report, loaded_by="pytest", by=system_account("pytest"))
            assert db.execute("SELECT count(*) FROM dossier_count").fetchone() == (9,)
            raise RuntimeError("a later file of the same load failed")
    except RuntimeError:
        pass
    assert [db.execute("SELECT count(*) FROM query_table($table)", {"table": table}).fetchone()[0]
            for table in ("dossier_count", "batch_key", "load_batch", "period", "unit", "unit_alias")] == [0] * 6
