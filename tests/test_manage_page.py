"""The "Quản lý dữ liệu" page run alone (AppTest) on a warehouse loaded from the fixtures."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

import queries
from loaders.backup import backup_bytes
from loaders.store import roll_back
from tests.sample_db import ROOT
from tests.test_directory import OTHER_SPELLING_Q4
from tests.test_loader_store import NOI_VU_Q2, load

PAGE = str(ROOT / "pages" / "manage.py")


@pytest.fixture
def page(tmp_path, monkeypatch, three_batches_master):
    """Batch 1 (Sở Tư pháp Q2) replaced by batch 2 (its correction), batch 3 (Sở Nội vụ Q2); the page run."""
    path = shutil.copyfile(three_batches_master, tmp_path / "manage.duckdb")
    monkeypatch.setenv("CCHC_DB", str(path))
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception and not at.error
    return at


def open_tab(at, label, *drawers):
    """Only the tab shown is computed and sent (frame/tabs.py): another tab is a click, i.e. a rerun, away; so is
    each form of the directory (`drawers`: the keys of the expanders to open)."""
    at.session_state["m_tab"] = label
    for key in drawers:
        at.session_state[key] = True
    return at.run()


def history(at):
    table = at.dataframe[0].value
    return list(zip(table["Lô"], table["Trạng thái"]))


def test_history_lists_every_batch_with_its_status_and_rows(page):
    assert [t.label for t in page.tabs] == ["Lịch sử nạp", "Danh mục đơn vị", "Lĩnh vực", "Xuất dữ liệu và sao lưu",
                                           "Cấu hình"]
    assert history(page) == [(3, "đang dùng"), (2, "đang dùng"), (1, "đã bị thay thế (bởi lô 2)")]
    first = page.dataframe[0].value.iloc[0]
    assert (first["Tệp"], first["Đơn vị"], first["Kỳ"], first["Số dòng"], first["Người nạp"]) == (
        NOI_VU_Q2, "Sở Nội vụ", "Quý II/2025", 2, "pytest")
    assert len(first["SHA-256"]) == 13 and first["SHA-256"].endswith("…")
    rows = page.dataframe[1].value                                     # batch 3, the newest, chosen by default
    assert list(rows["Lĩnh vực"]) == ["Công chức, viên chức", "Thi đua, khen thưởng"]
    assert list(rows["Tổng nhận"]) == ["54", "91"]                   # as shown (1.234 for larger)
    page.radio(key="h_status").set_value("replaced").run()
    assert history(page) == [(1, "đã bị thay thế (bởi lô 2)")]
    assert any("Lô này đã bị lô 2 thay thế. Muốn dùng lại lô này, hãy hoàn tác lô 2." in c.value for c in page.caption)
    assert "h_rollback" not in [b.key for b in page.button]          # only an active batch can be undone


def test_rollback_through_the_page_asks_first_then_restores_the_replaced_batch(page):
    page.selectbox(key="h_batch").set_value(2).run()
    page.button(key="h_rollback").click().run()
    assert history(page) == [(3, "đang dùng"), (2, "đang dùng"), (1, "đã bị thay thế (bởi lô 2)")]   # not yet
    question = page.warning[0].value
    assert question.startswith("Hoàn tác lô 2 (store_tu_phap_q2_2025_corrected.xlsx, Sở Tư pháp, Quý II/2025)? "
                               "9 dòng số liệu của lô sẽ không còn được tính. Lô 1 mà lô này đã thay thế")
    page.button(key="h_cancel").click().run()
    assert not page.warning and history(page)[1] == (2, "đang dùng")

    page.button(key="h_rollback").click().run()
    page.button(key="h_confirm").click().run()
    assert not page.exception
    assert page.success[0].value == "Đã hoàn tác lô 2; lô 1 được dùng lại."
    assert history(page) == [(3, "đang dùng"), (2, "đã hoàn tác"), (1, "đang dùng")]
    con = queries.connect(queries.db_path())
    assert con.execute("SELECT batch_id, status FROM load_batch ORDER BY 1").fetchall() == [
        (1, "active"), (2, "rolled_back"), (3, "active")]


def test_alias_added_through_the_page_then_a_file_so_written_loads_into_the_unit(page, fixtures_dir):
    open_tab(page, "Danh mục đơn vị", "u_x_alias")
    units = page.dataframe[0].value
    assert list(units["Tên đơn vị"]) == ["Sở Nội vụ", "Sở Tư pháp"]
    assert list(units["Cấp"]) == ["Sở/ban/ngành", "Sở/ban/ngành"]
    assert list(units["Số dòng số liệu"]) == [2, 18] and list(units["Dòng đang dùng"]) == [2, 9]
    page.selectbox(key="u_alias_unit").set_value(1)
    page.text_input(key="u_alias_text").input("Sở Tư pháp Quảng Trị").run()
    page.button(key="u_alias_add").click().run()
    assert not page.exception
    assert page.success[0].value == ("Đã thêm cách viết \"Sở Tư pháp Quảng Trị\" cho \"Sở Tư pháp\". Các tệp sau "
                                     "này ghi tên đơn vị như vậy sẽ được nạp vào đơn vị này.")
    assert page.dataframe[0].value.iloc[1]["Các cách viết trong tệp"] == (
        "Sở Tư pháp Quảng Trị; Sở Tư pháp tỉnh Quảng Trị")
    assert page.text_input(key="u_alias_text").value == ""
    con = queries.connect(queries.db_path())
    load(con, fixtures_dir, OTHER_SPELLING_Q4)
    assert con.execute("SELECT DISTINCT unit_id FROM dossier_count WHERE batch_id = 4").fetchall() == [(1,)]


def test_alias_of_another_unit_refused_on_the_page(page):
    open_tab(page, "Danh mục đơn vị", "u_x_alias")
    page.selectbox(key="u_alias_unit").set_value(2)
    page.text_input(key="u_alias_text").input("Sở Tư pháp tỉnh Quảng Trị").run()
    page.button(key="u_alias_add").click().run()
    assert page.error[0].value.startswith("Cách viết \"Sở Tư pháp tỉnh Quảng Trị\" đã được dùng cho đơn vị "
                                          "\"Sở Tư pháp\"")


def test_merge_refused_and_level_changed_on_the_page(page):
    open_tab(page, "Danh mục đơn vị", "u_x_merge", "u_x_level")
    page.selectbox(key="u_merge_keep").set_value(1).run()
    assert page.selectbox(key="u_merge_from").value == 2
    assert page.button(key="u_merge").disabled                        # not before the confirmation
    page.checkbox(key="u_merge_ok").check().run()
    page.button(key="u_merge").click().run()
    assert page.error[0].value.startswith("Không gộp được \"Sở Nội vụ\" vào \"Sở Tư pháp\": cả hai đơn vị đều có "
                                          "số liệu cho cùng kỳ Quý II/2025 (lô 1, 2 và lô 3).")
    page.selectbox(key="u_level_unit").set_value(2).run()
    page.selectbox(key="u_level_value_2").set_value("don_vi").run()
    page.button(key="u_level_save").click().run()
    assert page.success[0].value == "Đã đổi cấp của \"Sở Nội vụ\" thành Đơn vị khác."
    assert list(page.dataframe[0].value["Cấp"]) == ["Sở/ban/ngành", "Đơn vị khác"]


def test_linh_vuc_renamed_on_the_page(page):
    open_tab(page, "Lĩnh vực")
    page.selectbox(key="l_scope").set_value(2).run()
    assert list(page.dataframe[0].value["Lĩnh vực"]) == ["Công chức, viên chức", "Thi đua, khen thưởng"]
    page.selectbox(key="l_old").set_value("Thi đua, khen thưởng")
    page.text_input(key="l_new").input("Thi đua - Khen thưởng").run()
    assert any(c.value == "\"Thi đua - Khen thưởng\" là tên mới: lĩnh vực được đổi tên." for c in page.caption)
    page.button(key="l_apply").click().run()
    assert page.success[0].value == ("Đã đổi tên lĩnh vực \"Thi đua, khen thưởng\" thành \"Thi đua - Khen thưởng\" "
                                     "(\"Sở Nội vụ\"): 1 dòng số liệu.")
    assert list(page.dataframe[0].value["Lĩnh vực"]) == ["Công chức, viên chức", "Thi đua - Khen thưởng"]


def test_exports_and_backup_offered(page):
    open_tab(page, "Xuất dữ liệu và sao lưu")
    assert [b.label for b in page.get("download_button")] == [
        "Tải Excel (.xlsx)", "Tải Parquet (.zip)", "Tải bản sao lưu (.duckdb)"]


def test_restore_through_the_page_checks_the_file_then_brings_the_backup_back(page, tmp_path):
    con = queries.connect(queries.db_path())
    data = backup_bytes(con)                                            # batches 1 (replaced), 2, 3
    roll_back(con, 3)
    con.close()
    page.run()
    assert history(page)[0] == (3, "đã hoàn tác")

    open_tab(page, "Xuất dữ liệu và sao lưu")
    page.file_uploader(key="b_upload_0").set_value(("khong-phai.duckdb", b"PK\x03\x04 not a database",
                                                    "application/octet-stream")).run()
    assert page.error[0].value.startswith("Tệp khong-phai.duckdb không phải cơ sở dữ liệu DuckDB đọc được")
    assert "b_restore" not in [b.key for b in page.button]

    page.file_uploader(key="b_upload_0").set_value(("sao-luu.duckdb", data, "application/octet-stream")).run()
    compared = page.table[0].value
    assert list(compared.loc["Số lô đã nạp"]) == ["3", "3"]
    assert list(compared.loc["Lô đang dùng"]) == ["2", "1"]               # the backup, what is in use now
    assert page.button(key="b_restore").disabled
    page.checkbox(key="b_confirm").check().run()
    page.button(key="b_restore").click().run()
    assert not page.exception
    message = page.success[0].value
    assert message.startswith("Đã khôi phục dữ liệu từ sao-luu.duckdb: 3 lô, 20 dòng số liệu (Quý II/2025 – "
                              "Quý II/2025). Tệp dữ liệu trước khi khôi phục được giữ lại: "
                              "manage.duckdb.truoc-khoi-phuc-")
    open_tab(page, "Lịch sử nạp")
    assert history(page) == [(3, "đang dùng"), (2, "đang dùng"), (1, "đã bị thay thế (bởi lô 2)")]
    kept = [p.name for p in tmp_path.iterdir() if ".truoc-khoi-phuc-" in p.name]
    assert len(kept) == 1 and message.endswith(f"{kept[0]}.")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_alias_without_a_chosen_unit_is_refused_in_one_click(page):
    open_tab(page, "Danh mục đơn vị", "u_x_alias")
    page.text_input(key="u_alias_text").input("Sở Tư pháp Quảng Trị")
    page.button(key="u_alias_add").click().run()      # typed and clicked at once: one click is enough
    assert not page.exception
    assert page.error[0].value == "Hãy chọn đơn vị đúng trước khi thêm cách viết."


def test_typing_a_batch_number_finds_that_batch_only(sample_db):
    """The history is read a page of 100 at a time and searched in SQL (a national warehouse holds 163.200
    batches). The search keeps "contains" (lower case, the typed text inside the line), not a fuzzy ranking, which
    put Lô 204 first for "Lô 205"; a typed batch number lists that batch first. The sample holds 217 batches."""
    from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

    con = queries.connect(sample_db)      # the whole history, read before the page opens the file
    try:
        every = queries.run(con, "batch_history", kind=None, status=None)
    finally:
        con.close()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    picker = at.selectbox(key="h_batch")
    assert picker.proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_CONTAINS

    def shown():
        return [label.split(" · ")[0] for label in at.selectbox(key="h_batch").options]

    # + 3: the communes' two roll-ups and the unit directory (issue 19); the sample's dossier lists come last
    total = 203 + 3 + 11
    assert shown() == [f"Lô {n}" for n in range(total, total - 100, -1)]          # page 1 of 3, newest first
    assert len(at.dataframe[0].value) == 100
    assert any(c.value == f"Trang 1/3 — dòng 1–100 trong {total} lô, mới nhất trước" for c in at.caption)
    at.number_input(key="h_page").set_value(3).run()
    assert shown() == [f"Lô {n}" for n in range(17, 0, -1)]                       # 217 − 200 on the last page
    at.text_input(key="h_search").input("Lô 195").run()
    assert shown() == ["Lô 195"] and "h_page" not in [w.key for w in at.number_input]   # one page: no picker
    at.text_input(key="h_search").input("Lô 19").run()
    assert shown() == ["Lô 19", "Lô 199", "Lô 198", "Lô 197", "Lô 196", "Lô 195", "Lô 194", "Lô 193", "Lô 192",
                       "Lô 191", "Lô 190"]
    assert at.selectbox(key="h_batch").value == 19                 # the typed number is the batch shown below
    # the reference tables are about no period: said, not left empty
    assert next(o for o in at.selectbox(key="h_batch").options if o.startswith("Lô 194 ·")).endswith(" · không theo kỳ")
    # a unit's name finds the batches reporting on it: as many as the whole history lists with that unit
    with_unit = every[every["units"].fillna("").str.contains("Sở Nội vụ") | every["file_name"].str.contains("Sở Nội vụ")]
    assert 0 < len(with_unit) < 100
    at.text_input(key="h_search").input("sở nội vụ").run()
    assert shown() == [f"Lô {n}" for n in with_unit["batch_id"]]
    at.text_input(key="h_search").input("không có lô này").run()
    assert at.info[0].value == "Không có lô nào khớp với \"không có lô này\"."


def test_the_unit_directory_shows_a_hundred_units_a_page(sample_db):
    """The sample's directory (departments, communes, the province…) read whole, shown 100 a page in its order."""
    con = queries.connect(sample_db)
    try:
        every = list(queries.run(con, "unit_directory")["name"])
    finally:
        con.close()
    assert len(every) > 100
    pages = -(-len(every) // 100)
    at = open_tab(AppTest.from_file(PAGE, default_timeout=60), "Danh mục đơn vị")
    table = next(d.value for d in at.dataframe if "Tên đơn vị" in d.value.columns)
    assert list(table["Tên đơn vị"]) == every[:100]
    assert any(c.value == f"Trang 1/{pages} — dòng 1–100 trong {len(every)} đơn vị, theo cấp rồi theo tên"
               for c in at.caption)
    at.number_input(key="u_page").set_value(2).run()
    table = next(d.value for d in at.dataframe if "Tên đơn vị" in d.value.columns)
    assert list(table["Tên đơn vị"]) == every[100:200]


def test_only_the_tab_shown_is_computed_and_its_choices_are_kept(sample_db):
    """The history alone on the first visit (at national scale the other tabs held six pickers of 4.281 units and
    the directory's queries); a page of the directory and a lĩnh vực's unit chosen stay chosen across other tabs."""
    con = queries.connect(sample_db)
    try:
        units = queries.run(con, "unit_directory")
    finally:
        con.close()
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert [t.label for t in at.tabs][0] == "Lịch sử nạp"
    assert [d.value.columns[0] for d in at.dataframe] == ["Lô", "Dòng"]       # the history and its batch
    assert not [w for w in at.selectbox if w.key.startswith(("u_", "l_", "s_"))]
    open_tab(at, "Danh mục đơn vị")
    at.number_input(key="u_page").set_value(2).run()
    second = list(next(d.value for d in at.dataframe if "Tên đơn vị" in d.value.columns)["Tên đơn vị"])
    assert second == list(units["name"])[100:200]
    open_tab(at, "Lĩnh vực")
    unit = int(units["unit_id"].iloc[0])
    at.selectbox(key="l_scope").set_value(unit).run()
    open_tab(at, "Lịch sử nạp")
    with pytest.raises(KeyError):                   # not drawn while their tab is hidden…
        at.number_input(key="u_page")
    open_tab(at, "Danh mục đơn vị")
    assert not at.exception
    assert at.number_input(key="u_page").value == 2                 # …and still as chosen
    assert list(next(d.value for d in at.dataframe if "Tên đơn vị" in d.value.columns)["Tên đơn vị"]) == second
    open_tab(at, "Lĩnh vực")
    assert at.selectbox(key="l_scope").value == unit


def test_a_backup_chosen_for_restore_is_kept_while_another_tab_is_shown(page):
    """A file uploader forgets its file in a run that does not draw it: the backups' tab is drawn (hidden) while
    a file waits there, so a look at the history does not drop the backup chosen."""
    con = queries.connect(queries.db_path())
    data = backup_bytes(con)
    con.close()
    open_tab(page, "Xuất dữ liệu và sao lưu")
    page.file_uploader(key="b_upload_0").set_value(("sao-luu.duckdb", data, "application/octet-stream")).run()
    assert list(page.table[0].value.loc["Số lô đã nạp"]) == ["3", "3"]
    open_tab(page, "Lịch sử nạp")
    assert history(page)[0] == (3, "đang dùng")
    open_tab(page, "Xuất dữ liệu và sao lưu")
    assert not page.exception
    assert list(page.table[0].value.loc["Số lô đã nạp"]) == ["3", "3"]        # the same file, still there
    assert page.button(key="b_restore").disabled                              # and not yet confirmed


def test_the_directory_forms_are_sent_only_while_open(page):
    """Closed, a form of the directory sends nothing but its title (at national scale each held pickers of 4.281
    units); opened, it is there, and a choice made in it is kept while it is closed again."""
    open_tab(page, "Danh mục đơn vị")
    assert [e.label for e in page.expander] == ["Thêm cách viết tên cho một đơn vị",
                                                "Gộp hai cách viết thành một đơn vị", "Đổi cấp đơn vị",
                                                "Ghi nhận sáp nhập (đơn vị cũ → đơn vị mới)"]
    assert not page.selectbox and not page.get("button")
    open_tab(page, "Danh mục đơn vị", "u_x_level")
    assert [w.key for w in page.selectbox] == ["u_level_unit", "u_level_value_2"]     # Sở Nội vụ first
    page.selectbox(key="u_level_unit").set_value(1).run()
    page.session_state["u_x_level"] = False
    page.run()
    assert not page.selectbox
    open_tab(page, "Danh mục đơn vị", "u_x_level")
    assert page.selectbox(key="u_level_unit").value == 1
