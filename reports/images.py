"""Each slide chart as a PNG file and each slide table as an .xlsx file, one at a time or all in a .zip.

Charts are drawn by matplotlib (`static_figure`, from the shapes of charts/presentation.py) rather than exported from plotly with
kaleido: kaleido needs a Chrome process at run time, matplotlib is a wheel with its own Vietnamese-capable
font (DejaVu Sans), draws a chart in about 0.1 s, and the same PNG goes into the PDF handout.
"""

import io
import math
import zipfile

from charts import presentation as shape
from reports.fonts import chart_font, chart_font_bold
from vocabulary.numbers import missing, number

PNG_DPI = 200


def static_figure(chart, width: float = 10.0, height: float = 5.0):
    """The same chart as a matplotlib Figure (for PNG files and the PDF); no pyplot, so no global state."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import FuncFormatter

    font, bold = FontProperties(fname=chart_font(), size=11), FontProperties(fname=chart_font_bold(), size=13)
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    low, high = shape.value_range(chart)
    ticks = FuncFormatter(lambda v, _: f"{number(v)} %" if chart.percent else number(v))
    for series in chart.series:
        if series.style == "bar":
            names = [shape.wrapped(c, 34) for c in chart.categories]
            bars = ax.barh(names, [0 if missing(v) else v for v in series.values],
                           color=list(series.colors or [series.color] * len(names)))
            ax.bar_label(bars, labels=[shape.label(chart, v) for v in series.values], padding=4, fontproperties=font)
            ax.invert_yaxis()
            ax.set_xlim(low, high)
            ax.xaxis.set_major_formatter(ticks)
        else:
            x = list(range(len(chart.categories)))
            points = [(i, v) for i, v in zip(x, series.values) if not missing(v)]
            if not points:
                continue
            xs, ys = zip(*points)
            if series.style == "target":
                ax.plot(xs, ys, linestyle="--", linewidth=1.8, color=series.color, label=series.name)
            else:
                ax.plot(xs, ys, marker="o", linewidth=2.6, color=series.color, label=series.name)
                for i, where in shape.labelled_points(chart, series).items():
                    below = where == "below"
                    ax.annotate(shape.label(chart, series.values[i]), (i, series.values[i]), textcoords="offset points",
                                xytext=(0, -10 if below else 8), ha="center", va="top" if below else "bottom",
                                fontproperties=FontProperties(fname=chart_font(), size=10), color=series.color)
            # one tick in `step`, so period labels never run together (12 quarters fit; 36 months do not)
            step = max(1, math.ceil(len(x) / 12))
            ax.set_xticks(x[::step], list(chart.categories)[::step])
            ax.set_ylim(low, high)
            ax.yaxis.set_major_formatter(ticks)
            if shape.axis_note(chart):
                ax.set_ylabel(shape.axis_note(chart), fontproperties=FontProperties(fname=chart_font(), size=10),
                              color="#5d6d7e")
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_fontproperties(font)
    if len(chart.series) > 1:
        ax.legend(prop=font, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(chart.series), frameon=False)
    ax.set_title(chart.title, loc="left", fontproperties=bold, color="#1b2631")
    ax.grid(axis="x" if chart.horizontal else "y", color="#e3e8ee")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def png(chart, width: float = 10.0, height: float = 5.0, dpi: int = PNG_DPI) -> bytes:
    buffer = io.BytesIO()
    static_figure(chart, width, height).savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def charts_zip(deck) -> bytes:
    """Every chart of the deck as `NN_key.png` (NN = slide number)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, slide in enumerate(deck.slides, start=1):
            if slide.chart is not None:
                archive.writestr(f"{number:02d}_{slide.chart.key}.png", png(slide.chart))
    return buffer.getvalue()


def tables_zip(deck) -> bytes:
    """Every slide's data table (all its rows) as `NN_key.xlsx` (formula-like text neutralised by reports.excel)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, slide in enumerate(deck.slides, start=1):
            if slide.data_table is not None:
                archive.writestr(f"{number:02d}_{slide.data_table.key}.xlsx", slide.data_table.xlsx())
    return buffer.getvalue()
