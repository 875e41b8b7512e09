"""Hồ sơ TTHC: on-time and online rates by period and year, units compared, lĩnh vực that pull results down."""

import functools

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import dashboard
from charts import theme
from charts import dossiers as figures
from charts.format import fit_widths
from vocabulary.numbers import number, percent
from reports import bieu06
from reports import derived_series as derived
from reports.excel import table_xlsx
from vocabulary.dates import DAY

CHART_CONFIG = theme.CHART_CONFIG
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_ROWS = 40
# the choices made inside the tabs, kept while another tab is shown (frame/tabs.py)
TAB_CHOICES = ("p_heat", "p_rank", "p_drill", "p_late")


def render():
    st.title("Hồ sơ thủ tục hành chính")
    cur = dashboard.cursor()
    filters = dashboard.shared_filters(cur)
    if filters is None:
        st.info("Chưa có số liệu hồ sơ TTHC. Nạp các báo cáo Biểu 06 rồi tải lại trang.")
        return
    unit_ids = list(filters.unit_ids) if filters.unit_ids else None
    if dashboard.demo_dossiers_shown(cur, filters):
        st.caption(dashboard.demo_dossiers_note())
    scope_line = st.empty()
    _bieu06_download(filters, unit_ids)

    dashboard.link_choice("dinhnghia", "p_definition", list(figures.ON_TIME), "default")
    dashboard.link_choice("xem", "p_grain", ["period", "year"], "period")
    left, right = st.columns([3, 2])
    definition = left.radio(
        "Cách tính tỷ lệ đúng hạn", options=list(figures.ON_TIME), horizontal=True, key="p_definition",
        format_func=lambda k: figures.ON_TIME[k].choice, help=figures.ON_TIME_HELP)
    grain = right.radio("Xem theo", options=["period", "year"], horizontal=True, key="p_grain",
                        format_func=lambda k: f"Từng kỳ ({filters.period_kind_text.lower()})" if k == "period" else "Năm")
    scope_line.caption(f"Phạm vi: {filters.scope_for('năm') if grain == 'year' else filters.scope_text}")
    chosen = figures.ON_TIME[definition]
    label = chosen.label

    run = functools.partial(dashboard.query, cur)
    lists = derived.span(run, unit_ids)
    source = _source_choice(lists)
    targets = dashboard.query(cur, "dossier_targets", year_from=filters.year_from, year_to=filters.year_to,
                          unit_ids=unit_ids)
    if source == derived.DOSSIERS:
        series = (derived.year_series(run, filters.year_from, filters.year_to, unit_ids) if grain == "year" else
                  derived.period_series(run, dashboard.query(cur, "dossier_period_totals", kind=filters.kind,
                                                             year_from=filters.year_from, year_to=filters.year_to,
                                                             unit_ids=unit_ids, linh_vuc=None), unit_ids))
    elif grain == "year":
        series = dashboard.query(cur, "dossier_yearly_totals", year_from=filters.year_from, year_to=filters.year_to,
                             unit_ids=unit_ids)
    else:
        series = dashboard.query(cur, "dossier_period_totals", kind=filters.kind, year_from=filters.year_from,
                             year_to=filters.year_to, unit_ids=unit_ids, linh_vuc=None)
    if series.empty:
        st.warning("Không có số liệu cho bộ lọc đang chọn.")
        return

    trend, units_tab, fields_tab = dashboard.lazy_tabs(["Xu hướng", "So sánh đơn vị", "Lĩnh vực"], "p_tab",
                                                       keep=TAB_CHOICES)
    if dashboard.tab_shown(trend):
        with trend:
            st.plotly_chart(dashboard.figure(figures.rate_trend, series, definition, targets,
                                               title=f"Tỷ lệ đúng hạn ({label}) và tỷ lệ trực tuyến"), width="stretch",
                            config=CHART_CONFIG)
            if note := dashboard.communes_start_note(cur, series, filters.unit_ids, filters.year_from):
                st.caption(f":material/warning: {note}")
            if grain == "year" and source == derived.REPORTS:
                for note in figures.yearly_notes(series):
                    st.caption(f":material/info: {note}")
            if filters.unit_ids and 1 < len(filters.unit_ids) <= 9:
                per_unit = dashboard.query(cur, "dossier_unit_periods", kind=filters.kind, year_from=filters.year_from,
                                       year_to=filters.year_to, unit_ids=unit_ids)
                st.plotly_chart(dashboard.figure(figures.unit_small_multiples, per_unit, definition, targets), width="stretch",
                                config=CHART_CONFIG)
            a, b = st.columns(2)
            a.plotly_chart(dashboard.figure(figures.resolution_bars, series), width="stretch", config=CHART_CONFIG)
            b.plotly_chart(dashboard.figure(figures.channel_bars, series), width="stretch", config=CHART_CONFIG)
            st.plotly_chart(dashboard.figure(figures.overdue_stock, series), width="stretch", config=CHART_CONFIG)
            _formulas(chosen, series)

    if dashboard.tab_shown(units_tab):
        with units_tab:
            if source == derived.DOSSIERS:
                st.caption("Bảng và biểu đồ của thẻ này theo báo cáo Biểu 06 của đơn vị (số liệu tính từ danh sách hồ sơ "
                           "theo đơn vị: trang Hồ sơ chi tiết).")
            per_unit = dashboard.query(cur, "dossier_unit_periods", kind=filters.kind, year_from=filters.year_from,
                                   year_to=filters.year_to, unit_ids=unit_ids)
            if not per_unit.empty:
                heat = figures.heatmap_ranking(per_unit, definition)
                show, search, page = "bottom", "", 1
                if len(heat) > figures.HEATMAP_UNITS:       # 78 communes or more: a slice, reachable like the ranking's
                    show, search, page = _slice_controls("p_heat", heat, figures.HEATMAP_UNITS)
                st.plotly_chart(dashboard.figure(figures.on_time_heatmap, per_unit, definition, show, search, page), width="stretch",
                                config=CHART_CONFIG)
            year = st.selectbox("Năm xếp hạng", options=list(range(filters.year_to, filters.year_from - 1, -1)),
                                key="p_rank_year")
            ranking = dashboard.query(cur, "dossier_unit_ranking", year=year, unit_ids=unit_ids, definition=definition)
            if ranking.empty:
                st.info(f"Chưa có số liệu năm {year}.")
            else:
                basis = figures.common_basis(ranking)
                st.markdown(f"**Xếp hạng đơn vị năm {year}** theo tỷ lệ đúng hạn ({label}); màu: {figures.RANKING_LEGEND}."
                            + (f" Số liệu năm của mọi đơn vị: {basis}." if basis else ""))
                shown = _ranking_rows(ranking, definition)
                _ranking_table(figures.ranking_table(shown))
                if lists is not None:
                    _unit_dossier_links(ranking, lists, year)
                st.download_button("Tải bảng xếp hạng (.xlsx)", mime=XLSX, key="dl_ranking",
                                   file_name=f"xep_hang_don_vi_{year}.xlsx",
                                   data=lambda: table_xlsx(ranking, figures.RANKING_COLUMNS, f"Xếp hạng {year}"))

    if dashboard.tab_shown(fields_tab):
        with fields_tab:
            _drill_down(cur, filters, unit_ids, definition)


def _drill_down(cur, filters, unit_ids, definition):
    """Unit → its lĩnh vực in a year → one lĩnh vực's trend by period."""
    if filters.unit_ids:
        names = dict(zip(filters.unit_ids, filters.unit_names))
    else:
        units = dashboard.query(cur, "dossier_units")
        names = dict(zip(units["unit_id"].astype(int), units["name"]))
    if len(names) > 1:
        names = {0: "Tất cả đơn vị đang chọn"} | names
    a, b = st.columns([3, 1])
    unit_id = a.selectbox("Đơn vị", options=list(names), format_func=names.get, key="p_drill_unit")
    year = b.selectbox("Năm", options=list(range(filters.year_to, filters.year_from - 1, -1)), key="p_drill_year")
    chosen = [unit_id] if unit_id else unit_ids
    whose = names[unit_id] if unit_id else "các đơn vị đang chọn"      # a name keeps its capitals, a phrase not
    breakdown = dashboard.query(cur, "dossier_linh_vuc_breakdown", year=year, unit_ids=chosen)
    if breakdown.empty:
        st.info(f"Chưa có số liệu theo lĩnh vực của {whose} năm {year}.")
        return
    st.markdown(f"**Các lĩnh vực của {whose} năm {year}**, lĩnh vực có nhiều hồ sơ trễ hạn nhất ở đầu bảng.")
    _linh_vuc_grid(figures.linh_vuc_table(breakdown, definition))
    st.download_button("Tải bảng lĩnh vực (.xlsx)", mime=XLSX, key="dl_linh_vuc",
                       file_name=f"linh_vuc_{year}.xlsx",
                       data=lambda: table_xlsx(breakdown, figures.LINH_VUC_COLUMNS | {"on_time_pct": "Tỷ lệ đúng hạn"},
                                               f"Lĩnh vực {year}"))
    field = st.selectbox("Xem diễn biến của lĩnh vực", options=list(breakdown["linh_vuc"]), key="p_drill_field")
    trend = dashboard.query(cur, "dossier_period_totals", unit_ids=chosen, linh_vuc=field, kind=filters.kind,
                        year_from=filters.year_from, year_to=filters.year_to)
    if not trend.empty:
        st.plotly_chart(dashboard.figure(figures.rate_trend, trend, definition, title=f"{field} — {names[unit_id]}"),
                        width="stretch", config=CHART_CONFIG)


def _source_choice(lists) -> str:
    """The trend's source: the units' reports, or the dossier lists when some are stored (in the URL)."""
    if lists is None:
        return derived.REPORTS
    dashboard.link_choice("nguon", "p_source", list(derived.SOURCE_LABELS), derived.REPORTS)
    source = st.radio("Nguồn số liệu", options=list(derived.SOURCE_LABELS), format_func=derived.SOURCE_LABELS.get,
                      horizontal=True, key="p_source")
    st.caption(derived.source_note(source, lists))
    return source


def _unit_dossier_links(ranking, lists, year: int):
    """From a unit's late counts in the ranking to its dossiers (Hồ sơ chi tiết), when the lists cover the year."""
    whole = bieu06.official_periods(year)[f"Năm {year}"]
    if not derived.covers(lists, whole.start, whole.end):
        return
    names = dict(zip(ranking["unit_id"].astype(int), ranking["unit_name"]))
    a, b = st.columns([2, 3], vertical_alignment="bottom")
    unit_id = a.selectbox("Xem hồ sơ quá hạn của đơn vị", options=list(names), format_func=names.get,
                          key="p_late_unit")
    links = b.container(horizontal=True)
    row = ranking[ranking["unit_id"] == unit_id].iloc[0]
    for measure, text in (("res_late", f"giải quyết quá hạn ({number(row['res_late'])})"),
                          ("proc_late", "đang giải quyết quá hạn cuối năm")):
        try:
            links.page_link(derived.DETAIL_PAGE, label=f"Hồ sơ {text}", icon=":material/list_alt:",
                            query_params=derived.detail_link(whole.start, whole.end, measure, [unit_id]))
        except StreamlitPageNotFoundError:       # the page run on its own (a test)
            links.caption(f"Hồ sơ {text}: trang Hồ sơ chi tiết")

def _ranking_rows(ranking, definition):
    """A long ranking (communes): the lowest, the highest or a page of all, a search, and the distribution of
    every unit beside it; a short one as it is."""
    if len(ranking) <= figures.RANKING_PAGE:
        return ranking
    show, search, page = _slice_controls("p_rank", ranking, figures.RANKING_PAGE)
    shown, pages = figures.ranking_slice(ranking, show, search, page)
    st.caption(f"{number(len(shown))} trên {number(len(ranking))} đơn vị"
               + (f" · trang {page}/{pages}" if show == "all" else f" · {figures.RANKING_PAGE} đơn vị "
                  + figures.RANKING_SHOWS[show].lower()))
    st.plotly_chart(dashboard.figure(figures.rate_distribution, ranking, definition), width="stretch", config=CHART_CONFIG)
    return shown


def _slice_controls(key: str, ranking, size: int) -> tuple[str, str, int]:
    """Lowest / highest / pages of all, a search and the page: how a long ranking or heat map is read."""
    a, b, c = st.columns([2, 2, 1])
    show = a.segmented_control("Hiển thị", options=list(figures.RANKING_SHOWS), format_func=figures.RANKING_SHOWS.get,
                               default="bottom", key=f"{key}_show") or "bottom"
    search = b.text_input("Tìm đơn vị", key=f"{key}_search", placeholder="VD: Cửa Tùng")
    _, pages = figures.ranking_slice(ranking, show, search, size=size)
    page = c.number_input("Trang", min_value=1, max_value=pages, value=1, key=f"{key}_page") if show == "all" else 1
    return show, search, page


def _ranking_table(styler):
    """Up to TABLE_ROWS units as a plain table that wraps names and headers to the page's width (the grid cut
    its last column off); a longer ranking (a whole country's) as a grid, 15 rows in sight."""
    if len(styler.data) <= TABLE_ROWS:
        st.table(styler)
    else:
        st.dataframe(styler, width="stretch", hide_index=True, height=38 + 35 * 15)


def _linh_vuc_grid(styler):
    """The lĩnh vực as a grid whose name column is as wide as its longest name (they were cut off); the
    other columns scroll sideways as in any wide grid."""
    widths = fit_widths(styler.data[["Lĩnh vực"]])
    st.dataframe(styler, width="stretch", hide_index=True, height=38 + 35 * min(12, len(styler.data)),
                 column_config={"Lĩnh vực": st.column_config.Column(width=widths["Lĩnh vực"])})


def _formulas(chosen, series):
    latest = series.iloc[-1]
    with st.expander("Cách tính và số liệu của kỳ gần nhất"):
        st.markdown(
            f"- **Tỷ lệ đúng hạn** (đang chọn) = {chosen.formula}. {latest['label']}: "
            f"{percent(latest[chosen.column])} = {number(latest[chosen.num])} / {number(latest[chosen.den])} hồ sơ.\n"
            f"- **Tỷ lệ tiếp nhận trực tuyến** = {figures.ONLINE_FORMULA}. {latest['label']}: "
            f"{percent(latest['online_pct'])} = {number(latest['online_num'])} / {number(latest['online_den'])} hồ sơ.\n"
            "- Gộp nhiều đơn vị, lĩnh vực hoặc kỳ: cộng tử số và mẫu số rồi mới chia, không lấy trung bình các tỷ lệ. "
            "Số liệu năm: cộng các kỳ không chồng lấn; hồ sơ kỳ trước chuyển sang lấy ở kỳ đầu, hồ sơ đang giải quyết "
            "lấy ở kỳ cuối. Mẫu số bằng 0 hiển thị \"—\".\n"
            "- Đường nét đứt: mục tiêu theo kế hoạch CCHC (di chuột để xem văn bản)."
        )


def _bieu06_download(filters, unit_ids):
    """The consolidated Biểu 06 (the official form) of the chosen units for a period of the filters' last year."""
    with st.popover("Biểu 06 tổng hợp (.xlsx)", icon=":material/download:"):
        periods = bieu06.official_periods(filters.year_to)
        chosen = periods[st.selectbox(f"Kỳ báo cáo năm {filters.year_to}", list(periods), index=len(periods) - 1,
                                      key="p_b06_period")]
        by = st.radio("Các dòng", list(bieu06.BY_LABELS), format_func=bieu06.BY_LABELS.get, horizontal=True,
                      key="p_b06_by")
        source = st.radio("Nguồn số liệu", list(bieu06.SOURCE_LABELS), format_func=bieu06.SOURCE_LABELS.get,
                          key="p_b06_source")
        level = dashboard.chosen_level()      # no unit chosen: the sidebar's level, as the page's figures
        st.caption(f"Đơn vị: {filters.units_label}. Từ ngày {chosen.start:{DAY}} đến ngày {chosen.end:{DAY}}; nguồn "
                   "được ghi ở phần ghi chú của biểu. Trang thứ hai của tệp liệt kê kết quả kiểm tra V1–V5 và đơn vị "
                   "chưa báo cáo đủ.")
        st.download_button("Tải Biểu 06", mime=XLSX, key="dl_bieu06", file_name=bieu06.file_name(chosen, by),
                           # built on click in a server thread: its own cursor, never the run's (dashboard.cursor)
                           data=lambda: bieu06.workbook_bytes(bieu06.gather(
                               functools.partial(dashboard.query, dashboard.cursor()), chosen.start, chosen.end,
                               unit_ids, by=by, source=source, level=level)))


dashboard.guarded(render)
