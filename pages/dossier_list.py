"""Hồ sơ chi tiết: from the one-stop systems' dossier lists — Biểu 06 derived beside the reported one, the QĐ 766
indicators, the dossiers behind a number, due and overdue lists, processing time by procedure."""


import streamlit as st

import dashboard
from charts import dossier_list as views
from charts import dossier_provinces as provinces
from vocabulary.numbers import number
from loaders.periods import parse_user_period
from vocabulary.periods import Period
from reports import derived_series as derived
from reports.excel import table_xlsx
from vocabulary.clock import vietnam_today
from vocabulary.dates import DAY
from vocabulary.units import LEVEL_SCOPE
from queries.national import ID_SPAN

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_CONFIG = {"displaylogo": False}
TAB_KEY = "dl_tab"
# the choices made inside the tabs, kept while another tab is shown (frame/tabs.py); never the download buttons
TAB_CHOICES = ("dl_766_unit", "dl_measure", "dl_field", "dl_as_of", "dl_days")


def render():
    st.title("Hồ sơ chi tiết")
    st.caption("Số liệu tính từ danh sách hồ sơ của hệ thống một cửa (nạp ở trang Nạp dữ liệu, loại \"Danh sách hồ sơ "
               "TTHC\"), đặt cạnh Biểu 06 các đơn vị báo cáo.")
    cur = dashboard.cursor()
    scope = dashboard.scope_unit_ids(cur)
    scope = list(scope) if scope is not None else None
    span = dashboard.query(cur, "dossier_list_periods", unit_ids=scope).iloc[0]
    if not span["dossiers"]:
        st.info("Chưa có danh sách hồ sơ nào. Nạp tệp xuất danh sách hồ sơ (Excel, CSV hoặc gói đồng bộ JSON) ở trang "
                "Nạp dữ liệu rồi mở lại trang này.")
        return
    if "dossier_list" in set(dashboard.query(cur, "sample_in_use")["kind"]):
        st.caption(dashboard.demo_dossiers_note())
    if dashboard.national_every_province():
        _every_province(cur, span)
        return
    followed = _follow_link()
    period, unit_ids, listed = _choices(cur, scope, span)
    if period is None:
        return
    st.caption(f"Kỳ: **{period.label}** ({period.dates_text()}) · {views.SNAPSHOT_NOTE}")
    names = ["Biểu 06 từ hồ sơ", "Chỉ số 766", "Danh sách hồ sơ", "Sắp đến hạn, quá hạn", "Thời gian xử lý"]
    if followed:                            # the link is for the dossiers behind a number: their list is shown
        st.session_state[TAB_KEY] = names[2]
    tabs = dashboard.lazy_tabs(names, TAB_KEY, keep=TAB_CHOICES)
    params = {"date_from": period.start, "date_to": period.end, "unit_ids": unit_ids}
    parts = [lambda: _derived_beside_reported(cur, params, listed), lambda: _indicators(cur, params, period),
             lambda: _dossiers(cur, params, period), lambda: _due(cur, unit_ids, period),
             lambda: _processing_time(cur, params)]
    for tab, part in zip(tabs, parts):
        if dashboard.tab_shown(tab):        # only the tab shown is computed and sent (frame/tabs.py)
            with tab:
                part()


def _follow_link() -> bool:
    """A link from a number on another page (Tổng quan, Hồ sơ TTHC: reports/derived_series.detail_link) sets the
    period, the units and the measure once; afterwards the widgets are the analyst's again."""
    link = derived.read_link(st.query_params)
    key = tuple(sorted(st.query_params.items()))
    if link is None or st.session_state.get("_dl_link") == key:
        return False
    st.session_state["_dl_link"] = key
    st.session_state["dl_kind"] = "custom"
    st.session_state["dl_period_text"] = f"{link['period'].start:{DAY}}-{link['period'].end:{DAY}}"
    st.session_state["dl_units"] = link["unit_ids"]
    if link["measure"] in views.MEASURES:
        st.session_state["dl_measure"] = link["measure"]
    return True


def _choices(cur, scope, span) -> tuple[Period | None, list[int] | None, list[int]]:
    """The period, the units asked for (every unit of the level when none is chosen) and the units of those
    that have dossier lists."""
    # the sidebar's level chooses the units (a viewer limited to some units keeps them whatever the level)
    level = dashboard.level_filter()
    in_level = list(dashboard.level_unit_ids(cur, level)) if scope is None else scope
    units = dashboard.query(cur, "dossier_list_units", unit_ids=in_level)
    if units.empty:
        st.caption(f":material/info: Chưa có đơn vị nào của {LEVEL_SCOPE[level]} nạp danh sách hồ sơ: bảng \"Biểu 06 từ "
                   "hồ sơ\" chỉ có số liệu các đơn vị báo cáo.")
    names = dict(zip(units["unit_id"].astype(int), units["name"]))
    # a linked unit without dossiers in scope is left out rather than break the list
    st.session_state["dl_units"] = [u for u in st.session_state.get("dl_units", []) if u in names]
    a, b, c = st.columns([1, 1, 2])
    period = _period(a, b, span)
    chosen = c.multiselect("Đơn vị", options=list(names), format_func=names.get, key="dl_units",
                           placeholder="Tất cả đơn vị có hồ sơ")
    return period, (list(chosen) or in_level), list(names)


def _period(a, b, span) -> Period | None:
    kind = a.selectbox("Loại kỳ", options=list(views.PERIOD_KINDS), format_func=views.PERIOD_KINDS.get, key="dl_kind")
    if kind == "custom":
        text = b.text_input("Kỳ", key="dl_period_text", placeholder="VD: 01/01/2025-30/06/2025 hoặc Quý II/2025")
        period = parse_user_period(text) if text else None
        if period is None:
            b.caption("Nhập kỳ dạng \"01/01/2025-30/06/2025\", \"Quý II/2025\" hoặc \"6 tháng đầu năm 2025\".")
        return period
    options = views.period_choices(kind, span["first_received"], span["last_day"])
    return b.selectbox("Kỳ", options=options, format_func=lambda p: p.label, key=f"dl_period_{kind}")


def _every_province(cur, span):
    """Toàn quốc: the counts per province from one aggregate; the lists wait for a province to be chosen."""
    st.info(f":material/public: {provinces.CHOOSE_PROVINCE} (ô \"Phạm vi\" ở thanh bên): danh sách hồ sơ, hồ sơ sắp "
            "đến hạn, quá hạn và thời gian xử lý xem theo từng tỉnh.")
    a, b, _ = st.columns([1, 1, 2])
    period = _period(a, b, span)
    if period is None:
        return
    level = dashboard.level_filter()
    counts = dashboard.query(cur, "dossier_list_provinces", date_from=period.start, date_to=period.end,
                             unit_ids=list(dashboard.level_unit_ids(cur, level)), id_span=ID_SPAN)
    st.caption(f"Kỳ: **{period.label}** ({period.dates_text()}) · đơn vị {LEVEL_SCOPE[level]} · {views.SNAPSHOT_NOTE}")
    if counts.empty:
        st.info("Không có hồ sơ nào trong kỳ này.")
        return
    named = provinces.with_names(counts, dashboard.national_province_names())
    st.plotly_chart(provinces.province_bars(named), width="stretch", config=CHART_CONFIG)
    st.dataframe(provinces.province_table(named), hide_index=True, width="stretch")
    st.caption("Đếm theo cách tính Biểu 06 từ danh sách hồ sơ (như bảng \"Biểu 06 từ hồ sơ\" của một tỉnh); chỉ số "
               "QĐ 766 2.1 và 2.2 cần số ngày làm việc của từng hồ sơ nên xem theo từng tỉnh.")


def _derived_beside_reported(cur, params, listed):
    # Row by row only for the units that sent lists (a national warehouse has 4.080 reporting units and a few
    # with lists: comparing them all took 3,9 s a run); the units that report and never sent a list are named.
    having = set(listed)
    compared = dict(params, unit_ids=[u for u in params["unit_ids"] or listed if u in having])
    derived = dashboard.query(cur, "dossier_list_counts", **compared)
    reported = dashboard.query(cur, "dossier_list_reported", **compared)
    facts = dashboard.query(cur, "dossier_list_facts", **compared)
    unlisted = dashboard.query(cur, "dossier_list_report_only_units", **params)["unit_name"]
    if derived.empty and reported.empty:
        if not unlisted.empty:
            st.markdown(views.report_only_text(list(unlisted)))
        else:
            st.info("Không có hồ sơ và báo cáo nào trong kỳ này.")
        return
    frame = views.compare(derived, reported, facts)
    st.markdown(views.comparison_summary(frame))
    if reported.empty:
        st.caption("Không có Biểu 06 nào lưu đúng kỳ này (kỳ khác quý, tháng chốt số liệu 15 → 14): chỉ có số tính từ hồ sơ.")
    st.dataframe(views.comparison_table(frame), hide_index=True, width="stretch", height=460)
    lines = views.explanation_lines(frame)
    if lines:
        with st.expander(f"Giải thích {number(len(lines))} dòng khác nhau", expanded=len(lines) <= 12):
            st.markdown("\n".join(f"- {line}" for line in lines))
    lists_only, reports_only = views.unmatched_units(frame)
    if lists_only:
        st.markdown("**Có hồ sơ nhưng không có báo cáo kỳ này:** " + ", ".join(lists_only))
    if reports_only or not unlisted.empty:
        st.markdown(views.report_only_text(sorted({*reports_only, *unlisted})))
    st.caption("Cách đếm (QĐ/biểu 06): tiếp nhận mới theo ngày tiếp nhận trong kỳ; kỳ trước chuyển sang = tiếp nhận "
               "trước kỳ, chưa kết thúc trước ngày đầu kỳ; đã giải quyết theo ngày kết thúc xử lý trong kỳ, trước hạn "
               "nếu trước ngày hẹn trả, đúng hạn nếu đúng ngày hoặc không có hẹn trả; đang giải quyết = chưa kết thúc "
               "đến cuối kỳ, quá hạn nếu hẹn trả trước ngày cuối kỳ.")


def _indicators(cur, params, period: Period):
    frame = dashboard.query(cur, "dossier_list_766", **params)
    if frame.empty:
        st.info("Không có hồ sơ nào trong kỳ này.")
        return
    names = dict(zip(frame["unit_id"].astype(int), frame["unit_name"]))
    unit_id = st.selectbox("Đơn vị", options=list(names), format_func=names.get, key="dl_766_unit")
    row = frame[frame["unit_id"] == unit_id].iloc[0].to_dict()
    codes, rates = views.scored_rates(row)
    whatif = dashboard.query(cur, "index_whatif", year=period.year, level="so", codes=codes, rates=rates,
                             online_pct=None, on_time_766_pct=None)
    st.dataframe(views.indicators_table(row, whatif), hide_index=True, width="stretch")
    st.caption(views.SCORING_RULE + " Mô phỏng điểm với tỷ lệ tự nhập: trang Chỉ số, mục Chỉ số 766.")


def _dossiers(cur, params, period: Period):
    a, b = st.columns(2)
    st.session_state.setdefault("dl_measure", "res_late")       # (a link from another page may have set it)
    measure = a.selectbox("Số liệu", options=list(views.MEASURES), format_func=views.measure_label, key="dl_measure")
    counts = dashboard.query(cur, "dossier_list_counts", **params)
    fields = sorted({f for f in counts["linh_vuc"] if isinstance(f, str)})
    linh_vuc = b.selectbox("Lĩnh vực", options=[None, *fields], format_func=lambda f: f or "Tất cả lĩnh vực",
                           key="dl_field")
    rows = views.dossier_rows(dashboard.query(cur, "dossier_list_rows", measure=measure, linh_vuc=linh_vuc, **params))
    st.markdown(f"**{number(len(rows))}** hồ sơ — {views.measure_label(measure).lower()}, {period.label}. Bấm tiêu đề "
                "cột để sắp xếp.")
    if rows.empty:
        return
    st.dataframe(views.rows_table(rows, views.ROW_COLUMNS), hide_index=True, width="stretch", height=420)
    if note := views.grid_note(len(rows)):
        st.caption(note)
    st.download_button("Tải danh sách (.xlsx)", key="dl_rows_xlsx", mime=XLSX, on_click="ignore",
                       file_name=f"ho_so_{measure}_{period.start:%Y%m%d}_{period.end:%Y%m%d}.xlsx",
                       data=lambda: table_xlsx(rows, views.ROW_COLUMNS, views.measure_label(measure)))


def _due(cur, unit_ids, period: Period):
    a, b = st.columns(2)
    as_of = a.date_input("Tính đến ngày", value=min(period.end, vietnam_today()), key="dl_as_of", format="DD/MM/YYYY")
    days = b.slider("Sắp đến hạn: trong số ngày làm việc", min_value=1, max_value=20, value=3, key="dl_days")
    rows = views.dossier_rows(dashboard.query(cur, "dossier_list_due", as_of=as_of, days=days, unit_ids=unit_ids))
    overdue, soon = views.due_split(rows)
    st.markdown(f"Đến {as_of:{DAY}}: **{number(len(overdue))}** hồ sơ đang xử lý đã quá hạn, "
                f"**{number(len(soon))}** hồ sơ đến hạn trong {days} ngày làm việc (theo lịch ngày làm việc, có tính "
                "ngày nghỉ lễ và ngày làm bù).")
    if rows.empty:
        return
    st.dataframe(views.due_by_unit(rows), hide_index=True, width="content")
    for title, part, key in (("Sắp đến hạn", soon, "soon"), ("Quá hạn", overdue, "overdue")):
        if part.empty:
            continue
        st.markdown(f"**{title}**")
        st.dataframe(views.rows_table(part, views.DUE_COLUMNS), hide_index=True, width="stretch", height=300)
        if note := views.grid_note(len(part)):
            st.caption(note)
        st.download_button(f"Tải danh sách {title.lower()} (.xlsx)", key=f"dl_due_{key}", mime=XLSX, on_click="ignore",
                           file_name=f"ho_so_{key}_{as_of:%Y%m%d}.xlsx",
                           data=lambda part=part, title=title: table_xlsx(part, views.DUE_COLUMNS, title))


def _processing_time(cur, params):
    times = dashboard.query(cur, "dossier_list_processing_time", **params)
    if times.empty:
        st.info("Không có hồ sơ nào được giải quyết trong kỳ.")
        return
    st.plotly_chart(views.processing_bars(times), width="stretch", config=CHART_CONFIG)
    st.dataframe(views.rows_table(times, views.TIME_COLUMNS), hide_index=True, width="stretch", height=360)
    st.caption("Số ngày làm việc từ ngày tiếp nhận đến ngày kết thúc xử lý, theo lịch ngày làm việc (nghỉ cuối tuần, "
               "nghỉ lễ, làm bù). \"90 % hồ sơ trong\": 90 % số hồ sơ được giải quyết trong chừng ấy ngày.")


dashboard.guarded(render)
