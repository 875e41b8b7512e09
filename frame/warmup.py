"""What the first session of a server process pays once, whatever its page: paid by serve.py before the server
accepts a session (`first_run_costs`), so the first visitor after a start does not wait for it.

Profiled in the script thread of a new server (bench/RESULTS.md, "Cold first visit"), a first run of Tổng quan
spent, besides its queries: Streamlit's check of whether it runs in a REPL (`inspect.stack()` at the first
element of the process, which maps the file of every imported module: ~2.000 `realpath` calls), the lazily
imported parts of Plotly (each trace's and layout's classes, their validators, the JSON encoder), the pandas
Styler and its templates (jinja2), Pillow's image plugins (the favicon of `st.set_page_config`) and
Streamlit's icon names. None of it depends on the data: it is the same at every scale."""

import contextlib
import gc
import importlib
import inspect
import logging
import os
import time
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import plotly.tools

import queries
from charts import theme

log = logging.getLogger("cchc")

FAVICON = Path(__file__).resolve().parents[1] / "charts" / "favicon.png"

# Streamlit reads these when a widget's label or an option carries an icon (`:material/…:`, an emoji); they are
# imported at that first use. Names of Streamlit's own modules: a release without one is skipped.
_STREAMLIT_LAZY = ("streamlit.emojis", "streamlit.material_icon_names")


def first_run_costs() -> None:
    _figure()
    _styler()
    _favicon()
    for name in _STREAMLIT_LAZY:
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module(name)
    # last: the map of module files covers every module imported above; later calls only look at new modules
    inspect.stack()


def _figure() -> None:
    """A figure with the traces and layout parts the charts use, checked and encoded as st.plotly_chart does."""
    quarters = pd.Series(["Quý I", "Quý II", "Quý III", "Quý IV"])
    values = pd.Series([98.5, 99.1, 97.8, 99.5])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=quarters, y=values, mode="lines+markers+text", text=values, name="Đúng hạn",
                             line=dict(color=theme.BLUE, width=2, dash="dot"), textfont=dict(size=11),
                             marker=dict(size=6), hovertemplate="%{y}<extra></extra>"))
    fig.add_trace(go.Bar(x=quarters, y=values, text=values, textposition="outside", name="Hồ sơ",
                         marker=dict(color=theme.TEAL), textfont=dict(size=11), orientation="v"))
    fig.add_trace(go.Heatmap(z=[[1.0, 2.0], [3.0, 4.0]], x=["a", "b"], y=["c", "d"], texttemplate="%{z}",
                             colorbar=dict(title=dict(text="%")), colorscale="Blues"))
    fig.add_trace(go.Histogram(x=values, xbins=dict(start=0, end=100, size=10), marker=dict(color=theme.GREY)))
    fig.add_hline(y=50, line=dict(color=theme.RED, dash="dash"), annotation_text="Mốc")
    fig.add_annotation(x="Quý I", y=98.5, text="98,5 %", showarrow=False, font=dict(size=11))
    theme.apply(fig, title="Khởi động")
    fig.update_xaxes(title=dict(text="Kỳ"), tickfont=dict(size=11), type="category")
    fig.update_yaxes(title=dict(text="%"), range=[0, 100], ticksuffix=" %")
    plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


def _styler() -> None:
    frame = pd.DataFrame({"Đơn vị": ["Sở A"], "Tỷ lệ": [98.5]})
    frame.style.format({"Tỷ lệ": "{:.1f}"}).map(lambda _: "color: red").to_html()


def _favicon() -> None:
    from PIL import Image

    with Image.open(FAVICON) as image:
        image.load()


# ---------------------------------------------------------------- the pages' own first runs

# From this many stored dossier rows a page's first queries on a new process take seconds (national scale, 6,5 M
# rows: Hồ sơ TTHC 5–9 s, Mục tiêu 3–7 s, Chất lượng dữ liệu 5 s of a cold first visit; bench/RESULTS.md, "Cold
# first visit … h-cold2"), so serve.py runs every page once before it accepts a session. Below it (the sample:
# 1.570 rows; the test suite's servers) a page's first run is well under a second and the start is not made
# longer for it. $CCHC_WARM_PAGES: "1" always, "0" never, unset or "auto" by this size.
PAGES_FROM_ROWS = 100_000
PAGE_RUN_TIMEOUT_S = 600


def pages_wanted(con) -> bool:
    """Whether serve.py runs the pages before serving on this warehouse. Never on an empty one (its first page
    loads the demo, with the progress bar the visitor watches)."""
    setting = os.environ.get("CCHC_WARM_PAGES", "auto").strip().lower()
    if setting in ("0", "no", "false", "off"):
        return False
    stored = queries.rows(con, "batch_count")[0]
    if stored[0] == 0:
        return False
    return setting in ("1", "yes", "true", "on") or stored[1] >= PAGES_FROM_ROWS


def page_runs(main_script: Path, pages: list[Path]) -> dict[str, float]:
    """Each page run once as a visitor without filters of their own sees it (Streamlit's AppTest, in this process,
    before the server exists): what its queries return stays in the query cache (`frame.cache`, global to the
    process, kept until the data change) and its figures in the figure cache, so the first visitor of each page
    reads them instead of waiting for DuckDB. Seconds per page. Only before serving: AppTest swaps Streamlit's
    runtime singleton for its own while it runs. With accounts on, a run sees the sign-in screen and warms only
    what every page asks before it (the filters' lists)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    uses_pages_directory = PagesManager.uses_pages_directory
    took = {}
    try:
        for page in pages:
            t = time.perf_counter()
            try:
                at = AppTest.from_file(str(main_script), default_timeout=PAGE_RUN_TIMEOUT_S)
                at.switch_page(str(page.relative_to(main_script.parent)))
                at.run()
                failed = [str(e.value)[:300] for e in at.exception]
                if failed:              # its first visitor sees the page's own message, as without this run
                    log.warning("warming page %s: %s", page.name, failed)
            except Exception:
                log.warning("warming page %s failed", page.name, exc_info=True)
            # the run's elements and frames go before the next page's run: the server's peak memory is then the
            # cache plus one page's run, not plus eleven (goal ≤ 1 GB at national scale)
            at = None
            gc.collect()
            took[page.name] = time.perf_counter() - t
            log.info("page %s run before serving in %.1f s", page.name, took[page.name])
    finally:
        PagesManager.uses_pages_directory = uses_pages_directory        # AppTest resets it for each run
    return took
