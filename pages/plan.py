"""Mục tiêu & kế hoạch: every KPI against its target for a year, the gaps in points and in units of work,
the trend, the units that miss which targets, and the plan's tasks — late and due soon, by lead unit."""

import streamlit as st

import accounts
import dashboard
from charts import theme
from charts import plan as views
from vocabulary.numbers import number
from loaders import plan_tasks, targets
from vocabulary.clock import vietnam_now
from reports import plan_templates
from reports.excel import table_xlsx
from vocabulary.dates import DAY
from vocabulary.plan import ALL_UNITS, COMPARATORS, STATUS_LABELS

CHART_CONFIG = theme.CHART_CONFIG
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_PLANS = "all"
PLAN_YEAR_AUTO = "plan_task_year_auto"
# the choices made inside the tabs, kept while another tab is shown (frame/tabs.py); the targets' editor is not one
TAB_CHOICES = ("plan_matrix_page_", "plan_task_year", "plan_due_days", "plan_f_", "plan_status_")


def _flash(section: str):
    found = st.session_state.pop(f"plan_flash_{section}", None)
    if found:
        kind, text = found
        (st.success if kind == "ok" else st.error)(text)


def render():
    st.title("Mục tiêu & kế hoạch")
    cur = dashboard.cursor()
    filters = dashboard.shared_filters(cur)
    unit_ids = list(filters.unit_ids) if filters and filters.unit_ids else None
    years = dashboard.query(cur, "kpi_years")
    today = vietnam_now().date()
    if years.empty:
        st.info("Chưa có số liệu hồ sơ TTHC hay số liệu KPI. Nạp báo cáo Biểu 06 hoặc tệp số liệu KPI ở trang "
                "\"Nạp dữ liệu\" (mẫu tải về ở thẻ \"Mục tiêu\" bên dưới).")
    year_options = [int(y) for y in years["year"] if y <= today.year][::-1] or [today.year]
    last_quarter = dict(zip(years["year"].astype(int), years["last_quarter"].astype(int)))
    dashboard.link_choice("nam", "plan_year", [str(y) for y in year_options], str(year_options[0]))
    left, right, _ = st.columns([1, 1, 2])
    year = int(left.selectbox("Năm", options=[str(y) for y in year_options], key="plan_year"))
    quarters = [1, 2, 3, 4]
    dashboard.link_choice("quy", "plan_quarter", [str(q) for q in quarters], str(last_quarter.get(year, 4)))
    quarter = int(right.selectbox("Số liệu đến hết", options=[str(q) for q in quarters], key="plan_quarter",
                                  format_func=lambda q: views.quarter_label(year, int(q))))
    as_of = views.quarter_end(year, quarter)
    if set(dashboard.query(cur, "sample_in_use")["kind"]) & {"kpis", "targets", "plan_tasks"}:
        st.caption(":material/info: Đang hiển thị **dữ liệu minh họa**: số liệu KPI, mục tiêu riêng của các sở và "
                   "kế hoạch CCHC 2025–2026 là số liệu giả lập; mục tiêu mặc định lấy từ các kế hoạch CCHC thật.")
    st.caption(views.scope_caption(filters, year, as_of))

    kpi_tab, trend_tab, unit_tab, task_tab, target_tab = dashboard.lazy_tabs(
        ["Chỉ tiêu so với mục tiêu", "Xu hướng", "Theo đơn vị", "Nhiệm vụ kế hoạch", "Mục tiêu"], "plan_tab",
        keep=TAB_CHOICES)
    shown = dashboard.tab_shown
    if shown(kpi_tab):
        with kpi_tab:
            status = dashboard.query(cur, "kpi_status", year=year, as_of=as_of, unit_ids=unit_ids,
                                     amber_points=views.AMBER_POINTS)
            _kpis(status, year)
    if shown(trend_tab):
        with trend_tab:
            _trend(cur, year_options, unit_ids)
    if shown(unit_tab):
        with unit_tab:
            _units(cur, year, as_of, unit_ids)
    if shown(task_tab):
        with task_tab:
            _tasks(cur, year, today, unit_ids)
    # edits typed in the targets' editor, not yet saved, would be lost in a run that does not draw it
    if shown(target_tab) or dashboard.editor_pending(_editor_key(year)):
        with target_tab:
            _targets(cur, year)


def _editor_key(year: int) -> str:
    return f"plan_target_editor_{year}"


def _trend(cur, year_options, unit_ids):
    trend = dashboard.query(cur, "kpi_trend", year_from=min(year_options), year_to=max(year_options), unit_ids=unit_ids,
                            amber_points=views.AMBER_POINTS)
    if trend.empty:
        st.info("Chưa có số liệu để vẽ xu hướng.")
    else:
        st.plotly_chart(dashboard.figure(views.kpi_trends, trend,
                                         "Diễn biến từng chỉ tiêu theo năm (vạch đen: mục tiêu năm)"),
                        width="stretch", config=CHART_CONFIG)
        st.caption("Màu điểm theo trạng thái của năm; điểm rỗng: TTHC \"mức độ 3/4\" (trước NĐ 42/2022) quy đổi "
                   "gần đúng thành một phần / toàn trình — không nối liền với số liệu sau 2022 một cách tuyệt đối.")


def _kpis(status, year):
    counts = views.status_counts(status)
    cols = st.columns(4)
    for col, code in zip(cols, ("green", "amber", "red")):
        col.metric(views.STATUS_LABELS[code], number(counts[code]))
    cols[3].metric("Chưa có mục tiêu / số liệu", number(counts["unassessed"]))
    st.markdown(views.STATUS_RULE)
    missed = views.missed_targets(status)
    unassessed = views.nothing_assessed_sentence(counts, year)
    if unassessed:
        st.info(unassessed)
    elif missed.empty:
        st.success(f"Năm {year}: mọi chỉ tiêu có mục tiêu và số liệu đều đạt.")
    else:
        st.markdown(f"**Chỉ tiêu chưa đạt mục tiêu năm {year}** (thiếu nhiều nhất ở đầu):")
        st.markdown("\n".join(f"- {views.gap_sentence(row)}" for _, row in missed.iterrows()))
    projections = [s for s in (views.projection_sentence(r) for _, r in status.iterrows()) if s]
    if projections:
        st.markdown("**Để đạt mục tiêu cả năm** (giả định các quý còn lại có số hồ sơ, văn bản… bằng bình quân "
                    "các quý đã qua):")
        st.markdown("\n".join(f"- {s}" for s in projections))
    st.plotly_chart(dashboard.figure(views.kpi_bullets, status, f"Giá trị năm {year} so với mục tiêu"), width="stretch",
                    config=CHART_CONFIG)
    table = views.kpi_table(status)
    st.dataframe(table, width="stretch", hide_index=True, height=views.table_height(len(status)),
                 column_config={c: st.column_config.TextColumn(width=w) for c, w in views.fit_widths(table.data).items()})
    for note in views.reported_only_notes(status):
        st.caption(f":material/info: {note}")
    with st.expander("Cách tính"):
        st.markdown(
            "- Tỷ lệ = tử số / mẫu số, **cộng tử số và mẫu số** của các đơn vị và các kỳ rồi mới chia; mẫu số bằng 0 "
            "hiển thị \"—\". Chỉ tiêu dạng lũy kế (hồ sơ, văn bản, lượt đánh giá) cộng các kỳ trong năm; chỉ tiêu dạng "
            "hiện trạng (tài khoản, TTHC cung cấp trực tuyến, đơn vị được kiểm tra) lấy kỳ gần nhất.\n"
            "- Hồ sơ trực tuyến và giải quyết đúng hạn tính từ báo cáo Biểu 06 (các báo cáo quý), như trang "
            "\"Hồ sơ TTHC\", với cùng mục tiêu.\n"
            "- Đơn vị chỉ báo cáo tỷ lệ %: giữ nguyên tỷ lệ báo cáo, không cộng với đơn vị khác.\n"
            "- \"Cần thêm\": số đơn vị công việc còn thiếu để đạt mục tiêu với mẫu số hiện có "
            "(ví dụ 42/56 tài khoản, mục tiêu 100 % → cần thêm 14 tài khoản hoạt động).\n"
            "- Dấu ≈: có số liệu TTHC \"mức độ 3/4\" (trước NĐ 42/2022) quy đổi gần đúng thành một phần / toàn trình.\n"
            "- Mục tiêu: mục tiêu riêng của đơn vị (khi chọn một đơn vị) hoặc mục tiêu chung; mặc định lấy từ kế hoạch "
            "CCHC, xem và sửa ở thẻ \"Mục tiêu\".")


@st.cache_data(show_spinner=False, max_entries=16)
def _unit_misses(unit_status, year: int) -> list[str]:
    """Kept between reruns and sessions while the rows are the same (Streamlit hashes the frame): the lines of a
    national warehouse take about half a second to build (bench/RESULTS.md, "unit_misses")."""
    return views.unit_misses(unit_status, year)


def _units(cur, year, as_of, unit_ids):
    unit_status = dashboard.query(cur, "kpi_unit_status", year=year, as_of=as_of, unit_ids=unit_ids,
                                  amber_points=views.AMBER_POINTS)
    if unit_status.empty:
        st.info(f"Chưa có số liệu của đơn vị nào năm {year}.")
        return
    misses = _unit_misses(unit_status, year)
    st.markdown(f"**Đơn vị chưa đạt mục tiêu năm {year}** ({number(len(misses))} đơn vị; nhiều chỉ tiêu chưa đạt "
                "nhất ở đầu):")
    st.markdown("\n".join(f"- {line}" for line in misses) or "Mọi đơn vị đều đạt các mục tiêu có số liệu.")
    st.markdown("**Bảng đơn vị × chỉ tiêu** (màu theo trạng thái so với mục tiêu của đơn vị; ≈: quy đổi mức độ 3/4)")
    pages = views.matrix_pages(unit_status)
    page = 1
    if pages > 1:
        page = st.number_input(f"Trang ({number(pages)} trang, {views.MATRIX_PAGE} đơn vị mỗi trang, theo tên)",
                               min_value=1, max_value=pages, step=1, key=f"plan_matrix_page_{year}")
    matrix = views.unit_matrix(unit_status, page)
    st.dataframe(matrix, width="stretch", height=views.table_height(len(matrix.data)))
    values = dashboard.query(cur, "kpi_values", year=year, unit_ids=unit_ids)
    with st.expander(f"Số liệu KPI đã nạp năm {year} ({number(len(values))} dòng)"):
        st.dataframe(views.kpi_values_table(values), width="stretch", hide_index=True)
        st.download_button("Tải số liệu KPI (.xlsx)", mime=XLSX, key="plan_dl_values",
                           file_name=f"so_lieu_kpi_{year}.xlsx",
                           data=lambda: table_xlsx(values, views.KPI_VALUE_COLUMNS, f"KPI {year}"))


def _tasks(cur, year, today, unit_ids):
    _flash("task")
    plans = dashboard.query(cur, "plan_task_plans", unit_ids=None)
    if plans.empty:
        st.info("Chưa có kế hoạch nào. Nạp phụ lục nhiệm vụ kế hoạch CCHC (hoặc mẫu ở thẻ \"Mục tiêu\") ở trang "
                "\"Nạp dữ liệu\".")
        return
    plan_years = sorted({int(y) for y in plans["plan_year"]}, reverse=True)
    options = [ALL_PLANS] + [str(y) for y in plan_years]
    # follows the page's year until the analyst picks a plan year of their own
    default = str(views.default_plan_year(plan_years, year))
    if st.session_state.get("plan_task_year") in (None, st.session_state.get(PLAN_YEAR_AUTO)) \
            or st.session_state["plan_task_year"] not in options:
        st.session_state["plan_task_year"] = default
    st.session_state[PLAN_YEAR_AUTO] = default
    a, b = st.columns([1, 2])
    chosen = a.selectbox("Kế hoạch năm", options=options,
                         format_func=lambda v: "Tất cả" if v == ALL_PLANS else f"Năm {v}", key="plan_task_year")
    due_days = b.slider("\"Sắp đến hạn\": trong vòng (ngày)", min_value=7, max_value=90, value=30, step=1,
                        key="plan_due_days")
    plan_year = None if chosen == ALL_PLANS else int(chosen)
    params = dict(today=today, due_days=due_days, plan_year=plan_year, unit_ids=unit_ids)
    tasks = dashboard.query(cur, "plan_task_list", **params)
    if tasks.empty:
        st.info("Không có nhiệm vụ nào cho lựa chọn này.")
        return
    leads = dashboard.query(cur, "plan_task_lead_counts", **params)
    areas = dashboard.query(cur, "plan_task_area_counts", **params)
    totals = views.task_totals(leads)
    cols = st.columns(4)
    cols[0].metric("Nhiệm vụ", number(totals["tasks"]))
    cols[1].metric("Trễ hạn", number(totals["late"]))
    cols[2].metric(f"Sắp đến hạn ({number(due_days)} ngày)", number(totals["due_soon"]))
    cols[3].metric("Hoàn thành", number(totals["done"]))
    st.caption(f"Trạng thái tính đến ngày {today:{DAY}}: nhiệm vụ chưa hoàn thành mà đã quá thời hạn là trễ hạn; "
               "trạng thái do cán bộ cập nhật (có ghi người, thời điểm) được ưu tiên.")
    left, right = st.columns([3, 2])
    left.plotly_chart(dashboard.figure(views.lead_unit_bars, leads, "Nhiệm vụ theo đơn vị chủ trì"), width="stretch",
                      config=CHART_CONFIG)
    right.plotly_chart(dashboard.figure(views.area_bars, areas, "Nhiệm vụ theo lĩnh vực (I–VII)"), width="stretch",
                       config=CHART_CONFIG)
    f1, f2 = st.columns(2)
    lead_filter = f1.multiselect("Đơn vị chủ trì", options=list(leads["lead_unit"]), key="plan_f_leads",
                                 placeholder="Tất cả")
    status_options = ["late", "due_soon", "in_progress", "not_started", "done"]
    status_filter = f2.multiselect("Trạng thái", options=status_options, default=["late", "due_soon"],
                                   format_func=views.TASK_FILTER_LABELS.get, key="plan_f_status",
                                   placeholder="Tất cả")
    shown = views.filter_tasks(tasks, lead_filter, status_filter)
    st.markdown(f"**{number(len(shown))} nhiệm vụ** (trễ hạn lâu nhất ở đầu)")
    st.dataframe(views.task_table(shown), width="stretch", hide_index=True, height=views.table_height(len(shown)),
                 column_config={"Nhiệm vụ": st.column_config.TextColumn(width="large"),
                                "Chủ trì": st.column_config.TextColumn(width="medium")})
    st.download_button("Tải danh sách nhiệm vụ (.xlsx)", mime=XLSX, key="plan_dl_tasks",
                       file_name=f"nhiem_vu_ke_hoach_{chosen}.xlsx",
                       data=lambda: table_xlsx(shown, views.TASK_EXPORT_COLUMNS, "Nhiệm vụ"))
    if accounts.allowed(dashboard.current_account(), "edit_task_status"):   # hidden to a viewer and on a reader
        _status_form(cur, tasks)


def _status_form(cur, tasks):
    with st.expander("Cập nhật trạng thái nhiệm vụ"):
        choices = views.task_choice(tasks)
        with st.form("plan_status_form", clear_on_submit=True):
            task = st.selectbox("Nhiệm vụ", options=list(choices), format_func=choices.get, key="plan_status_task")
            status = st.radio("Trạng thái", options=list(STATUS_LABELS), horizontal=True,
                              format_func=STATUS_LABELS.get, key="plan_status_value")
            note = st.text_input("Ghi chú (không bắt buộc)", key="plan_status_note")
            if st.form_submit_button("Cập nhật trạng thái"):
                owner, plan_year, key = task
                try:
                    plan_tasks.set_task_status(cur, owner, plan_year, key, status, dashboard.current_user(), note,
                                               by=dashboard.current_account())
                    st.session_state["plan_flash_task"] = (
                        "ok", f"Đã cập nhật nhiệm vụ {key} (năm {plan_year}): {STATUS_LABELS[status]}.")
                except (plan_tasks.UnknownTask, accounts.NotAllowed) as exc:
                    st.session_state["plan_flash_task"] = ("error", str(exc))
                st.rerun()


def _targets(cur, year):
    _flash("targets")
    st.markdown(f"**Mục tiêu năm {year}** — mục tiêu chung (\"{ALL_UNITS}\") và mục tiêu riêng của đơn vị; "
                "mặc định lấy từ các kế hoạch CCHC (văn bản ghi ở từng dòng). Sửa trực tiếp trong bảng, thêm hoặc xoá "
                "dòng rồi bấm \"Lưu mục tiêu\": thay đổi được lưu thành một lô trong lịch sử nạp (có thể hoàn tác ở "
                "trang \"Quản lý dữ liệu\") và dùng ngay cho trang này và trang \"Hồ sơ TTHC\".")
    current = dashboard.query(cur, "target_list", year=year)
    catalogue = dashboard.query(cur, "kpi_catalogue")
    # units merged away before the end of the year are neither offered nor pre-filled for it
    unit_names = list(dashboard.query(cur, "kpi_units_in_force", as_of=views.quarter_end(year, 4))["name"])
    next_units = list(dashboard.query(cur, "kpi_units_in_force", as_of=views.quarter_end(year + 1, 4))["name"])
    before = views.target_editor_rows(current)
    may_edit = accounts.allowed(dashboard.current_account(), "edit_targets")   # read only to others, and on a reader
    edited = st.data_editor(
        before, key=_editor_key(year), num_rows="dynamic" if may_edit else "fixed", disabled=not may_edit,
        width="stretch", hide_index=True,
        height=views.table_height(len(before) + 1),
        column_config={
            "kpi": st.column_config.SelectboxColumn("Chỉ tiêu", options=list(catalogue["short_name"]), required=True),
            "unit": st.column_config.SelectboxColumn("Đơn vị", options=views.target_unit_options(unit_names, before),
                                                     default=ALL_UNITS),
            "comparator": st.column_config.SelectboxColumn("So sánh", options=list(COMPARATORS.values()),
                                                           default="≥", required=True),
            # no step: a step of 0.5 fixed one decimal ("50.0", "100.0"); without, 50 and 95,5 in a vi-VN browser
            "value": st.column_config.NumberColumn("Mục tiêu (%)", min_value=0.0, max_value=100.0,
                                                   format="localized", required=True),
            "source_document": st.column_config.TextColumn("Văn bản giao chỉ tiêu", width="large", required=True),
            "note": st.column_config.TextColumn("Ghi chú", width="medium"),
            "origin": st.column_config.TextColumn("Nguồn", disabled=True),
        })
    if may_edit and st.button("Lưu mục tiêu", key="plan_save_targets", type="primary"):
        try:
            stored = targets.save_edits(cur, year, before, edited, dashboard.current_user(), by=dashboard.current_account())
            st.session_state["plan_flash_targets"] = (
                "ok", f"Đã lưu thay đổi mục tiêu năm {year} (lô số {stored[0].batch_id}, "
                      f"{number(stored[0].row_count)} dòng)." if stored else "Không có thay đổi nào để lưu.")
            st.session_state.pop(_editor_key(year), None)
        except targets.EditRefused as exc:
            st.session_state["plan_flash_targets"] = ("error", "Chưa lưu — " + " ".join(exc.problems))
        except accounts.NotAllowed as exc:
            st.session_state["plan_flash_targets"] = ("error", str(exc))
        st.rerun()

    st.markdown("**Mẫu nhập liệu** (điền rồi nạp ở trang \"Nạp dữ liệu\")")
    a, b, c = st.columns(3)
    a.download_button("Mẫu số liệu KPI (.xlsx)", mime=XLSX, key="plan_dl_kpi_template", on_click="ignore",
                      file_name=f"mau_so_lieu_kpi_{year}.xlsx",
                      data=lambda: plan_templates.kpi_template(catalogue.to_dict("records"), unit_names, year))
    b.download_button("Mẫu chỉ tiêu (.xlsx)", mime=XLSX, key="plan_dl_target_template", on_click="ignore",
                      file_name=f"mau_chi_tieu_{year}.xlsx",
                      data=lambda: plan_templates.targets_template(current.to_dict("records"),
                                                                   catalogue.to_dict("records"), unit_names, year))
    c.download_button("Mẫu nhiệm vụ kế hoạch (.xlsx)", mime=XLSX, key="plan_dl_plan_template", on_click="ignore",
                      file_name=f"mau_nhiem_vu_ke_hoach_{year + 1}.xlsx",
                      data=lambda: plan_templates.plan_tasks_template("", year + 1, next_units))


dashboard.guarded(render)
