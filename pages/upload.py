"""Nạp dữ liệu: upload reports, review every issue by cell, confirm period and unit, load, see the result."""

from datetime import date

import streamlit as st

import accounts
import dashboard
import queries
from charts import upload as review
from charts.uploader_text import uploader_style
from loaders import kinds, province
from loaders.periods import parse_user_period
from vocabulary.periods import quarter_of
from loaders.pipeline import commit_file, inspect_file
from loaders.workbook import limits
from reports import data_templates, plan_templates
from reports.score_template import score_template
from reports.unit_template import unit_list_template
from reports.templates import dossier_template
from vocabulary.clock import vietnam_today

CACHE = "_upload_reviews"       # file_id + overrides → FileReport, so a rerun does not read the file again


def render():
    st.title("Nạp dữ liệu")
    if not accounts.allowed(dashboard.current_account(), "upload"):
        st.info("Tài khoản của bạn chỉ được xem số liệu; nạp dữ liệu cần vai trò Chuyên viên hoặc Quản trị.",
                icon=":material/lock:")
        return
    st.markdown(
        "Tải lên các báo cáo **Biểu số 06/VPCP/KSTT** (hoặc bảng xuất từ hệ thống một cửa) đúng như nhận được, "
        "và các bảng " + ", ".join(f"**{kinds.LABELS[k][0].lower()}{kinds.LABELS[k][1:]}**" for k in kinds.codes()[1:])
        + " theo mẫu: "
        ".xlsx hoặc .csv, một hay nhiều tệp. Loại số liệu của mỗi tệp được nhận ra từ dòng tiêu đề (có thể chọn "
        "lại). Mỗi tệp được đọc toàn bộ và kiểm tra trước khi lưu; tệp có **lỗi** "
        "không thể nạp, tệp chỉ có **cảnh báo** được nạp sau khi bạn xác nhận. Nạp lại cùng đơn vị và kỳ sẽ "
        "**thay thế** số liệu cũ (có thể hoàn tác ở trang Quản lý dữ liệu).")
    st.caption(review.home_province_note(province.home_province(dashboard.cursor())))
    _last_load_summary()
    dashboard.demo_removal(dashboard.cursor(), "upload", first_upload=True)
    _template_download()
    st.html(uploader_style(limits().file_mb))
    # a new key after each load empties the list of chosen files
    files = st.file_uploader("Chọn tệp báo cáo", type=["xlsx", "csv", "xls", "json"], accept_multiple_files=True,
                             key=f"uploads_{st.session_state.get('_upload_round', 0)}",
                             help="Tệp .xls (Excel cũ) cần được lưu lại dưới dạng .xlsx.")
    if not files:
        return
    cur = dashboard.cursor()
    version = tuple(queries.rows(cur, "data_version")[0])   # a load or an alias elsewhere → review again
    reviewed = [_review(cur, f, version) for f in files]
    ready = [(f, report) for f, report, ok in reviewed if ok]
    refused = sum(1 for _, report, _ in reviewed if report.has_errors)
    waiting = len(reviewed) - len(ready) - refused
    st.divider()
    st.markdown(f"**{len(ready)}** tệp sẵn sàng nạp · **{refused}** tệp có lỗi · **{waiting}** tệp chờ xác nhận "
                "hoặc đã nạp trước đó.")
    if st.button(f"Nạp {len(ready)} tệp", type="primary", disabled=not ready, key="load"):
        skipped = [review.not_loaded_line(f.name, report) for f, report, ok in reviewed if not ok]
        _load(cur, ready, skipped)


def _review(cur, uploaded, version):
    """One file: what was recognised, its rows, its issues on the sheet, overrides; returns (file, report, ok)."""
    key = uploaded.file_id
    period_text = (st.session_state.get(f"period_{key}") or "").strip()
    unit_text = (st.session_state.get(f"unit_{key}") or "").strip() or None
    include_hidden = bool(st.session_state.get(f"hidden_{key}"))
    chosen = st.session_state.get(f"kind_{key}")
    recognised = st.session_state.get(f"auto_kind_{key}")
    wanted = chosen if chosen is not None and chosen != recognised else None   # the analyst's correction
    period = parse_user_period(period_text) if period_text else None
    cache = st.session_state.setdefault(CACHE, {})
    cache_key = (key, period_text, unit_text, wanted, include_hidden, version)
    if cache_key not in cache:
        cache[cache_key] = inspect_file(cur, uploaded.name, uploaded.getvalue(), period=period, unit=unit_text,
                                        kind=wanted, include_hidden=include_hidden)
    report = cache[cache_key]
    if wanted is None:
        st.session_state[f"auto_kind_{key}"] = recognised = report.kind
    icon, status = review.status_of(report)
    with st.container(border=True):
        st.markdown(f"{icon} **{uploaded.name}** — {status}")
        if report.readable:
            st.selectbox("Loại số liệu", options=kinds.codes(), format_func=kinds.LABELS.get, key=f"kind_{key}",
                         index=_index(recognised), placeholder="Không nhận ra — chọn loại số liệu",
                         help="Nhận ra từ dòng tiêu đề của bảng. Chọn lại nếu chưa đúng: tệp được đọc lại theo loại đã chọn.")
        if report.hidden_sheets:
            st.checkbox(review.hidden_sheets_text(report), key=f"hidden_{key}",
                        help="Trang tính ẩn thường là bản cũ hoặc danh mục; chỉ đánh dấu khi số liệu cần nạp nằm ở đó.")
        for sheet in report.sheets:
            st.markdown("  \n".join(review.sheet_summary(sheet)))
        for table in report.tables:
            st.markdown("  \n".join(review.table_summary(table, kinds.LABELS[report.kind])))
        if report.replaces is not None:
            st.warning("Tệp này sẽ **thay thế** số liệu đã nạp cho cùng đơn vị và kỳ (số liệu cũ được giữ trong "
                       "lịch sử và có thể khôi phục bằng hoàn tác):")
            st.dataframe(review.replacement_frame(report), hide_index=True, width="stretch")
        tabs = st.tabs([f"Vấn đề ({len(report.issues)})", "Số liệu đọc được", "Bảng tính gốc"])
        with tabs[0]:
            if report.issues:
                # a table wraps each message whole (the grid cut off the "what to do" at its end); a long list in
                # the grid, where it scrolls
                issues = review.issues_frame(report.issues)
                if len(issues) <= 60:
                    st.table(issues, hide_index=True)
                else:
                    st.dataframe(issues, hide_index=True, width="stretch")
            else:
                st.caption("Không có vấn đề nào.")
        with tabs[1]:
            for sheet in report.sheets:
                if len(report.sheets) > 1:
                    st.caption(review.result_title(sheet))
                st.dataframe(review.parsed_rows(sheet), hide_index=True, width="stretch")
            for table in report.tables:
                st.dataframe(review.table_rows(table, kinds.table_kind(report.kind).COLUMNS), hide_index=True,
                             width="stretch")
        with tabs[2]:
            for name, grid in report.grids.items():
                st.caption(f"{name}: ô có lỗi tô đỏ, ô có cảnh báo tô vàng.")
                st.dataframe(review.sheet_with_issues(grid, report.issues, name), width="stretch", height=420)
        if report.kind == kinds.DOSSIERS:
            _overrides(key, report, period_text, period)
        confirmed = True
        if not report.has_errors and not report.is_duplicate and (report.has_warnings or report.replaces is not None):
            confirmed = st.checkbox(review.confirmation_text(report), key=f"confirm_{key}")
    ok = not report.has_errors and not report.is_duplicate and confirmed
    return uploaded, report, ok


def _index(kind):
    return kinds.codes().index(kind) if kind in kinds.codes() else None


def _overrides(key, report, period_text, period):
    """A dossier report's period and unit, typed by the analyst when the file lacks or misstates them."""
    with st.expander("Sửa kỳ báo cáo hoặc đơn vị báo cáo", expanded=review.needs_overrides(report)):
        a, b = st.columns(2)
        a.text_input("Kỳ báo cáo", key=f"period_{key}", placeholder="VD: Quý III/2024 hoặc 15/6/2024-14/9/2024",
                     help="Để trống nếu kỳ trong tệp đã đúng.")
        b.text_input("Đơn vị báo cáo", key=f"unit_{key}", placeholder="VD: Sở Tư pháp",
                     help="Dùng khi tệp không ghi \"Đơn vị báo cáo\", hoặc ghi sai tên.")
        if period_text and period is None:
            st.error(f"Không hiểu kỳ báo cáo \"{period_text}\". Hãy nhập dạng \"Quý III/2024\", "
                     "\"6 tháng đầu năm 2025\" hoặc \"15/6/2024-14/9/2024\".")


def _load(cur, ready, skipped):
    progress = st.progress(0.0, text="Đang nạp…")
    done = []
    for i, (uploaded, report) in enumerate(ready, start=1):
        stored = commit_file(cur, report, loaded_by=dashboard.current_user(), by=dashboard.current_account())
        done.append(review.load_line(uploaded.name, report, stored))
        progress.progress(i / len(ready), text=f"Đã nạp {i}/{len(ready)} tệp")
    st.cache_data.clear()
    st.session_state[CACHE] = {}
    st.session_state["_last_load"] = done
    st.session_state["_last_skipped"] = skipped
    st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1
    st.rerun()


def _template_download():
    """A template for every kind: the official Biểu 06 pre-filled with a unit's lĩnh vực, and the tables."""
    with st.expander("Tải mẫu nhập liệu (.xlsx): Biểu số 06, bảng điểm chỉ số, KPI, chỉ tiêu, nhiệm vụ kế hoạch, danh "
                     "mục đơn vị, danh sách hồ sơ, điều chỉnh ngày làm việc"):
        _table_templates()
        st.markdown("**Biểu số 06/VPCP/KSTT**")
        cur = dashboard.cursor()
        units = dashboard.query(cur, "dossier_units")
        names = dict(zip(units["unit_id"].astype(int), units["name"]))
        a, b = st.columns(2)
        unit_id = a.selectbox("Đơn vị báo cáo", options=list(names), format_func=names.get, key="tpl_unit",
                              index=None, placeholder="Chọn đơn vị (hoặc để trống)")
        period_text = b.text_input("Kỳ báo cáo", value=quarter_of(vietnam_today()).label, key="tpl_period")
        period = parse_user_period(period_text)
        if period is None:
            st.error(f"Không hiểu kỳ báo cáo \"{period_text}\".")
            return
        fields = dashboard.query(cur, "template_linh_vuc", unit_id=unit_id)
        every_field = dashboard.query(cur, "template_linh_vuc", unit_id=None)
        data = _dossier_template_bytes(names.get(unit_id, ""), period, tuple(fields["linh_vuc"]),
                                       tuple(names.values()), tuple(sorted(every_field["linh_vuc"])))
        st.download_button("Tải mẫu biểu", data=data, key="tpl_download", on_click="ignore", icon=":material/download:",
                           file_name=f"bieu_06_{period.label.replace('/', '_').replace(' ', '_')}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        st.caption("Mẫu có sẵn các lĩnh vực đã báo cáo của đơn vị, danh sách chọn đơn vị và lĩnh vực, công thức "
                   "cộng các cột (3), (7), (11) và dòng Tổng số. Điền số liệu, lưu lại rồi tải lên ở dưới.")


@st.cache_data(show_spinner=False, max_entries=64)
def _dossier_template_bytes(unit, period, fields, units, every_field):
    """Kept between reruns: openpyxl takes a good part of a second, and the page reruns at every click. (Built in
    the run, not on click as the table templates are: a download built on click was not always delivered while
    the machine was fully loaded — tests/test_browser.py under the parallel suite.)"""
    return dossier_template(unit, period, list(fields), list(units), list(every_field))


def _table_templates():
    """The templates of the table kinds, as their own pages offer them (one row per KPI, unit, target…)."""
    cur = dashboard.cursor()
    year = vietnam_today().year
    catalogue = dashboard.query(cur, "kpi_catalogue").to_dict("records")
    current = dashboard.query(cur, "target_list", year=year).to_dict("records")
    # units merged away before the year's end get no rows (the KPI, target and plan pages do the same)
    unit_names = list(dashboard.query(cur, "kpi_units_in_force", as_of=date(year, 12, 31))["name"])
    buttons = st.container(horizontal=True)
    for label, name, build in [
            ("Bảng điểm chỉ số", f"mau_diem_chi_so_{year - 1}.xlsx", lambda: score_template(dashboard.cursor(), year - 1)),
            ("Số liệu KPI", f"mau_so_lieu_kpi_{year}.xlsx", lambda: plan_templates.kpi_template(catalogue, unit_names, year)),
            ("Chỉ tiêu", f"mau_chi_tieu_{year}.xlsx",
             lambda: plan_templates.targets_template(current, catalogue, unit_names, year)),
            ("Nhiệm vụ kế hoạch", f"mau_nhiem_vu_ke_hoach_{year}.xlsx",
             lambda: plan_templates.plan_tasks_template("", year, unit_names)),
            ("Danh mục đơn vị", "mau_danh_muc_don_vi.xlsx", lambda: unit_list_template(_directory_rows())),
            ("Danh sách hồ sơ", "mau_danh_sach_ho_so.xlsx",
             lambda: data_templates.dossier_list_template(
                 unit_names, sorted(dashboard.query(dashboard.cursor(), "template_linh_vuc", unit_id=None)["linh_vuc"]))),
            ("Điều chỉnh ngày làm việc", "mau_dieu_chinh_ngay_lam_viec.xlsx",
             lambda: data_templates.working_days_template(
                 queries.run(dashboard.cursor(), "working_day_overrides").to_dict("records")))]:
        buttons.download_button(label, data=build, file_name=name, key=f"tpl_{name}", on_click="ignore", icon=":material/download:",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.caption("Mỗi mẫu có trang hướng dẫn và danh sách chọn; điền rồi tải lên ở dưới — loại số liệu được nhận ra tự động.")


def _directory_rows() -> list[dict]:
    columns = ("name", "level", "parent_name", "code", "valid_from", "valid_to")
    return [dict(zip(columns, row)) for row in queries.rows(dashboard.cursor(), "unit_list_rows")]


def _last_load_summary():
    done = st.session_state.get("_last_load")
    if not done:
        return
    st.success("Đã nạp xong:  \n" + "  \n".join(done))
    if st.session_state.get("_last_skipped"):
        st.warning("Không nạp:  \n" + "  \n".join(st.session_state["_last_skipped"]))
    dashboard.page_links([("overview.py", "Xem Tổng quan", ":material/dashboard:"),
                          ("dossiers.py", "Xem Hồ sơ TTHC", ":material/fact_check:"),
                          ("scores.py", "Xem Chỉ số", ":material/leaderboard:"),
                          ("plan.py", "Xem Mục tiêu & kế hoạch", ":material/flag:"),
                          ("manage.py", "Lịch sử nạp / hoàn tác", ":material/history:")])


dashboard.guarded(render)
