"""Quản lý dữ liệu: load history and rollback, the unit directory and lĩnh vực names, exports, backup/restore.

Every write runs in a button's callback, before the page is drawn again, so the tables below always show
the result; its outcome is kept in the session and shown in the section it belongs to. Each write checks the
account of the session on the server (`accounts.require`, or the `by=` of the write function) whatever the
page showed: a page drawn before the account's role was lowered cannot write with its old buttons. Controls
an account may not use are not drawn.
"""

import logging

import streamlit as st

import accounts
import dashboard
import queries
from charts import manage as views
from vocabulary.numbers import number
from charts.uploader_text import uploader_style
from loaders import backup, directory, province
from loaders.store import CannotRollBack, roll_back
from vocabulary.clock import vietnam_now
from reports import export
from vocabulary.dates import DAY
from vocabulary.units import DEPARTMENT_MERGER

log = logging.getLogger("cchc")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAB_KEY = "m_tab"
# Only the tab shown is computed and sent (frame/tabs.py): at national scale the other four held six pickers of
# 4.281 units and the directory's queries, and a cold first visit took 3,5–5,9 s (bench/RESULTS.md). The values
# typed or chosen in a tab are kept while another is shown; buttons never (Streamlit refuses to set them).
TAB_CHOICES = ("h_status", "h_search", "h_page", "h_batch", "u_page", "u_alias_unit", "u_alias_text", "u_merge_",
               "u_level_unit", "u_level_value_", "u_lin_old", "u_lin_new", "u_lin_date", "u_lin_share",
               "u_lin_delete", "l_scope", "l_old", "l_new", "s_home")
REFUSALS = (CannotRollBack, directory.DirectoryRefused, province.SettingRefused, backup.InvalidBackup, export.TooLargeForExcel, accounts.NotAllowed)


def _flash(section: str):
    """The outcome of the last action of a section, shown once."""
    found = st.session_state.pop(f"flash_{section}", None)
    if found:
        kind, text = found
        (st.success if kind == "ok" else st.error)(text, icon=":material/check_circle:" if kind == "ok" else None)


def _act(section: str, work, *args):
    """Run a write (a button's callback), keep its message for the section; a refusal says why, nothing else
    leaks (callbacks run outside `dashboard.guarded`)."""
    try:
        text = work(*args)
        st.session_state[f"flash_{section}"] = ("ok", text)
    except REFUSALS as exc:
        st.session_state[f"flash_{section}"] = ("error", str(exc))
    except (queries.DatabaseBusy, queries.DatabaseDamaged) as exc:
        st.session_state[f"flash_{section}"] = ("error", str(exc))
    except Exception:
        log.exception("data management action failed")
        st.session_state[f"flash_{section}"] = (
            "error", "Không thực hiện được thao tác; dữ liệu không thay đổi. Hãy tải lại trang và thử lại; nếu lỗi "
                     "lặp lại, báo cho quản trị viên kèm thời điểm xảy ra lỗi.")
    st.cache_data.clear()


# ---------------------------------------------------------------------------------------------------------
# Lịch sử nạp
# ---------------------------------------------------------------------------------------------------------

def _ask_rollback(batch_id: int):
    st.session_state["rollback_pending"] = batch_id


def _cancel_rollback():
    st.session_state.pop("rollback_pending", None)


def _roll_back(batch_id: int) -> str:
    st.session_state.pop("rollback_pending", None)
    accounts.require(dashboard.current_account(), "rollback")
    restored = roll_back(dashboard.cursor(), batch_id, by=dashboard.current_account())
    return views.rollback_message(batch_id, restored)


def history_section(cur):
    _flash("history")
    a, b = st.columns([3, 2], vertical_alignment="bottom")
    status = a.radio("Trạng thái", options=list(views.STATUS_FILTER), format_func=views.STATUS_FILTER.get,
                     horizontal=True, key="h_status")
    search = b.text_input("Tìm lô", key="h_search", placeholder="Số lô, tên tệp, kỳ hoặc đơn vị").strip() or None
    # A page of the history at a time, searched in SQL: a national warehouse holds 163.200 batches, and reading
    # them all took 6 s a run (bench/RESULTS.md, "pages").
    wanted = {"kind": None, "status": None if status == "all" else status, "search": search}
    total = int(dashboard.query(cur, "batch_history_count", **wanted)["batches"].iloc[0])
    if not total:
        st.info(views.no_batch_text(status, search))
        return
    pages = views.page_count(total)
    if st.session_state.get("h_page", 1) > pages:         # fewer pages after a new search: the last one
        st.session_state["h_page"] = pages
    page = 1
    if pages > 1:
        a, b = st.columns([1, 4], vertical_alignment="bottom")
        page = a.number_input("Trang", min_value=1, max_value=pages, step=1, key="h_page")
        b.caption(views.page_caption(page, pages, total))
    history = dashboard.query(cur, "batch_history_page", **wanted, limit=views.HISTORY_PAGE,
                              offset=(page - 1) * views.HISTORY_PAGE)
    st.dataframe(views.history_table(history), hide_index=True, width="stretch", height=300)
    choices = views.batch_choice(history)
    if st.session_state.get("_h_batch_search", "") != (search or ""):    # a new search shows its first batch
        st.session_state["_h_batch_search"] = search or ""
        st.session_state.pop("h_batch", None)
    # "contains", not the default fuzzy ranking: typing "Lô 205" put Lô 204 first (one click from its rollback)
    batch_id = st.selectbox("Xem chi tiết lô", options=list(choices), format_func=choices.get, key="h_batch",
                            filter_mode="contains", placeholder="Gõ số lô, tên tệp hoặc đơn vị để tìm")
    batch = views.batch_record(history, batch_id)
    rows = queries.run(cur, views.rows_query(batch["kind"]), batch_id=batch_id)
    st.caption(f"Lô {batch_id} — **{batch['status_label']}** — {number(len(rows))} dòng số liệu đã lưu, theo thứ tự "
               "trong tệp gốc:")
    st.dataframe(views.batch_rows_table(rows, batch["kind"]), hide_index=True, width="stretch", height=min(420, 38 + 35 * len(rows)))
    if batch["status"] != "active":
        st.caption(f":material/info: {views.not_undoable(batch)}")
    elif not accounts.allowed(dashboard.current_account(), "rollback"):
        st.caption(f":material/lock: {views.ROLE_NOTE}")
    elif st.session_state.get("rollback_pending") == batch_id:
        st.warning(views.rollback_question(batch), icon=":material/undo:")
        buttons = st.container(horizontal=True)
        buttons.button("Xác nhận hoàn tác", type="primary", key="h_confirm", on_click=_act,
                    args=("history", _roll_back, batch_id))
        buttons.button("Hủy", key="h_cancel", on_click=_cancel_rollback)
    else:
        st.button("Hoàn tác lô này", icon=":material/undo:", key="h_rollback",
                  on_click=_ask_rollback, args=(batch_id,))


# ---------------------------------------------------------------------------------------------------------
# Danh mục đơn vị
# ---------------------------------------------------------------------------------------------------------

def _add_alias() -> str:
    if st.session_state.get("u_alias_unit") is None:
        raise directory.DirectoryRefused("Hãy chọn đơn vị đúng trước khi thêm cách viết.")
    done = directory.add_alias(dashboard.cursor(), st.session_state["u_alias_unit"], st.session_state["u_alias_text"],
                               by=dashboard.current_account())
    st.session_state["u_alias_text"] = ""
    return views.alias_message(done)


def _merge() -> str:
    done = directory.merge_units(dashboard.cursor(), st.session_state["u_merge_keep"],
                                 st.session_state["u_merge_from"], by=dashboard.current_account())
    st.session_state["u_merge_ok"] = False
    return views.merge_message(done)


def _set_level(unit_id: int) -> str:
    level = st.session_state[f"u_level_value_{unit_id}"]
    name = directory.set_level(dashboard.cursor(), unit_id, level, by=dashboard.current_account())
    return f"Đã đổi cấp của \"{name}\" thành {views.level_label(level)}."


def _record_lineage() -> str:
    percent = st.session_state["u_lin_share"]
    old, new = directory.record_lineage(dashboard.cursor(), st.session_state["u_lin_old"],
                                        st.session_state["u_lin_new"], st.session_state["u_lin_date"],
                                        share=None if percent >= 100 else percent / 100, by=dashboard.current_account())
    return (f"Đã ghi nhận \"{old}\" sáp nhập vào \"{new}\" từ ngày "
            f"{st.session_state['u_lin_date']:{DAY}}.")


def _delete_lineage() -> str:
    old, new = st.session_state["u_lin_delete"]
    directory.delete_lineage(dashboard.cursor(), old, new, by=dashboard.current_account())
    return "Đã xóa liên kết sáp nhập."


def units_section(cur):
    _flash("units")
    units = dashboard.query(cur, "unit_directory")
    if units.empty:
        st.info("Danh mục đơn vị còn trống: đơn vị được thêm khi nạp báo cáo.")
        return
    # a page of 100 at a time: the table is rendered cell by cell (a Styler keeps the numbers sortable and written
    # 1.234), and the 4.281 units of a national warehouse took 4,7 s of a 6 s run
    pages = views.page_count(len(units))
    if st.session_state.get("u_page", 1) > pages:          # fewer units after a merge: the last page
        st.session_state["u_page"] = pages
    page = 1
    if pages > 1:
        a, b = st.columns([1, 4], vertical_alignment="bottom")
        page = a.number_input("Trang", min_value=1, max_value=pages, step=1, key="u_page")
        b.caption(views.page_caption(page, pages, len(units), views.UNITS_ORDER))
    st.dataframe(views.units_table(views.page_of(units, page)), hide_index=True, width="stretch")
    if not accounts.allowed(dashboard.current_account(), "edit_directory"):
        st.caption(f":material/lock: {views.ROLE_NOTE}")
        return
    names = views.unit_names(units)
    ids = list(names)
    # Each form is computed and sent only while its drawer is open: at national scale each held one or two pickers
    # of 4.281 units (about 115 kB each), sent even when closed. Opening one is a rerun, as a tab is.
    _drawer("Thêm cách viết tên cho một đơn vị", ":material/edit_note:", "u_x_alias", _alias_form, names)
    if len(ids) > 1:
        _drawer("Gộp hai cách viết thành một đơn vị", ":material/merge:", "u_x_merge", _merge_form, units, names)
    _drawer("Đổi cấp đơn vị", ":material/account_tree:", "u_x_level", _level_form, units, names)
    lineage = dashboard.query(cur, "lineage_list")
    _drawer("Ghi nhận sáp nhập (đơn vị cũ → đơn vị mới)", ":material/call_merge:", "u_x_lineage", _lineage_form,
            names, lineage, expanded=not lineage.empty)


def _drawer(label: str, icon: str, key: str, form, *args, expanded: bool = False):
    box = st.expander(label, icon=icon, expanded=expanded, key=key, on_change="rerun")
    if box.open:
        with box:
            form(*args)


def _alias_form(names: dict):
    st.caption("Khi một tệp ghi tên đơn vị khác đi (viết tắt, thiếu chữ \"tỉnh\"…), thêm cách viết đó vào đơn vị "
               "đúng: các tệp sau này sẽ được nạp vào đơn vị này thay vì tạo đơn vị mới. So sánh không phân "
               "biệt hoa thường, dấu và khoảng trắng.")
    a, b = st.columns(2)
    a.selectbox("Đơn vị", options=list(names), format_func=names.get, key="u_alias_unit", index=None,
                placeholder="Chọn đơn vị đúng")
    b.text_input("Cách viết trong tệp", key="u_alias_text", placeholder="VD: Sở Tư pháp Quảng Trị")
    # not disabled while the box is empty: the text is committed by the click itself (one click, not two)
    st.button("Thêm cách viết", key="u_alias_add", on_click=_act, args=("units", _add_alias))


def _merge_form(units, names: dict):
    st.caption("Dùng khi cùng một đơn vị bị lưu thành hai đơn vị do tên viết khác nhau. Số liệu và các cách "
               "viết của đơn vị thứ hai chuyển sang đơn vị thứ nhất, rồi đơn vị thứ hai bị xóa khỏi danh "
               "mục. Không gộp được nếu hai đơn vị cùng có số liệu của một kỳ (sẽ tính trùng). Hai đơn vị "
               "khác nhau được sáp nhập thì dùng mục \"Ghi nhận sáp nhập\".")
    a, b = st.columns(2)
    keep = a.selectbox("Đơn vị giữ lại", options=list(names), format_func=names.get, key="u_merge_keep")
    others = [u for u in names if u != keep]
    if st.session_state.get("u_merge_from") not in others:
        st.session_state["u_merge_from"] = others[0]
    merged = b.selectbox("Đơn vị gộp vào (sẽ bị xóa khỏi danh mục)", options=others, format_func=names.get,
                         key="u_merge_from")
    st.markdown(f"- Giữ lại: {views.unit_preview(units, keep)}\n- Gộp vào: {views.unit_preview(units, merged)}")
    confirmed = st.checkbox(f"Tôi xác nhận \"{names[merged]}\" và \"{names[keep]}\" là một đơn vị.",
                            key="u_merge_ok")
    st.button("Gộp hai đơn vị", type="primary", key="u_merge", disabled=not confirmed, on_click=_act,
              args=("units", _merge))


def _level_form(units, names: dict):
    a, b = st.columns(2)
    unit_id = a.selectbox("Đơn vị", options=list(names), format_func=names.get, key="u_level_unit")
    current = views.unit_levels(units)[unit_id]
    b.selectbox("Cấp", options=list(directory.LEVELS), format_func=views.level_label,
                index=list(directory.LEVELS).index(current) if current in directory.LEVELS else 0,
                key=f"u_level_value_{unit_id}")
    st.button("Lưu cấp", key="u_level_save", on_click=_act, args=("units", _set_level, unit_id))


def _lineage_form(names: dict, lineage):
    ids = list(names)
    st.caption(views.LINEAGE_NOTE)
    a, b, c, d = st.columns([3, 3, 2, 2])
    a.selectbox("Đơn vị cũ", options=ids, format_func=names.get, key="u_lin_old")
    b.selectbox("Đơn vị mới (tiếp nhận)", options=ids, format_func=names.get, key="u_lin_new",
                index=min(1, len(ids) - 1))
    c.date_input("Có hiệu lực từ", value=DEPARTMENT_MERGER, format="DD/MM/YYYY", key="u_lin_date")
    d.number_input("Tỷ lệ chuyển sang (%)", min_value=1, max_value=100, value=100, step=1, key="u_lin_share",
                   help="100 % khi toàn bộ đơn vị cũ chuyển sang đơn vị mới; nhỏ hơn khi đơn vị cũ bị chia.")
    st.button("Ghi nhận sáp nhập", key="u_lin_add", on_click=_act, args=("units", _record_lineage))
    if not lineage.empty:
        st.dataframe(views.lineage_table(lineage), hide_index=True, width="stretch")
        links = views.lineage_choice(lineage)
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        a.selectbox("Liên kết ghi nhầm", options=list(links), format_func=links.get, key="u_lin_delete")
        b.button("Xóa liên kết", key="u_lin_remove", on_click=_act, args=("units", _delete_lineage))


# ---------------------------------------------------------------------------------------------------------
# Lĩnh vực
# ---------------------------------------------------------------------------------------------------------

def _relabel() -> str:
    done = directory.relabel_linh_vuc(dashboard.cursor(), st.session_state["l_old"], st.session_state["l_new"],
                                      unit_id=st.session_state.get("l_scope"), by=dashboard.current_account())
    st.session_state["l_new"] = ""
    return views.relabel_message(done)


def linh_vuc_section(cur):
    _flash("linh_vuc")
    units = dashboard.query(cur, "unit_directory")
    names = views.unit_names(units)
    scope = st.selectbox("Đơn vị", options=[None] + list(names), key="l_scope",
                         format_func=lambda u: "Tất cả đơn vị" if u is None else names[u])
    fields = dashboard.query(cur, "linh_vuc_directory", unit_id=scope)
    if fields.empty:
        st.info("Chưa có số liệu theo lĩnh vực.")
        return
    st.dataframe(views.linh_vuc_table(fields), hide_index=True, width="stretch", height=320)
    if not accounts.allowed(dashboard.current_account(), "edit_directory"):
        st.caption(f":material/lock: {views.ROLE_NOTE}")
        return
    st.markdown("**Đổi tên hoặc gộp cách viết lĩnh vực**")
    st.caption("Đổi nhãn lĩnh vực của các dòng đã lưu (mọi lô, kể cả lịch sử) cho đơn vị đang chọn ở trên hoặc tất "
               "cả đơn vị. Gõ đúng tên một lĩnh vực đã có để gộp hai cách viết. Không thực hiện được nếu một báo cáo "
               "có cả hai tên cho cùng đơn vị và kỳ. Tệp nạp sau này vẫn giữ cách viết của tệp.")
    a, b = st.columns(2)
    a.selectbox("Lĩnh vực cần đổi", options=list(fields["linh_vuc"]), key="l_old")
    new = b.text_input("Tên đúng", key="l_new", placeholder="VD: Lý lịch tư pháp")
    note = views.linh_vuc_target_note(fields, new.strip() if new else None)
    if note:
        st.caption(note)
    st.button("Đổi tên / gộp lĩnh vực", key="l_apply", on_click=_act, args=("linh_vuc", _relabel))


# ---------------------------------------------------------------------------------------------------------
# Xuất dữ liệu và sao lưu
# ---------------------------------------------------------------------------------------------------------

def _restore() -> str:
    uploaded = st.session_state[_upload_key()]
    done = backup.restore(queries.db_path(), uploaded.getvalue(), uploaded.name,
                          close_connection=dashboard.reset_connection, by=dashboard.current_account())
    st.session_state["b_upload_round"] = st.session_state.get("b_upload_round", 0) + 1
    st.session_state.pop("b_checked", None)
    return views.restore_message(uploaded.name, done)


def _upload_key() -> str:
    return f"b_upload_{st.session_state.get('b_upload_round', 0)}"


def export_section(cur):
    _flash("backup")
    stamp = f"{vietnam_now():%Y%m%d-%H%M}"
    account = dashboard.current_account()
    if not accounts.allowed(account, "export_all"):
        st.caption(f":material/lock: {views.SCOPED_EXPORT_NOTE}")
        return
    st.markdown("**Xuất toàn bộ dữ liệu**")
    st.caption("Mọi bảng của kho dữ liệu (lô nạp, danh mục đơn vị, số liệu hồ sơ, điểm chỉ số, KPI, mục tiêu, nhiệm vụ "
               "kế hoạch…), mọi lô kể cả lô đã thay thế hoặc đã hoàn tác, với tên bảng và tên cột gốc của kho — để mở "
               "bằng Excel, Power BI, Python hoặc R. Excel: một trang tính mỗi bảng; Parquet: một tệp mỗi bảng trong "
               "tệp .zip.")
    row = st.container(horizontal=True)
    row.download_button("Tải Excel (.xlsx)", data=lambda: export.workbook_bytes(dashboard.cursor()), file_name=f"cchc-du-lieu-{stamp}.xlsx",
                      mime=XLSX, key="b_xlsx", on_click="ignore", icon=":material/table_view:")
    row.download_button("Tải Parquet (.zip)", data=lambda: export.parquet_zip_bytes(dashboard.cursor()),
                      file_name=f"cchc-du-lieu-{stamp}-parquet.zip", mime="application/zip", key="b_parquet",
                      on_click="ignore", icon=":material/folder_zip:")

    st.markdown("**Sao lưu cơ sở dữ liệu**")
    st.caption("Một bản sao đầy đủ và nhất quán của tệp cơ sở dữ liệu (DuckDB), tạo ngay cả khi đang có người dùng "
               "dashboard. Giữ bản sao lưu ở nơi an toàn; có thể khôi phục lại bên dưới.")
    if not accounts.allowed(account, "backup"):
        st.caption(f":material/lock: {views.BACKUP_ROLE_NOTE}")
        return
    st.download_button("Tải bản sao lưu (.duckdb)", data=lambda: backup.backup_bytes(dashboard.cursor(), by=account),
                       file_name=f"cchc-sao-luu-{stamp}.duckdb", mime="application/octet-stream", key="b_backup",
                       on_click="ignore", icon=":material/backup:")

    st.markdown("**Khôi phục từ bản sao lưu**")
    st.caption("Thay toàn bộ dữ liệu hiện tại bằng một bản sao lưu. Tệp được kiểm tra trước; nếu không hợp lệ thì "
               "không có gì thay đổi. Tệp dữ liệu đang dùng được giữ lại bên cạnh (tên kết thúc bằng "
               "\"truoc-khoi-phuc-<ngày giờ>\") để có thể lấy lại.")
    st.html(uploader_style(1024, ".duckdb"))
    uploaded = st.file_uploader("Chọn tệp sao lưu (.duckdb)", type=["duckdb"], key=_upload_key(), max_upload_size=1024)
    if uploaded is None:
        return
    checked = st.session_state.get("b_checked")
    if not checked or checked[0] != uploaded.file_id:
        try:
            checked = (uploaded.file_id, backup.check_backup_bytes(uploaded.getvalue(), uploaded.name, by=account),
                       None)
        except (backup.InvalidBackup, accounts.NotAllowed) as exc:
            checked = (uploaded.file_id, None, str(exc))
        st.session_state["b_checked"] = checked
    _, summary, problem = checked
    if problem:
        st.error(problem)
        return
    st.table(views.summary_table({"Bản sao lưu (tệp tải lên)": summary, "Dữ liệu đang dùng": backup.summary_of(cur)}))
    confirmed = st.checkbox("Tôi hiểu toàn bộ dữ liệu hiện tại sẽ được thay bằng bản sao lưu này.", key="b_confirm")
    st.button("Khôi phục", type="primary", key="b_restore", disabled=not confirmed, on_click=_act,
              args=("backup", _restore), icon=":material/settings_backup_restore:")


# ---------------------------------------------------------------------------------------------------------
# Cấu hình
# ---------------------------------------------------------------------------------------------------------

def _set_home() -> str:
    chosen = province.set_home_province(dashboard.cursor(), st.session_state["s_home"], by=dashboard.current_account())
    return f"Đã đặt tỉnh theo dõi: {chosen}."


def settings_section(cur):
    _flash("settings")
    found = province.home_setting(cur)
    st.markdown(views.home_setting_text(found))
    if not accounts.allowed(dashboard.current_account(), "edit_settings"):
        st.caption(":material/lock: Chỉ quản trị viên đổi được cấu hình.")
        return
    options = province.current_provinces()
    current = found[0] if found else None
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    a.selectbox("Tỉnh theo dõi", options=options, key="s_home",
                index=options.index(current) if current in options else None, placeholder="Chọn tỉnh, thành phố")
    b.button("Lưu", key="s_save_home", on_click=_act, args=("settings", _set_home))


def render():
    st.title("Quản lý dữ liệu")
    accounts.require(dashboard.current_account(), "browse_all")     # every unit's batches: not for a scoped viewer
    cur = dashboard.cursor()
    history, units, fields, backups, config = dashboard.lazy_tabs(
        ["Lịch sử nạp", "Danh mục đơn vị", "Lĩnh vực", "Xuất dữ liệu và sao lưu", "Cấu hình"], TAB_KEY,
        keep=TAB_CHOICES)
    shown = dashboard.tab_shown
    if shown(history):
        with history:
            dashboard.demo_removal(cur, "manage")
            history_section(cur)
    if shown(units):
        with units:
            units_section(cur)
    if shown(fields):
        with fields:
            linh_vuc_section(cur)
    # a backup chosen in the uploader, not yet restored, would be dropped by a run that does not draw it
    if shown(backups) or st.session_state.get(_upload_key()) is not None:
        with backups:
            export_section(cur)
    if shown(config):
        with config:
            settings_section(cur)


dashboard.guarded(render)
