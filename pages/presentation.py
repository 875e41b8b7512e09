"""Trình chiếu: the steering-committee meeting on the projector — full-screen slides, keyboard navigation,
and the same slides as a .pptx deck, an A4 PDF, PNG charts and .xlsx tables (reports/slides.py builds them).

The slide number is in the URL (?trang=3), with the units, the period and the thresholds, so a link reopens
the same slide. Keys: → / PageDown / Space next, ← / PageUp previous, Home / End first / last (Streamlit
1.67 buttons take a `shortcut`; one key per button, so the extra keys are buttons kept out of sight).
"""

import datetime as dt
from html import escape

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

import dashboard
from charts import presentation as figures
from reports import deck as pptx
from reports import images, pdf, slides
from vocabulary.thresholds import URGENT_BELOW, WATCH_BELOW

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 1rem 2.5rem; max-width: 100%; }
.st-key-t_extra_keys { display: none !important; }
/* a button clicked with the mouse kept a focus frame that ran across the toolbar; the keyboard's stays */
[data-testid="stMain"] button:focus:not(:focus-visible), [data-testid="stMain"] [tabindex]:focus:not(:focus-visible) {
  outline: none !important; box-shadow: none !important; }
.slide-title { font-size: 2.9rem; font-weight: 700; color: #1f4e79; line-height: 1.15; margin: 0.2rem 0 0.2rem 0; }
.slide-subtitle { font-size: 1.25rem; color: #5d6d7e; margin-bottom: 0.6rem; }
.slide-text li, .slide-text p { font-size: 1.55rem; line-height: 1.45; }
.slide-cover { text-align: center; padding-top: 8vh; }
.slide-cover .slide-title { font-size: 3.6rem; }
.slide-cover p { font-size: 1.6rem; color: #5d6d7e; }
.slide-note { font-size: 1.05rem; color: #5d6d7e; }
.slide-cover p.slide-sample { color: #c0392b; font-weight: 700; }
[data-testid="stMetricValue"] { font-size: 3.4rem; }
[data-testid="stMetricLabel"] p { font-size: 1.35rem; }
[data-testid="stMetricDelta"] { font-size: 1.3rem; }
.slide-table table { font-size: 1.3rem; width: 100%; }
.slide-table th { background: #1f4e79; color: white; text-align: left; padding: 0.3rem 0.5rem; }
.slide-table td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #d9e2ec; }
.slide-table td.num { text-align: right; white-space: nowrap; }
.slide-empty { font-size: 1.6rem; color: #5d6d7e; border: 1px solid #d9e2ec; background: #f4f7fa;
               border-radius: 0.6rem; padding: 2rem; margin-top: 3rem; text-align: center; }
</style>
"""


def _kept(key: str, from_link):
    """A setting's value: the widget's own once it exists, else what the link says.

    Passed to the widget as its default on every run, rather than seeded into the session state once: the
    settings live in a popover, which the browser draws only when opened, and a widget drawn after a rerun
    that did not set its value showed its default (N = 3, thresholds 0 / 0 after any slide change) while the
    slides used the kept values."""
    return st.session_state.get(key, from_link)


def _int(text, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(text), low), high)
    except (TypeError, ValueError):
        return default


def _settings(cur, panel) -> slides.Settings | None:
    """Units, period kind, period and thresholds: from the URL on arrival, then from the settings panel."""
    units = dashboard.query(cur, "dossier_units")
    kinds = dashboard.query(cur, "dossier_period_kinds")
    if units.empty or kinds.empty:
        return None
    params = st.query_params
    names = dict(zip(units["unit_id"].astype(int), units["name"]))
    kind_options = list(kinds["kind"])
    from_link = [int(x) for x in params.get("donvi", "").split(",") if x.isdigit()]
    shared = st.session_state.get("_keep_filters", {}).get("units", [])
    wanted_units = [u for u in _kept("t_units", from_link or shared) if u in names]
    param_kind = {v: k for k, v in dashboard.KIND_PARAM.items()}.get(params.get("ky", ""), "quarter")
    wanted_kind = _kept("t_kind", param_kind)
    if wanted_kind not in kind_options:
        if "t_kind" not in st.session_state and "ky" in params:     # a link older than a rollback: said
            st.toast(f"Liên kết chọn loại kỳ \"{dashboard.KIND_CHOICES.get(wanted_kind, wanted_kind).lower()}\" nhưng "
                     f"kho dữ liệu không còn số liệu loại kỳ đó; đang trình chiếu loại kỳ "
                     f"\"{dashboard.KIND_CHOICES[kind_options[0]].lower()}\".", icon=":material/link_off:")
        st.session_state.pop("t_kind", None)
        wanted_kind = kind_options[0]

    chosen = panel.multiselect("Đơn vị", options=list(names), format_func=names.get, key="t_units",
                               default=wanted_units, placeholder="Tất cả đơn vị")
    kind = panel.selectbox("Loại kỳ báo cáo", options=kind_options, format_func=dashboard.KIND_CHOICES.get,
                           key="t_kind", index=kind_options.index(wanted_kind))
    base = slides.Settings(tuple(chosen) or None, tuple(names[u] for u in chosen), kind, level=dashboard.chosen_level())
    periods = slides.period_rows(lambda name, **p: dashboard.query(cur, name, **p), base)
    if periods.empty:
        return base
    if note := dashboard.communes_start_note(cur, periods, chosen):
        panel.caption(f":material/warning: {note}")
    ends = [d.isoformat() for d in periods["period_end"].dt.date]
    labels = dict(zip(ends, periods["label"]))
    wanted_period = _kept("t_period", params.get("kybc"))
    if wanted_period not in ends:                  # another kind or other units: their latest period
        st.session_state.pop("t_period", None)
        wanted_period = params.get("kybc") if params.get("kybc") in ends else ends[-1]
    period = panel.selectbox("Kỳ báo cáo", options=ends[::-1], format_func=labels.get, key="t_period",
                             index=ends[::-1].index(wanted_period))
    bottom_n = panel.number_input("Số đơn vị, lĩnh vực thấp nhất hiển thị", min_value=3, max_value=10, step=1,
                                  key="t_n", value=_kept("t_n", _int(params.get("n"), 5, 3, 10)))
    left, right = panel.columns(2)
    urgent = left.number_input("Cần cải thiện gấp: dưới (%)", min_value=0, max_value=100, step=1, key="t_urgent",
                               value=_kept("t_urgent", _int(params.get("gap"), int(URGENT_BELOW), 0, 100)))
    watch = right.number_input("Cần chú ý: dưới (%)", min_value=0, max_value=100, step=1, key="t_watch",
                               value=_kept("t_watch", _int(params.get("chuy"), int(WATCH_BELOW), 0, 100)))
    if watch < urgent:
        panel.warning("Ngưỡng \"cần chú ý\" thấp hơn ngưỡng \"cần cải thiện gấp\": chỉ dùng ngưỡng "
                      "\"cần cải thiện gấp\".")
        watch = urgent
    st.query_params.update({"ky": dashboard.KIND_PARAM[kind], "kybc": period, "n": str(bottom_n),
                            "gap": str(urgent), "chuy": str(watch)})
    if chosen:
        st.query_params["donvi"] = ",".join(map(str, chosen))
    elif "donvi" in st.query_params:
        del st.query_params["donvi"]
    return slides.Settings(base.unit_ids, base.unit_names, kind, dt.date.fromisoformat(period), int(bottom_n),
                           float(urgent), float(watch), level=base.level)


def _move(step: int | None, total: int, to: int | None = None):
    """Button callback: the next / previous slide, or a given one (first, last)."""
    current = st.session_state.get("t_slide", 0)
    st.session_state["t_slide"] = min(max(to if to is not None else current + step, 0), total - 1)


def _extra_keys(total: int):
    """Presenter remotes send PageDown / PageUp; Space, Home and End as in any slide show. Out of sight."""
    with st.container(key="t_extra_keys"):
        st.button("Trang sau", key="t_pgdn", shortcut="PageDown", on_click=_move, args=(1, total))
        st.button("Trang sau (phím cách)", key="t_space", shortcut="Space", on_click=_move, args=(1, total))
        st.button("Trang trước", key="t_pgup", shortcut="PageUp", on_click=_move, args=(-1, total))
        st.button("Trang đầu", key="t_home", shortcut="Home", on_click=_move, args=(None, total, 0))
        st.button("Trang cuối", key="t_end", shortcut="End", on_click=_move, args=(None, total, total - 1))


def _downloads(column, deck, slide):
    with column.popover("Tải về", icon=":material/download:"):
        stem = deck.file_stem
        st.download_button("Bộ trình chiếu (.pptx)", data=lambda: pptx.build(deck), file_name=f"{stem}.pptx",
                           mime=PPTX, key="t_dl_pptx", on_click="ignore", icon=":material/slideshow:", width="stretch")
        st.download_button("Báo cáo in A4 (.pdf)", data=lambda: pdf.build(deck), file_name=f"{stem}.pdf",
                           mime="application/pdf", key="t_dl_pdf", on_click="ignore", icon=":material/picture_as_pdf:", width="stretch")
        st.download_button("Tất cả biểu đồ (.png, nén .zip)", data=lambda: images.charts_zip(deck),
                           file_name=f"{stem}_bieu_do.zip", mime=ZIP, key="t_dl_charts", on_click="ignore", width="stretch")
        st.download_button("Tất cả bảng số liệu (.xlsx, nén .zip)", data=lambda: images.tables_zip(deck),
                           file_name=f"{stem}_bang.zip", mime=ZIP, key="t_dl_tables", on_click="ignore", width="stretch")
        if slide.chart is not None:
            st.download_button("Biểu đồ trang này (.png)", data=lambda: images.png(slide.chart),
                               file_name=f"{slide.chart.key}.png", mime="image/png", key="t_dl_png", on_click="ignore", width="stretch")
        if slide.data_table is not None:
            st.download_button("Bảng trang này (.xlsx)", data=slide.data_table.xlsx, mime=XLSX,
                               file_name=f"{slide.data_table.key}.xlsx", key="t_dl_xlsx", width="stretch")
        if deck.sample:
            st.caption("Các tệp đều ghi rõ đây là dữ liệu minh họa.")


def _html_table(table) -> str:
    kinds = [c.kind for c in table.columns]
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(f"<td class='{'' if k == 'text' else 'num'}'>{escape(v)}</td>"
                                    for k, v in zip(kinds, row)) + "</tr>" for row in table.cells())
    return f"<div class='slide-table'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _bullets(sentences) -> str:
    return "<div class='slide-text'><ul>" + "".join(f"<li>{escape(s)}</li>" for s in sentences) + "</ul></div>"


def _show(deck, slide):
    if slide.key == "title":
        sample = "<p class='slide-sample'>DỮ LIỆU MINH HỌA</p>" if deck.sample else ""
        st.markdown(f"<div class='slide-cover'><div class='slide-title'>{escape(slide.title.upper())}</div>"
                    f"<p style='font-size:2.2rem;color:#1b2631'>{escape(slide.subtitle)}</p>"
                    + "".join(f"<p>{escape(line)}</p>" for line in slide.narrative) + sample + "</div>",
                    unsafe_allow_html=True)
        return
    st.markdown(f"<div class='slide-title'>{escape(slide.title)}</div>"
                f"<div class='slide-subtitle'>{escape(slide.subtitle)}</div>", unsafe_allow_html=True)
    if slide.empty:
        st.markdown(f"<div class='slide-empty'>{escape(slide.empty)}</div>", unsafe_allow_html=True)
    if slide.kpis:
        for column, kpi in zip(st.columns(len(slide.kpis)), slide.kpis):
            card = column.container(border=True, height="stretch")
            card.metric(kpi.label, kpi.value, delta=kpi.status or None, delta_arrow="off",
                        delta_color={"good": "green", "bad": "red"}.get(kpi.tone, "gray"))
            card.markdown(f"<div class='slide-note'>{escape(kpi.note)}</div>", unsafe_allow_html=True)
    if slide.chart is not None and slide.table is not None:
        left, right = st.columns([1.1, 1])
        left.plotly_chart(figures.figure(slide.chart, height=430), width="stretch", config={"displayModeBar": False})
        right.markdown(_html_table(slide.table), unsafe_allow_html=True)
        st.markdown(_bullets(slide.narrative), unsafe_allow_html=True)
    elif slide.chart is not None:
        left, right = st.columns([1.7, 1])
        # the chart alone takes the height of the slide, not half of it
        left.plotly_chart(figures.figure(slide.chart, height=640), width="stretch", config={"displayModeBar": False})
        right.markdown(_bullets(slide.narrative), unsafe_allow_html=True)
    elif slide.table is not None:
        st.markdown(_html_table(slide.table), unsafe_allow_html=True)
        st.markdown(_bullets(slide.narrative), unsafe_allow_html=True)
    elif slide.narrative:
        st.markdown(_bullets(slide.narrative), unsafe_allow_html=True)


def render():
    st.markdown(STYLE, unsafe_allow_html=True)
    cur = dashboard.cursor()
    exit_, setup, back, where, forward, downloads = st.columns([1.3, 1.3, 1.2, 1.0, 1.2, 1.3],
                                                               vertical_alignment="center")
    body = st.container()
    settings = _settings(cur, setup.popover("Thiết lập", icon=":material/tune:"))
    if settings is None:
        body.info("Chưa có số liệu hồ sơ TTHC để trình chiếu. Nạp các báo cáo Biểu 06 ở trang \"Nạp dữ liệu\".")
        return
    deck = slides.build(lambda name, **p: dashboard.query(cur, name, **p), settings)
    if deck is None:
        body.warning("Các đơn vị đã chọn chưa có số liệu cho loại kỳ này. Mở \"Thiết lập\" để chọn lại.")
        return
    total = len(deck.slides)
    if "t_slide" not in st.session_state:
        st.session_state["t_slide"] = _int(st.query_params.get("trang"), 1, 1, total) - 1
    position = min(st.session_state["t_slide"], total - 1)
    st.session_state["t_slide"] = position
    st.query_params["trang"] = str(position + 1)
    try:
        exit_.page_link("pages/overview.py", label="Thoát", icon=":material/close:")
    except StreamlitPageNotFoundError:      # the page run on its own (tests): no navigation to leave to
        exit_.caption("Trình chiếu")
    back.button("Trước", icon=":material/chevron_left:", key="t_prev", shortcut="Left", on_click=_move,
                args=(-1, total), disabled=position == 0, width="stretch")
    where.markdown(f"<div style='text-align:center;font-size:1.2rem'><b>{position + 1}</b> / {total}</div>",
                   unsafe_allow_html=True)
    forward.button("Sau", icon=":material/chevron_right:", icon_position="right", key="t_next", shortcut="Right",
                   on_click=_move, args=(1, total), disabled=position == total - 1, width="stretch", type="primary")
    slide = deck.slides[position]
    _downloads(downloads, deck, slide)
    _extra_keys(total)
    with body:
        _show(deck, slide)


dashboard.guarded(render)
