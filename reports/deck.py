"""The steering-committee deck (.pptx) from the slides of reports.slides — the numbers of the projector.

python-pptx (pinned) writes the file. Charts are native PowerPoint charts, not pictures: the department
can restyle them, and their values are the query values (the test reads them back); data labels are written
as text in Vietnamese format (97,66 %), so they do not depend on the viewer's locale. Tables are real
PowerPoint tables. The slide shows the short narrative; the notes hold all of it with the data source.
Text is set in Arial, which every Windows PowerPoint has with the Vietnamese letters (LibreOffice uses the
metric-compatible Liberation Sans).
"""

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from charts import theme
from charts.presentation import label as value_label
from charts.presentation import labelled_points
from charts.presentation import axis_note, value_range

FONT = "Arial"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
LEFT, TOP, RIGHT, BOTTOM = Inches(0.5), Inches(1.7), Inches(12.833), Inches(6.95)
NAVY = RGBColor.from_string(theme.BLUE[1:])
INK = RGBColor.from_string("1B2631")
MUTED = RGBColor.from_string("5D6D7E")
TONES = {"good": RGBColor.from_string(theme.GREEN[1:]), "bad": RGBColor.from_string(theme.RED[1:]), "neutral": INK}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, paragraphs, size=16, bold=False, colour=INK, align=PP_ALIGN.LEFT,
          bullets=False, anchor=MSO_ANCHOR.TOP):
    """A text box; `paragraphs` a list of strings (one paragraph each), shrunk by PowerPoint if it overflows."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    frame.vertical_anchor = anchor
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.space_after = Pt(size * 0.5)
        run = paragraph.add_run()
        run.text = f"• {text}" if bullets else text
        run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
        run.font.color.rgb = colour
    return box


def _fitting_size(paragraphs, area_chars: int, largest: int = 20, smallest: int = 12) -> int:
    """A font size at which the text about fills its box: fewer, larger letters for short text."""
    length = sum(len(p) for p in paragraphs) or 1
    size = largest
    while size > smallest and length * (size / largest) ** 2 > area_chars:
        size -= 1
    return size


def _header(slide, item, deck, number_, total):
    _text(slide, LEFT, Inches(0.3), Inches(12.3), Inches(0.8), [item.title], size=30, bold=True, colour=NAVY)
    if item.subtitle:
        _text(slide, LEFT, Inches(1.05), Inches(12.3), Inches(0.55), [item.subtitle], size=14, colour=MUTED)
    line = slide.shapes.add_connector(1, LEFT, Inches(1.62), RIGHT, Inches(1.62))
    line.line.color.rgb, line.line.width = NAVY, Pt(1.5)
    _text(slide, LEFT, Inches(7.02), Inches(11), Inches(0.35), [deck.footer], size=10,
          colour=_rgb(theme.RED) if deck.sample else MUTED)
    _text(slide, Inches(11.6), Inches(7.02), Inches(1.23), Inches(0.35), [f"{number_}/{total}"], size=10,
          colour=MUTED, align=PP_ALIGN.RIGHT)


def _kpis(slide, kpis, top, height):
    gap = Inches(0.2)
    width = int((RIGHT - LEFT - gap * (len(kpis) - 1)) / len(kpis))
    for i, kpi in enumerate(kpis):
        left = LEFT + i * (width + gap)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        card.adjustments[0] = 0.06
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor.from_string("F4F7FA")
        card.line.color.rgb = TONES[kpi.tone] if kpi.tone != "neutral" else RGBColor.from_string("D9E2EC")
        card.line.width = Pt(2)
        inner = Inches(0.15)
        _text(slide, left + inner, top + Inches(0.08), width - 2 * inner, Inches(0.55), [kpi.label], size=14,
              colour=MUTED)
        _text(slide, left + inner, top + Inches(0.55), width - 2 * inner, Inches(0.75), [kpi.value], size=34,
              bold=True, colour=TONES[kpi.tone] if kpi.tone == "bad" else INK)
        below = top + Inches(1.3)
        if kpi.status:
            _text(slide, left + inner, below, width - 2 * inner, Inches(0.4), [kpi.status], size=15, bold=True,
                  colour=TONES[kpi.tone])
            below += Inches(0.4)
        if kpi.note:
            _text(slide, left + inner, below, width - 2 * inner, top + height - below, [kpi.note], size=11,
                  colour=MUTED)


def _chart(slide, chart, left, top, width, height):
    data = CategoryChartData(number_format="0.00")
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, [None if v is None else float(v) for v in series.values])
    kind = XL_CHART_TYPE.BAR_CLUSTERED if chart.horizontal else XL_CHART_TYPE.LINE_MARKERS
    graphic = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    graphic.has_title = False
    graphic.font.name, graphic.font.size = FONT, Pt(12)
    low, high = value_range(chart)
    axis = graphic.value_axis
    axis.minimum_scale, axis.maximum_scale = low, high
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E3E8EE")
    note = axis_note(chart)
    if note:
        axis.has_title = True
        axis.axis_title.text_frame.text = note
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    axis.tick_labels.number_format = '0" %"' if chart.percent else "#,##0"
    axis.tick_labels.number_format_is_linked = False
    graphic.category_axis.tick_labels.font.size = Pt(12)
    if chart.horizontal:
        graphic.category_axis.reverse_order = True      # the lowest first, at the top
        graphic.plots[0].gap_width = 60
    graphic.has_legend = len(chart.series) > 1
    if graphic.has_legend:
        graphic.legend.position, graphic.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    for plotted, series in zip(graphic.plots[0].series, chart.series):
        colour = _rgb(series.color)
        if series.style == "bar":
            for i, point_colour in enumerate(series.colors or [series.color] * len(series.values)):
                point = plotted.points[i]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(point_colour)
        else:
            plotted.smooth = False
            plotted.format.line.color.rgb = colour
            plotted.format.line.width = Pt(2 if series.style == "target" else 3.5)
            if series.style == "target":
                plotted.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                plotted.marker.style = XL_MARKER_STYLE.NONE
                continue
            plotted.marker.style, plotted.marker.size = XL_MARKER_STYLE.CIRCLE, 8
            plotted.marker.format.fill.solid()
            plotted.marker.format.fill.fore_color.rgb = colour
        where = ({i: "end" for i, v in enumerate(series.values) if v is not None} if chart.horizontal
                 else labelled_points(chart, series))
        for i, side in where.items():
            label = plotted.points[i].data_label
            label.has_text_frame = True
            label.text_frame.text = value_label(chart, series.values[i])
            label.position = {"end": XL_LABEL_POSITION.OUTSIDE_END, "below": XL_LABEL_POSITION.BELOW}.get(
                side, XL_LABEL_POSITION.ABOVE)
            label.font.size = Pt(11 if not chart.horizontal else 13)
            label.font.color.rgb = colour if series.style != "bar" else INK


def _table(slide, table, left, top, width, max_height):
    cells = table.cells()
    rows, columns = len(cells) + 1, len(table.columns)
    row_height = min(Inches(0.42), int(max_height / rows))
    shape = slide.shapes.add_table(rows, columns, left, top, width, row_height * rows)
    grid = shape.table
    # the name column gets the room it needs; the last text column ("Cần cải thiện gấp") a little more
    weights = [3.0] + [1.4 if column.kind == "percent" else 1.0 for column in table.columns[1:]]
    if columns > 2 and table.columns[-1].kind == "text":
        weights[-1] = 1.5
    for c, weight in enumerate(weights):
        grid.columns[c].width = int(width * weight / sum(weights))
    size = Pt(12 if rows <= 8 else 10)
    for r, values in enumerate([table.headers] + cells):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.text = value
            cell.margin_left = cell.margin_right = Inches(0.05)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if c == 0 or table.columns[c].kind == "text" else PP_ALIGN.RIGHT
            for run in paragraph.runs:
                run.font.name, run.font.size, run.font.bold = FONT, size, r == 0
    return shape


def _empty(slide, message):
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(1.5), Inches(2.6), Inches(10.3), Inches(2.2))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor.from_string("F4F7FA")
    box.line.color.rgb = RGBColor.from_string("D9E2EC")
    _text(slide, Inches(1.8), Inches(2.75), Inches(9.7), Inches(1.9), [message], size=20, colour=MUTED,
          align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)


def _notes(slide, item, deck):
    lines = list(item.narrative) or ([item.empty] if item.empty else [])
    lines.append(f"Nguồn: kho dữ liệu CCHC (báo cáo Biểu 06/VPCP/KSTT) — {deck.footer}.")
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def build(deck) -> bytes:
    """The .pptx file of `deck` (reports.slides.Deck), one PowerPoint slide per slide."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    blank = presentation.slide_layouts[6]
    total = len(deck.slides)
    for number_, item in enumerate(deck.slides, start=1):
        slide = presentation.slides.add_slide(blank)
        if item.key == "title":
            _title(slide, item, deck)
            _notes(slide, item, deck)
            continue
        _header(slide, item, deck, number_, total)
        top = TOP
        if item.empty:
            _empty(slide, item.empty)
        if item.kpis:
            _kpis(slide, item.kpis, top, Inches(2.15))
            top += Inches(2.35)
        table = item.table
        height = BOTTOM - top
        if item.chart is not None and table is not None:
            # chart and table side by side, the sentences across the foot of the slide
            half, upper = Inches(5.9), Inches(3.55)
            _chart(slide, item.chart, LEFT, top, half, upper)
            right = LEFT + half + Inches(0.3)
            _table(slide, table, right, top, RIGHT - right, upper)
            below = top + upper + Inches(0.15)
            _text(slide, LEFT, below, RIGHT - LEFT, BOTTOM - below, list(item.narrative),
                  size=_fitting_size(item.narrative, 420, 16, 11), bullets=True)
        elif item.chart is not None:
            side = Inches(8.4)
            _chart(slide, item.chart, LEFT, top, side, height)
            right = LEFT + side + Inches(0.3)
            _text(slide, right, top, RIGHT - right, height, list(item.narrative),
                  size=_fitting_size(item.narrative, 700, 18, 12), bullets=True)
        elif table is not None:
            shape = _table(slide, table, LEFT, top, RIGHT - LEFT, height)
            _text(slide, LEFT, top + shape.height + Inches(0.2), RIGHT - LEFT, BOTTOM - top - shape.height,
                  list(item.narrative), size=16, bullets=True)
        elif item.narrative:
            area = int((height / Inches(1)) * 330) if not item.kpis else 700
            _text(slide, LEFT, top, RIGHT - LEFT, Emu(BOTTOM - top), list(item.narrative),
                  size=_fitting_size(item.narrative, area, 22, 13), bullets=True)
        _notes(slide, item, deck)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _title(slide, item, deck):
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    _text(slide, Inches(0.8), Inches(1.7), Inches(11.7), Inches(1.3), [item.title.upper()], size=36, bold=True,
          colour=NAVY, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    _text(slide, Inches(0.8), Inches(3.0), Inches(11.7), Inches(0.8), [item.subtitle], size=26, colour=INK,
          align=PP_ALIGN.CENTER)
    _text(slide, Inches(1.5), Inches(4.2), Inches(10.3), Inches(2.5), list(item.narrative), size=16,
          colour=MUTED, align=PP_ALIGN.CENTER)
    if deck.sample:
        _text(slide, Inches(0.8), Inches(6.8), Inches(11.7), Inches(0.5), ["DỮ LIỆU MINH HỌA"], size=14, bold=True,
              colour=_rgb(theme.RED), align=PP_ALIGN.CENTER)
