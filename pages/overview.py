"""Tổng quan: where the chosen units stand in the latest period, and the trend by period."""

import functools

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import dashboard
from charts import theme
from charts import dossiers as figures
from vocabulary.numbers import missing, number, percent, points, signed
from reports import derived_series as derived


def render():
    st.title("Tổng quan")
    cur = dashboard.cursor()
    filters = dashboard.shared_filters(cur)
    if filters is None:
        st.info("Chưa có số liệu hồ sơ TTHC. Nạp các báo cáo Biểu 06 bằng lệnh "
                "`python -m loaders THƯ_MỤC_BÁO_CÁO` rồi tải lại trang.")
        return
    if dashboard.demo_dossiers_shown(cur, filters):
        st.caption(dashboard.demo_dossiers_note())
    periods = dashboard.query(cur, "dossier_period_totals", kind=filters.kind, year_from=filters.year_from,
                          year_to=filters.year_to, unit_ids=list(filters.unit_ids) if filters.unit_ids else None,
                          linh_vuc=None)
    st.caption(f"Phạm vi: {filters.scope_text}")
    unit_ids = list(filters.unit_ids) if filters.unit_ids else None
    lists = derived.span(functools.partial(dashboard.query, cur), unit_ids)
    source = _source_choice(lists)
    if source == derived.DOSSIERS and not periods.empty:
        periods = derived.period_series(functools.partial(dashboard.query, cur), periods, unit_ids)
    if periods.empty:
        st.warning("Không có số liệu cho bộ lọc đang chọn. Hãy mở rộng khoảng năm hoặc chọn loại kỳ khác.")
        return

    latest = periods.iloc[-1]
    st.subheader(f"Kỳ gần nhất: {latest['label']}")
    if note := dashboard.communes_start_note(cur, periods, filters.unit_ids, filters.year_from):
        st.caption(f":material/warning: {note}")
    if not missing(latest["prev_unit_count"]) and latest["unit_count"] < latest["prev_unit_count"]:
        st.warning(f"{latest['label']} mới có số liệu của {number(latest['unit_count'])} đơn vị "
                   f"(kỳ trước: {number(latest['prev_unit_count'])} đơn vị): so sánh với kỳ trước chưa đầy đủ.",
                   icon=":material/hourglass_top:")
    cards = st.columns(4)
    _card(cards[0], "Hồ sơ nhận giải quyết", number(latest["recv_total"]),
          signed(latest["d_prev_recv_total"]), latest, "ly_recv_total", "d_ly_recv_total", number, signed,
          f"Mới tiếp nhận {number(latest['online_den'])}, kỳ trước chuyển sang {number(latest['recv_carry'])}.",
          colour="off", prev_value="prev_recv_total")
    _card(cards[1], "Giải quyết trước và đúng hạn", percent(latest["on_time_pct"]),
          points(latest["d_prev_on_time_pp"]), latest, "ly_on_time_pct", "d_ly_on_time_pp", percent, points,
          f"{number(latest['on_time_num'])} / {number(latest['on_time_den'])} hồ sơ đã giải quyết.",
          prev_value="prev_on_time_pct")
    _card(cards[2], "Tiếp nhận trực tuyến", percent(latest["online_pct"]),
          points(latest["d_prev_online_pp"]), latest, "ly_online_pct", "d_ly_online_pp", percent, points,
          f"{number(latest['online_num'])} / {number(latest['online_den'])} hồ sơ mới tiếp nhận.",
          prev_value="prev_online_pct")
    _card(cards[3], "Đang giải quyết quá hạn", number(latest["proc_late"]),
          signed(latest["d_prev_proc_late"]), latest, "ly_proc_late", "d_ly_proc_late", number, signed,
          f"trên {number(latest['proc_total'])} hồ sơ đang giải quyết cuối kỳ.", colour="inverse",
          prev_value="prev_proc_late")

    if lists is not None and derived.covers(lists, latest["period_start"], latest["period_end"]):
        _links_to_dossiers(latest, unit_ids)

    left, right = st.columns(2)
    targets = dashboard.query(cur, "dossier_targets", year_from=filters.year_from, year_to=filters.year_to,
                          unit_ids=list(filters.unit_ids) if filters.unit_ids else None)
    left.plotly_chart(figures.rate_trend(periods, targets=targets, title="Tỷ lệ đúng hạn, trực tuyến"),
                      width="stretch", config=theme.CHART_CONFIG)
    right.plotly_chart(figures.channel_bars(periods), width="stretch", config=theme.CHART_CONFIG)

    with st.expander("Cách tính các chỉ tiêu"):
        st.markdown(
            "- **Tỷ lệ giải quyết trước và đúng hạn** = (trước hạn + đúng hạn) / số đã giải quyết "
            "(cột (8)+(9) / cột (7) Biểu 06). Hồ sơ kỳ trước chuyển sang được giải quyết trong kỳ được tính.\n"
            "- **Tỷ lệ tiếp nhận trực tuyến** = trực tuyến / số mới tiếp nhận (cột (4) / (4)+(5)); "
            "không tính hồ sơ kỳ trước chuyển sang.\n"
            "- **Hồ sơ nhận giải quyết** = cột (3) = trực tuyến + trực tiếp, bưu chính + từ kỳ trước.\n"
            "- **Đang giải quyết quá hạn** = cột (13), số tồn cuối kỳ (không cộng dồn qua các kỳ).\n"
            "- Khi gộp nhiều đơn vị, tỷ lệ được tính từ tổng tử số và tổng mẫu số, không lấy trung bình các tỷ lệ. "
            "Mẫu số bằng 0 hiển thị \"—\"."
        )


def _source_choice(lists) -> str:
    """Where the figures come from: the units' reports, or the dossier lists when some are stored (in the URL)."""
    if lists is None:
        return derived.REPORTS
    dashboard.link_choice("nguon", "o_source", list(derived.SOURCE_LABELS), derived.REPORTS)
    source = st.radio("Nguồn số liệu", options=list(derived.SOURCE_LABELS), format_func=derived.SOURCE_LABELS.get,
                      horizontal=True, key="o_source")
    st.caption(derived.source_note(source, lists))
    return source


def _links_to_dossiers(latest, unit_ids):
    """From the latest period's counts to the dossiers behind them (Hồ sơ chi tiết)."""
    links = st.container(horizontal=True)
    for measure, text in (("proc_late", "đang giải quyết quá hạn"), ("res_late", "giải quyết quá hạn"),
                          ("proc_total", "đang giải quyết cuối kỳ")):
        try:
            links.page_link(derived.DETAIL_PAGE, label=f"Xem hồ sơ {text} ({latest['label']})",
                            icon=":material/list_alt:", query_params=derived.detail_link(
                                latest["period_start"], latest["period_end"], measure, unit_ids))
        except StreamlitPageNotFoundError:       # the page run on its own (a test): no other page to open
            links.caption(f"Hồ sơ {text}: trang Hồ sơ chi tiết")


def _card(column, title, value, delta, row, ly_value, ly_delta, fmt, delta_fmt, help_text, colour="normal",
          prev_value=None):
    """A KPI card: value, change against the previous period (arrow), and the same period last year."""
    prev = None if missing(row["prev_label"]) else row["prev_label"]
    unchanged = delta.startswith("±")       # no arrow, no colour for a change that rounds to nothing
    column.metric(title, value, delta=f"{delta} so với kỳ trước" if prev else None,
                  delta_color="off" if unchanged else colour, delta_arrow="off" if unchanged else "auto",
                  help=help_text, border=True)
    lines = []
    if prev:
        lines.append(f"Kỳ trước ({prev}): {fmt(row[prev_value])}")
    if not missing(row["ly_label"]):
        lines.append(f"Cùng kỳ năm trước ({row['ly_label']}): {fmt(row[ly_value])} ({delta_fmt(row[ly_delta])})")
    else:
        lines.append("Chưa có số liệu cùng kỳ năm trước.")
    column.caption("  \n".join(lines))


dashboard.guarded(render)
