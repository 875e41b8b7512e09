"""Chỉ số: PAR INDEX, SIPAS, PAPI, the 766 index — standing over the years, points lost, comparison, what-if."""


import streamlit as st

import accounts
import dashboard
from charts import theme
from charts import scores as figures
from vocabulary.numbers import missing
from loaders import province, reference, sample
from reports.score_template import score_template
from vocabulary.clock import vietnam_today

CHART_CONFIG = theme.CHART_CONFIG
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RATE_KEY = "s_766_rate_"
# the choices made inside the tabs, kept while another tab is shown (frame/tabs.py)
TAB_CHOICES = ("s_year", "s_compare_year_", "s_lost_page_", "s_papi_", "s_766_", "s_template_year")


def render():
    st.title("Chỉ số đánh giá cải cách hành chính")
    cur = dashboard.cursor()
    level = dashboard.level_filter()
    indices = dashboard.query(cur, "score_indices", demo_loader=sample.SAMPLE_LOADER)
    if indices.empty:
        st.info("Chưa có điểm chỉ số nào. Nạp số liệu công bố đi kèm (PAR INDEX, SIPAS, PAPI, Chỉ số 766 — một phần, "
                "có nguồn) hoặc tải mẫu bảng điểm, điền và nạp ở trang Nạp dữ liệu.")
        if accounts.allowed(dashboard.current_account(), "upload") and st.button(
                "Nạp số liệu công bố và khung chỉ số", key="s_load_reference"):
            reference.load_published(cur, dashboard.current_user(), by=dashboard.current_account())
            st.rerun()
        _template_download(cur)
        return
    st.caption(figures.data_caption(indices))

    codes = list(dict.fromkeys(indices["index_code"]))
    dashboard.link_choice("chiso", "s_index", codes, figures.index_for_level(indices, level))
    left, mid, right = st.columns([2, 2, 3])
    index_code = left.selectbox("Chỉ số", codes, format_func=figures.index_label, key="s_index")
    kinds = list(indices.loc[indices["index_code"] == index_code, "subject_kind"])
    if "s_kind" in st.session_state:
        st.session_state["s_kind"] = figures.followed_kind(st.session_state["s_kind"], kinds, level)
    # "loai", not "cap": ?cap= is the sidebar's level, shared by every page
    dashboard.link_choice("loai", "s_kind", kinds, figures.kind_for_level(kinds, level))
    kind = mid.selectbox("Đối tượng", kinds, format_func=figures.kind_label, key="s_kind")
    subjects = dashboard.query(cur, "score_subjects", index_code=index_code, subject_kind=kind)
    in_level = None               # the level's units where it applies (kinds scored unit by unit), else every subject
    if kind in figures.UNIT_KINDS:
        in_level = list(dashboard.level_unit_ids(cur, level))
        subjects = figures.in_level(subjects, in_level)
    if subjects.empty:
        elsewhere = [i for i in figures.indices_at_level(indices, level) if i != figures.index_label(index_code)]
        st.info(f"Chưa có điểm {figures.index_label(index_code)} ({figures.kind_label(kind).lower()}) của "
                f"{figures.LEVEL_SCOPE[level]}."
                + (f" Có điểm của {figures.LEVEL_SCOPE[level]}: {', '.join(elsewhere)}." if elsewhere else "")
                + " Chọn Chỉ số, Đối tượng hoặc Cấp (thanh bên) khác.")
        return
    st.caption(f":material/filter_alt: {figures.level_note(level, index_code, kind, len(subjects))}")
    names = dict(zip(subjects["unit_id"].astype(int).astype(str), subjects["name"]))
    home = province.home_province(cur)        # the installation's setting (Quản lý dữ liệu → Cấu hình)
    dashboard.link_choice("doituong", "s_subject", list(names), figures.default_subject(subjects, home))
    subject = right.selectbox("Đơn vị", list(names), format_func=names.get, key="s_subject")
    unit_id = int(subject)
    if kind == "tinh" and home and home not in names.values():
        st.caption(f":material/info: {home} chưa có điểm {figures.index_label(index_code)} trong số "
                   f"liệu công bố đã nạp; đang hiển thị {names[subject]}.")

    trend, lost, compare, papi, idx766, sources = dashboard.lazy_tabs(
        ["Diễn biến", "Điểm bị mất", "So sánh trong năm", "PAPI: 8 nội dung", "Chỉ số 766: điểm có thể tăng",
         "Nguồn và khung chỉ số"], "s_tab", keep=TAB_CHOICES)
    series = dashboard.query(cur, "score_series", index_code=index_code, unit_id=unit_id,
                             demo_loader=sample.SAMPLE_LOADER)
    years = figures.scored_years(series)
    shown = dashboard.tab_shown
    if shown(trend):
        with trend:
            _trend(cur, index_code, kind, unit_id, names[subject], series)
    if shown(lost):
        with lost:
            _lost(cur, index_code, unit_id, names[subject], series, years)
    if shown(compare):
        with compare:
            _compare(cur, index_code, kind, in_level)
    if shown(papi):
        with papi:
            _papi(cur)
    if shown(idx766):
        with idx766:
            _idx766(cur)
    if shown(sources):
        with sources:
            _sources(cur, index_code, kind, unit_id, names[subject])


def _trend(cur, index_code, kind, unit_id, name, series):
    if series.empty:
        st.info(f"{name} chưa có điểm tổng {figures.index_label(index_code)}.")
        return
    breaks = dashboard.query(cur, "score_breaks", index_code=index_code, subject_kind=kind, unit_id=unit_id)
    means = dashboard.query(cur, "score_aggregates", index_code=index_code, subject_kind=kind)
    st.plotly_chart(dashboard.figure(figures.score_trend, series, breaks, means, index_code), width="stretch", config=CHART_CONFIG)
    first, last = int(series["year"].min()), int(series["year"].max())
    for note in figures.break_notes(breaks, first, last):
        st.caption(f":material/info: {note}")
    st.caption(figures.years_caption(name, series))


def _lost(cur, index_code, unit_id, name, series, years):
    if not years:
        st.info(f"{name} chưa có điểm {figures.index_label(index_code)}.")
        return
    options = [str(y) for y in years]
    if st.session_state.get("s_year") not in (None, *options):     # another subject: its latest year
        del st.session_state["s_year"]
        st.session_state.get("_keep_choices", {}).pop("s_year", None)
    dashboard.link_choice("nam", "s_year", options, options[0])
    year = int(st.selectbox("Năm", options, key="s_year"))
    components = dashboard.query(cur, "score_components", index_code=index_code, unit_id=unit_id, year=year)
    total_row = figures.total_of(series, year)
    if components.empty or components["score"].isna().all():
        st.info(f"Chưa có điểm thành phần của {name} năm {year}. "
                + (f"Khung {components['version_label'].iloc[0]}: {len(components)} thành phần."
                   if len(components) and isinstance(components["version_label"].iloc[0], str) else ""))
        if len(components):
            st.dataframe(figures.components_table(components), hide_index=True, width="stretch")
        return
    st.markdown("**" + figures.lost_sentence(name, year, total_row, components) + "**")
    st.plotly_chart(dashboard.figure(figures.points_lost_bars, components, f"{name} — {figures.index_label(index_code)} {year}: "
                                                         "điểm đạt và điểm bị mất"),
                    width="stretch", config=CHART_CONFIG)
    version, previous = components["version_label"].iloc[0], components["prev_version_label"].iloc[0]
    if isinstance(previous, str) and previous != version:
        st.caption(f":material/info: Năm {year} chấm theo {version}, năm {year - 1} theo {previous}: điểm tối đa một "
                   "số thành phần đã thay đổi, so sánh với năm trước cần lưu ý.")
    st.dataframe(figures.components_table(components), hide_index=True, width="stretch")


def _compare(cur, index_code, kind, unit_ids):
    counts = dashboard.query(cur, "score_years", index_code=index_code, subject_kind=kind)
    years = [int(y) for y in counts["year"]]
    fullest = figures.fullest_year(counts)
    scored = dict(zip(years, counts["scored"]))
    year = st.selectbox("Năm so sánh", years, index=years.index(int(fullest)), key=f"s_compare_year_{index_code}_{kind}",
                        format_func=lambda y: f"{y} ({scored[y]} đối tượng có điểm)")
    compare = dashboard.query(cur, "score_compare", index_code=index_code, subject_kind=kind, year=year,
                              unit_ids=unit_ids, demo_loader=sample.SAMPLE_LOADER)
    if compare.empty:
        st.info(f"Chưa có điểm {figures.index_label(index_code)} năm {year}.")
        return
    means = dashboard.query(cur, "score_aggregates", index_code=index_code, subject_kind=kind)
    st.plotly_chart(dashboard.figure(figures.compare_dots, compare, index_code, means[means["year"] == year], year),
                    width="stretch", config=CHART_CONFIG)
    if index_code == "PAR":
        st.caption(f"{figures.PAR_GROUP_RULE} Thứ hạng ghi \"hạng 12/63\" như văn bản công bố.")
    st.dataframe(figures.compare_table(compare), hide_index=True, width="stretch")
    matrix = dashboard.query(cur, "score_component_matrix", index_code=index_code, subject_kind=kind, year=year,
                             unit_ids=unit_ids)
    if not matrix.empty:
        pages = figures.lost_pages(matrix)
        page = (st.number_input(f"Trang bản đồ điểm bị mất ({pages} trang, {figures.LOST_HEATMAP_UNITS} đơn vị mỗi "
                                "trang)", min_value=1, max_value=pages, value=1, key=f"s_lost_page_{index_code}_{kind}")
                if pages > 1 else 1)
        st.plotly_chart(dashboard.figure(figures.lost_heatmap, matrix, index_code, year, page), width="stretch", config=CHART_CONFIG)


def _subject_and_year(cur, index_code: str, kind: str, label: str, key: str):
    """A subject with values of the index (the default one first) and one of its years: (unit_id, name, year), or
    None when the index has no subject of that kind or the subject has no total."""
    subjects = dashboard.query(cur, "score_subjects", index_code=index_code, subject_kind=kind)
    if subjects.empty:
        st.info(f"Chưa có điểm {figures.index_label(index_code)} ({figures.kind_label(kind).lower()}).")
        return None
    names = dict(zip(subjects["unit_id"].astype(int).astype(str), subjects["name"]))
    left, right = st.columns([3, 1])
    chosen = left.selectbox(label, list(names), format_func=names.get, key=f"{key}_unit",
                            index=list(names).index(figures.default_subject(subjects, province.home_province(cur))))
    series = dashboard.query(cur, "score_series", index_code=index_code, unit_id=int(chosen),
                             demo_loader=sample.SAMPLE_LOADER)
    years = figures.scored_years(series)
    if not years:
        st.info(f"{names[chosen]} chưa có điểm tổng {figures.index_label(index_code)}; hãy chọn đơn vị khác.")
        return None
    return int(chosen), names[chosen], right.selectbox("Năm", years, key=f"{key}_year")


OWN_PICKERS = ("Thẻ này có ô chọn riêng bên dưới; các ô Chỉ số, Đối tượng, Đơn vị ở trên và Cấp ở thanh bên không "
               "áp dụng cho thẻ này.")


def _papi(cur):
    st.caption(f":material/info: {OWN_PICKERS}")
    chosen = _subject_and_year(cur, "PAPI", "tinh", "Tỉnh, thành phố", "s_papi")
    if chosen is None:
        return
    province, name, year = chosen
    dimensions = dashboard.query(cur, "score_papi_dimensions", year=year, unit_id=province)
    st.markdown(figures.papi_summary(dimensions, name, year))
    st.plotly_chart(dashboard.figure(figures.papi_bars, dimensions, name, year), width="stretch", config=CHART_CONFIG)
    st.caption("Mỗi nội dung chấm thang 1–10, tổng tối đa 80. Trung bình cả nước và tỉnh đứng đầu chỉ hiện ở nội dung "
               "đã được công bố; ô \"chưa công bố\" không phải điểm 0.")


def _idx766(cur):
    st.caption(f":material/info: {OWN_PICKERS}")
    chosen = _subject_and_year(cur, "IDX766", "so", "Sở, ban, ngành", "s_766")
    if chosen is None:
        return
    unit_id, name, year = chosen
    groups = dashboard.query(cur, "score_components", index_code="IDX766", unit_id=unit_id, year=year)
    if not groups.empty and groups["score"].notna().any():
        st.plotly_chart(dashboard.figure(figures.points_lost_bars, groups, f"{name} — Chỉ số 766 năm {year}: điểm 5 nhóm"),
                        width="stretch", config=CHART_CONFIG)
    dossiers = dashboard.query(cur, "dossier_yearly_totals", year_from=year, year_to=year, unit_ids=[unit_id])
    stored = dossiers.iloc[0] if len(dossiers) else None
    # rates typed below (widget keys survive reruns): indicator code → %
    typed = {k.removeprefix(RATE_KEY): float(v) for k, v in st.session_state.items()
             if k.startswith(RATE_KEY) and v is not None}
    whatif = dashboard.query(cur, "index_whatif", year=year, level="so", codes=list(typed), rates=list(typed.values()),
                             online_pct=_stored_rate(stored, "online_pct"),
                             on_time_766_pct=_stored_rate(stored, "on_time_766_pct"))
    st.markdown(f"**Nếu tỷ lệ đạt ngưỡng, {name} thêm được bao nhiêu điểm?** " + figures.whatif_sentence(whatif))
    st.plotly_chart(dashboard.figure(figures.whatif_bars, whatif), width="stretch", config=CHART_CONFIG)
    st.dataframe(figures.whatif_table(whatif), hide_index=True, width="stretch")
    st.caption(f"Cách tính: {figures.WHATIF_FORMULA}. Tỷ lệ 3.3 lấy từ số hồ sơ đã nạp (trực tuyến / hồ sơ mới tiếp "
               "nhận, chưa nhân tỷ lệ đồng bộ); 2.1 là tỷ lệ đúng hạn theo QĐ 766 (đã và đang giải quyết). Chỉ tiêu có "
               "dấu *: điểm tối đa chưa được văn bản công bố xác nhận, đang dùng giá trị cấu hình của khung chỉ số "
               "(thẻ \"Nguồn và khung chỉ số\"). Điểm 5 nhóm ở trên là điểm đã chấm; phần này tính lại từ tỷ lệ "
               "hiện tại nên có thể khác.")
    with st.expander("Nhập tỷ lệ hiện tại của các chỉ tiêu chưa có số liệu"):
        others = figures.rate_inputs(whatif)
        columns = st.columns(3)
        for i, (_, r) in enumerate(others.iterrows()):
            columns[i % 3].number_input(f"{r['component_code']} {r['component_name']} (%)", min_value=0.0,
                                        max_value=100.0, value=None, step=1.0, key=f"{RATE_KEY}{r['component_code']}")


def _stored_rate(row, column: str) -> float | None:
    """A rate of the unit's stored dossier year for the what-if; None (never NaN) when there is none."""
    return None if row is None or missing(row[column]) else float(row[column])


def _sources(cur, index_code, kind, unit_id, name):
    rows = dashboard.query(cur, "score_known_rows", index_code=index_code, unit_id=unit_id,
                           demo_loader=sample.SAMPLE_LOADER)
    st.markdown(f"**Các giá trị đã lưu của {name} — {figures.index_label(index_code)}**, mỗi giá trị một dòng với nguồn "
                "của nó (các nguồn ghi khác nhau được giữ cả hai).")
    st.dataframe(figures.known_rows_table(rows), hide_index=True, width="stretch",
                 column_config={"Đường dẫn": st.column_config.LinkColumn("Đường dẫn", display_text="Mở nguồn")})
    framework = dashboard.query(cur, "score_framework", index_code=index_code, level=kind)
    st.markdown(f"**Khung {figures.index_label(index_code)} ({figures.kind_label(kind).lower()}) theo từng phiên bản**")
    st.dataframe(figures.framework_table(framework), hide_index=True, width="stretch")
    _template_download(cur)


def _template_download(cur):
    year = st.number_input("Năm của mẫu bảng điểm", min_value=2005, max_value=2100, step=1,
                           value=figures.template_year(dashboard.query(cur, "score_indices", demo_loader=sample.SAMPLE_LOADER),
                                                       vietnam_today()),
                           key="s_template_year")
    st.download_button("Tải mẫu bảng điểm chỉ số (.xlsx)", mime=XLSX, key="s_template", on_click="ignore",
                       file_name=f"mau_bang_diem_chi_so_{int(year)}.xlsx",
                       data=lambda: score_template(dashboard.cursor(), int(year)))


dashboard.guarded(render)
