"""The unit directory and lĩnh vực names kept right (loaders/directory.py), on real DuckDB files and fixtures."""

from datetime import date

import duckdb
import pytest

import queries
from loaders.directory import (DirectoryRefused, add_alias, delete_lineage, merge_units, record_lineage,
                               relabel_linh_vuc, set_level)
from loaders.text import match_key
from loaders.units import alias_key
from tests.warehouse_state import snapshot
from tests.test_loader_store import NOI_VU_Q2, ROLLUP_Q2, TU_PHAP_Q2, inspect, load

OTHER_SPELLING_Q4 = "store_tu_phap_q4_2025_other_spelling.xlsx"   # "Sở Tư pháp Quảng Trị", Q4 2025



def units(con):
    return con.execute("SELECT unit_id, name, level FROM unit ORDER BY unit_id").fetchall()


def totals_per_period(con):
    """What the dashboard reads, summed per period over every unit (recv, resolved, pending)."""
    return con.execute("""
        SELECT period_start, period_end, count(*), sum(recv_total), sum(res_total), sum(proc_total)
        FROM dossier_current GROUP BY ALL ORDER BY ALL""").fetchall()


def test_added_spelling_loads_a_later_file_into_the_existing_unit(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    assert units(db) == [(1, "Sở Tư pháp", "so")]
    before = inspect(db, fixtures_dir, OTHER_SPELLING_Q4)
    assert [i.message for i in before.issues if "đơn vị mới" in i.message] == [
        "đơn vị mới sẽ được thêm vào danh mục: Sở Tư pháp Quảng Trị. Nếu đây là đơn vị đã có nhưng viết khác, "
        "hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại."]

    added = add_alias(db, 1, "  Sở Tư pháp   Quảng Trị ")
    assert (added.unit_name, added.spelling, added.added) == ("Sở Tư pháp", "Sở Tư pháp Quảng Trị", True)
    assert db.execute("SELECT alias_key, unit_id, alias FROM unit_alias ORDER BY alias").fetchall() == [
        ("so tu phap quang tri", 1, "Sở Tư pháp Quảng Trị"), ("so tu phap", 1, "Sở Tư pháp tỉnh Quảng Trị")]

    report = inspect(db, fixtures_dir, OTHER_SPELLING_Q4)
    assert not [i for i in report.issues if "đơn vị mới" in i.message]
    load(db, fixtures_dir, OTHER_SPELLING_Q4)
    assert units(db) == [(1, "Sở Tư pháp", "so")]                    # no new unit
    assert db.execute("SELECT unit_id, count(*), sum(recv_total) FROM dossier_current WHERE period_end = "
                      "DATE '2025-12-14' GROUP BY ALL").fetchall() == [(1, 2, 52 + 2556)]
    # the same spelling (any case, accents) again is reported as known, not stored twice
    again = add_alias(db, 1, "SỞ TƯ PHÁP QUẢNG TRỊ")
    assert again.added is False
    assert db.execute("SELECT count(*) FROM unit_alias").fetchone()[0] == 2


def test_spelling_of_another_unit_is_refused(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)                                # Sở Tư pháp (1), Sở Y tế (2)
    before = snapshot(db)
    with pytest.raises(DirectoryRefused) as refused:
        add_alias(db, 1, "Sở Y tế tỉnh Quảng Trị")
    assert str(refused.value) == (
        "Cách viết \"Sở Y tế tỉnh Quảng Trị\" đã được dùng cho đơn vị \"Sở Y tế\" (viết là \"Sở Y tế\"). "
        "Nếu \"Sở Y tế\" và \"Sở Tư pháp\" là một đơn vị, hãy gộp hai đơn vị thay vì thêm cách viết.")
    with pytest.raises(DirectoryRefused, match="Hãy nhập cách viết"):
        add_alias(db, 1, "   ")
    assert snapshot(db) == before


def test_merge_moves_rows_and_spellings_and_keeps_totals_per_period(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)                               # unit 1 "Sở Tư pháp", Q2 2025
    load(db, fixtures_dir, OTHER_SPELLING_Q4)                        # unit 2 "Sở Tư pháp Quảng Trị", Q4 2025
    assert units(db) == [(1, "Sở Tư pháp", "so"), (2, "Sở Tư pháp Quảng Trị", "so")]
    totals = totals_per_period(db)
    assert totals == [(date(2025, 3, 15), date(2025, 6, 14), 9, 2885, 2604, 281),
                      (date(2025, 9, 15), date(2025, 12, 14), 2, 2608, 2379, 229)]

    merged = merge_units(db, keep_id=1, merge_id=2)
    assert (merged.keep_name, merged.merged_name, merged.rows_moved, merged.aliases_moved) == (
        "Sở Tư pháp", "Sở Tư pháp Quảng Trị", 2, 1)
    assert units(db) == [(1, "Sở Tư pháp", "so")]
    assert totals_per_period(db) == totals                            # nothing added, nothing lost
    assert db.execute("SELECT DISTINCT unit_id FROM dossier_count").fetchall() == [(1,)]
    assert db.execute("SELECT alias_key, unit_id FROM unit_alias ORDER BY 1").fetchall() == [
        ("so tu phap", 1), ("so tu phap quang tri", 1)]
    history = queries.run(db, "batch_history", kind=None, status=None)
    assert list(history["units"]) == ["Sở Tư pháp", "Sở Tư pháp"]
    # the next file written that way loads into the kept unit
    assert alias_key("Sở Tư pháp Quảng Trị") in {k for k, _, _ in queries.rows(db, "unit_aliases")}


def test_merge_refused_when_both_units_report_the_same_period(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)                               # Sở Tư pháp, Q2 2025, batch 1
    load(db, fixtures_dir, NOI_VU_Q2)                                # Sở Nội vụ, Q2 2025, batch 2
    before = snapshot(db)
    with pytest.raises(DirectoryRefused) as refused:
        merge_units(db, keep_id=1, merge_id=2)
    assert str(refused.value) == (
        "Không gộp được \"Sở Nội vụ\" vào \"Sở Tư pháp\": cả hai đơn vị đều có số liệu cho cùng kỳ "
        "Quý II/2025 (lô 1 và lô 2). Gộp lại thì một kỳ sẽ có hai báo cáo của cùng một đơn vị và số liệu bị "
        "tính trùng. Hãy hoàn tác một trong các lô đó trước; nếu đây là hai đơn vị khác nhau (ví dụ sáp nhập), "
        "hãy ghi nhận sáp nhập thay vì gộp.")
    assert snapshot(db) == before
    with pytest.raises(DirectoryRefused, match="hai đơn vị khác nhau"):
        merge_units(db, keep_id=1, merge_id=1)


def test_merge_refused_within_one_rollup_batch(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)                                # both units in batch 1
    with pytest.raises(DirectoryRefused, match=r"cùng kỳ Quý II/2025 \(lô 1 và lô 1\)"):
        merge_units(db, keep_id=1, merge_id=2)


def test_lineage_recorded_listed_corrected_and_removed(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)                                # Sở Tư pháp (1), Sở Y tế (2)
    assert record_lineage(db, 2, 1, date(2025, 3, 1)) == ("Sở Y tế", "Sở Tư pháp")
    assert [(r[1], r[3], r[4], r[6]) for r in queries.rows(db, "lineage_list")] == [
        ("Sở Y tế", "Sở Tư pháp", date(2025, 3, 1), 1)]              # Y tế still reports Q2 2025 after it
    assert db.execute("SELECT valid_to FROM unit WHERE unit_id = 2").fetchone() == (date(2025, 2, 28),)
    # the same pair again corrects the date; both units keep their rows
    record_lineage(db, 2, 1, date(2025, 7, 1), share=1.0)
    assert db.execute("SELECT effective_date, share FROM unit_lineage").fetchall() == [(date(2025, 7, 1), 1.0)]
    assert db.execute("SELECT valid_to FROM unit WHERE unit_id = 2").fetchone() == (date(2025, 6, 30),)
    assert db.execute("SELECT count(DISTINCT unit_id) FROM dossier_current").fetchone() == (2,)
    with pytest.raises(DirectoryRefused, match="không thể ghi nhận chiều ngược lại"):
        record_lineage(db, 1, 2, date(2025, 7, 1))
    with pytest.raises(DirectoryRefused, match="phải khác nhau"):
        record_lineage(db, 1, 1, date(2025, 7, 1))
    delete_lineage(db, 2, 1)
    assert queries.run(db, "lineage_list").empty
    assert db.execute("SELECT valid_to FROM unit WHERE unit_id = 2").fetchone() == (None,)


def test_merge_carries_lineage_to_the_kept_unit(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)                                # Sở Tư pháp (1), Sở Y tế (2), Q2 2025
    load(db, fixtures_dir, OTHER_SPELLING_Q4)                        # Sở Tư pháp Quảng Trị (3), Q4 2025
    record_lineage(db, 2, 3, date(2025, 7, 1))
    merge_units(db, keep_id=1, merge_id=3)
    assert db.execute("SELECT old_unit_id, new_unit_id, effective_date FROM unit_lineage").fetchall() == [
        (2, 1, date(2025, 7, 1))]


def test_level_changed(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)
    assert set_level(db, 2, "don_vi") == "Sở Y tế"
    assert units(db) == [(1, "Sở Tư pháp", "so"), (2, "Sở Y tế", "don_vi")]
    with pytest.raises(DirectoryRefused, match="không hợp lệ"):
        set_level(db, 2, "bo")
    with pytest.raises(DirectoryRefused, match="Không có đơn vị mã 9"):
        set_level(db, 9, "so")


def test_linh_vuc_spellings_merged_for_every_unit(db, fixtures_dir):
    # two units, so each keeps its own capitals (within one unit a later file follows the name in use)
    load(db, fixtures_dir, TU_PHAP_Q2)                               # "Lý lịch tư pháp", Q2, unit 1
    load(db, fixtures_dir, OTHER_SPELLING_Q4)                        # "Lý lịch Tư pháp", Q4, unit 2
    listed = queries.run(db, "linh_vuc_directory", unit_id=None)
    assert listed.set_index("linh_vuc").loc[["Lý lịch Tư pháp", "Lý lịch tư pháp"], "dossier_rows"].tolist() == [1, 1]
    totals = totals_per_period(db)

    done = relabel_linh_vuc(db, "Lý lịch Tư pháp", " Lý lịch  tư pháp")
    assert (done.old_name, done.new_name, done.rows, done.merged, done.unit_name) == (
        "Lý lịch Tư pháp", "Lý lịch tư pháp", 1, True, None)
    row = queries.run(db, "linh_vuc_directory", unit_id=None).set_index("linh_vuc").loc["Lý lịch tư pháp"]
    assert (row["dossier_rows"], row["first_period_label"], row["last_period_label"]) == (2, "Quý II/2025",
                                                                                           "Quý IV/2025")
    assert "Lý lịch Tư pháp" not in set(queries.run(db, "linh_vuc_directory", unit_id=None)["linh_vuc"])
    assert totals_per_period(db) == totals


def test_linh_vuc_renamed_for_one_unit_only(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    load(db, fixtures_dir, NOI_VU_Q2)                                # Sở Nội vụ is unit 2
    done = relabel_linh_vuc(db, "Thi đua, khen thưởng", "Thi đua - Khen thưởng", unit_id=2)
    assert (done.rows, done.merged, done.unit_name) == (1, False, "Sở Nội vụ")
    assert db.execute("SELECT linh_vuc FROM dossier_count WHERE unit_id = 2 ORDER BY source_row").fetchall() == [
        ("Công chức, viên chức",), ("Thi đua - Khen thưởng",)]
    with pytest.raises(DirectoryRefused) as none_there:
        relabel_linh_vuc(db, "Hộ tịch", "Hộ tịch (cũ)", unit_id=2)
    assert str(none_there.value) == "Không có dòng số liệu nào của lĩnh vực \"Hộ tịch\" ở đơn vị \"Sở Nội vụ\"."


def test_linh_vuc_merge_refused_when_one_report_has_both(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    before = snapshot(db)
    with pytest.raises(DirectoryRefused) as refused:
        relabel_linh_vuc(db, "Chứng thực", "Hộ tịch")
    assert str(refused.value) == (
        "Không đổi được \"Chứng thực\" thành \"Hộ tịch\": có báo cáo ghi cả hai lĩnh vực cho cùng một đơn vị và "
        "cùng kỳ — lô 1 (good_official_formulas_tu_phap_q2_2025.xlsx, Sở Tư pháp, Quý II/2025). Gộp lại thì "
        "báo cáo đó có hai dòng cho một lĩnh vực. Hãy sửa tệp gốc và nạp lại, hoặc đổi tên chỉ cho đơn vị "
        "không bị trùng.")
    assert snapshot(db) == before
    with pytest.raises(DirectoryRefused, match="trùng với tên cũ"):
        relabel_linh_vuc(db, "Hộ tịch", "Hộ  tịch ")


def test_merging_units_moves_their_scores_and_kpi_values_too(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)                                # "Sở Tư pháp" = unit 1
    load(db, fixtures_dir, OTHER_SPELLING_Q4)                         # "Sở Tư pháp Quảng Trị" = unit 2
    load(db, fixtures_dir / "plan", "kpi_values.xlsx")                # values of Sở Tư pháp and Sở Y tế
    load(db, fixtures_dir / "scores", "good_par_cap_so.xlsx")         # PAR cấp sở of Sở Tư pháp

    def held(unit_id):
        return [db.execute(sql, {"u": unit_id}).fetchone()[0]
                for sql in ("SELECT count(*) FROM dossier_count WHERE unit_id = $u",
                            "SELECT count(*) FROM kpi_value WHERE unit_id = $u",
                            "SELECT count(*) FROM index_score WHERE unit_id = $u")]
    before_1, before_2 = held(1), held(2)
    assert before_1[1] > 0 and before_1[2] > 0
    merge_units(db, 2, 1)
    assert held(1) == [0, 0, 0]
    assert held(2) == [a + b for a, b in zip(before_1, before_2)]


def test_after_a_merge_no_table_still_names_the_merged_unit(db, fixtures_dir):
    """Every column that holds a unit id, in every table — so a table added later cannot be forgotten."""
    load(db, fixtures_dir, TU_PHAP_Q2)                                # "Sở Tư pháp" = unit 1
    load(db, fixtures_dir, OTHER_SPELLING_Q4)                         # "Sở Tư pháp Quảng Trị" = unit 2
    load(db, fixtures_dir / "plan", "kpi_values.xlsx")
    load(db, fixtures_dir / "scores", "good_par_cap_so.xlsx")
    relabel_linh_vuc(db, "Hộ tịch", "Hộ tịch - Quốc tịch", unit_id=1)    # the merged unit's own rename
    columns = db.execute("""
        SELECT table_name, column_name FROM information_schema.columns
        JOIN information_schema.tables USING (table_schema, table_name)
        WHERE table_type = 'BASE TABLE' AND (column_name LIKE '%unit_id' OR column_name = 'parent_id')
        ORDER BY ALL""").fetchall()
    assert ("linh_vuc_alias", "unit_id") in columns and ("plan_task", "lead_unit_id") in columns
    assert db.execute("SELECT count(*) FROM linh_vuc_alias WHERE unit_id = 1").fetchone()[0] == 1
    merge_units(db, keep_id=2, merge_id=1)
    # table and column names are identifiers: read through DuckDB's relation API, not a statement built here
    still = [(t, c) for t, c in columns if (1,) in db.table(t).select(duckdb.ColumnExpression(c)).fetchall()]
    assert still == []
    # the rename now belongs to the kept unit: its later files of the old spelling keep the new name
    assert db.execute("SELECT alias_key, unit_id, linh_vuc FROM linh_vuc_alias").fetchall() == [
        (match_key("Hộ tịch"), 2, "Hộ tịch - Quốc tịch")]


def test_a_later_file_writing_a_lĩnh_vực_with_other_capitals_follows_the_name_in_use(db, fixtures_dir):
    """Q4 writes "Lý lịch Tư pháp" where Q2 stored "Lý lịch tư pháp": one lĩnh vực, said at its cell, not two
    (two would also make the unit's Biểu 06 template list it twice, and the template would not load back)."""
    load(db, fixtures_dir, TU_PHAP_Q2)
    add_alias(db, 1, "Sở Tư pháp Quảng Trị")
    report = inspect(db, fixtures_dir, OTHER_SPELLING_Q4)
    assert [(i.where(), i.message) for i in report.issues if "chữ hoa" in i.message] == [
        ("Biểu 06!B15", "lĩnh vực \"Lý lịch Tư pháp\" sẽ được lưu là \"Lý lịch tư pháp\" (cách viết đơn vị đang "
                        "dùng, chỉ khác chữ hoa, chữ thường).")]
    load(db, fixtures_dir, OTHER_SPELLING_Q4)
    names = list(queries.run(db, "linh_vuc_directory", unit_id=None)["linh_vuc"])
    assert "Lý lịch tư pháp" in names and "Lý lịch Tư pháp" not in names and len(names) == len(set(names)) == 9


def test_where_a_unit_already_stores_two_capitalisations_a_file_keeps_its_own(db, fixtures_dir):
    """Two spellings in use (Q2 "Lý lịch tư pháp", Q4 "Lý lịch Tư pháp", merged into one unit): no name is
    chosen for a new file — it may be the correction, and V5 compares it with the adjacent period as written."""
    load(db, fixtures_dir, TU_PHAP_Q2)
    load(db, fixtures_dir, OTHER_SPELLING_Q4)
    merge_units(db, keep_id=1, merge_id=2)
    report = inspect(db, fixtures_dir, "store_tu_phap_q3_2025.xlsx")
    assert [i for i in report.issues if "chữ hoa" in i.message] == []
    assert "Lý lịch tư pháp" in [row["label"] for row in report.sheets[0].rows]
