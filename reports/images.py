"""Each slide chart as a PNG file and each slide table as an .xlsx file, one at a time or all in a .zip.

Charts are drawn by matplotlib (charts.presentation.static_figure) rather than exported from plotly with
kaleido: kaleido needs a Chrome process at run time, matplotlib is a wheel with its own Vietnamese-capable
font (DejaVu Sans), draws a chart in about 0.1 s, and the same PNG goes into the PDF handout.
"""

import io
import zipfile

from charts.presentation import static_figure

PNG_DPI = 200


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
