"""What the first session of a server process pays once, whatever its page: paid by serve.py before the server
accepts a session (`first_run_costs`), so the first visitor after a start does not wait for it.

Profiled in the script thread of a new server (bench/RESULTS.md, "Cold first visit"), a first run of Tổng quan
spent, besides its queries: Streamlit's check of whether it runs in a REPL (`inspect.stack()` at the first
element of the process, which maps the file of every imported module: ~2.000 `realpath` calls), the lazily
imported parts of Plotly (each trace's and layout's classes, their validators, the JSON encoder), the pandas
Styler and its templates (jinja2), Pillow's image plugins (the favicon of `st.set_page_config`) and
Streamlit's icon names. None of it depends on the data: it is the same at every scale."""

import contextlib
import importlib
import inspect
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io
import plotly.tools

from charts import theme

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
