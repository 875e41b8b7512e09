"""The A4 portrait handout (PDF) from the slides of reports.slides — the numbers of the projector and the deck.

reportlab (pinned) lays it out: it embeds a TrueType font (so every Vietnamese letter prints and can be
copied out of the PDF as text), its tables split across pages with the header row repeated, and it needs no
browser or system library. The font is Liberation Serif (metric-compatible with Times New Roman) when
fonts-liberation2 is installed, else DejaVu Serif from matplotlib — whichever covers every Vietnamese letter
(reports/fonts.py). Margins follow NĐ 30/2020 for administrative documents (left 3 cm, right 2 cm, top and
bottom 2 cm), body text 13 pt. Charts are the PNGs of reports/images.py, at 150 dpi.

One section per slide (Roman numerals, as in a báo cáo): its sentences, its KPI figures as a table, its chart
and its table; then an appendix with every row behind the slides (long tables run on over several pages).
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (CondPageBreak, Image, KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from charts import theme
from reports import images
from reports.fonts import pdf_family
from vocabulary.numbers import roman
from vocabulary.dates import DAY

MARGINS = dict(leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
TEXT_WIDTH = A4[0] - 5 * cm
NAVY = colors.HexColor(theme.BLUE)
MUTED = colors.HexColor("#5d6d7e")
PRINT_DPI = 150


def _fonts() -> str:
    """Register the handout's font family once; its name."""
    family = pdf_family()
    if family.name not in pdfmetrics.getRegisteredFontNames():
        faces = [family.name, family.name + "-Bold", family.name + "-Italic", family.name + "-BoldItalic"]
        for face, path in zip(faces, family.files):
            pdfmetrics.registerFont(TTFont(face, str(path)))
        pdfmetrics.registerFontFamily(family.name, normal=faces[0], bold=faces[1], italic=faces[2],
                                      boldItalic=faces[3])
    return family.name


def _styles(font: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=font, fontSize=13, leading=18, alignment=TA_JUSTIFY, spaceAfter=6,
                          firstLineIndent=1 * cm)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=font + "-Bold", fontSize=16, leading=22,
                                alignment=TA_CENTER, firstLineIndent=0, spaceAfter=4),
        "centre": ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=2),
        "note": ParagraphStyle("note", parent=body, fontName=font + "-Italic", fontSize=11, leading=15,
                               firstLineIndent=0, textColor=MUTED, alignment=TA_CENTER),
        "warning": ParagraphStyle("warning", parent=body, fontName=font + "-Bold", fontSize=11, leading=15,
                                  firstLineIndent=0, textColor=colors.HexColor(theme.RED), alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", parent=body, fontName=font + "-Bold", fontSize=14, leading=19,
                                  firstLineIndent=0, alignment=0, spaceBefore=10, spaceAfter=2, keepWithNext=1),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName=font + "-Italic", fontSize=11, leading=14,
                                   firstLineIndent=0, alignment=0, textColor=MUTED, spaceAfter=6, keepWithNext=1),
        "caption": ParagraphStyle("caption", parent=body, fontName=font + "-Italic", fontSize=11, leading=14,
                                  firstLineIndent=0, alignment=0, textColor=MUTED, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=13),
        "cell_right": ParagraphStyle("cell_right", fontName=font, fontSize=10.5, leading=13, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", fontName=font + "-Bold", fontSize=10.5, leading=13,
                                    textColor=colors.white),
    }


def _grid(rows, widths, styles, header=True, long=False):
    """A table with wrapped cells; a long one repeats its header row on each page."""
    kind = LongTable if long else Table
    table = kind(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b8c4d0")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, colors.HexColor("#f4f7fa")])]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), NAVY))
    table.setStyle(TableStyle(commands))
    return table


def _data_table(table, styles):
    """A slide table (reports.slides.Table) as a PDF table: names wrap, numbers align right."""
    heads = [Paragraph(escape(h), styles["cell_head"]) for h in table.headers]
    body = [[Paragraph(escape(v), styles["cell" if c.kind == "text" else "cell_right"])
             for c, v in zip(table.columns, row)] for row in table.cells()]
    weights = [3.0] + [1.2 if c.kind == "percent" else 1.5 if c.kind == "points" else 1.0 for c in table.columns[1:]]
    if len(weights) > 2 and table.columns[-1].kind == "text":
        weights[-1] = 1.6
    for i, column in enumerate(table.columns[1:-1], start=1):   # a sentence-like column ("cần thêm 54 tài khoản …")
        if column.kind == "text" and column.key == "need":
            weights[i] = 2.6
    widths = [TEXT_WIDTH * w / sum(weights) for w in weights]
    return _grid([heads] + body, widths, styles, long=len(body) > 15)


def _kpi_table(kpis, styles):
    rows = [[Paragraph(escape(h), styles["cell_head"]) for h in ("Chỉ tiêu", "Kết quả", "Đánh giá", "Ghi chú")]]
    for kpi in kpis:
        rows.append([Paragraph(escape(kpi.label), styles["cell"]), Paragraph(f"<b>{escape(kpi.value)}</b>", styles["cell_right"]),
                     Paragraph(escape(kpi.status or "—"), styles["cell"]), Paragraph(escape(kpi.note), styles["cell"])])
    return _grid(rows, [TEXT_WIDTH * w for w in (0.27, 0.15, 0.17, 0.41)], styles)


def _empty_box(message, styles):
    box = Table([[Paragraph(escape(message), styles["note"])]], colWidths=[TEXT_WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#b8c4d0")),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f4f7fa")),
                             ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return box


def _chart_image(chart):
    width = TEXT_WIDTH
    height = width * (5.0 if not chart.horizontal else 4.4) / 10.0
    # 16 cm wide at 150 dpi is sharp on paper, and a third faster to draw than the 200 dpi downloads
    return Image(io.BytesIO(images.png(chart, 10.0, 10.0 * height / width, dpi=PRINT_DPI)), width=width, height=height)


def _numbered_canvas(footer: str, font: str):
    """A canvas that knows the page count when it saves, for "Trang 2/7" in every footer."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault("initialFontName", font)      # no stray Helvetica in the file
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                page = f"Trang {self._pageNumber}/{total}"
                room = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"] - self.stringWidth(page, font, 9) - 12
                # a long footer (a week's dates, the demo warning) is set smaller rather than run into the page number
                size = min(9.0, 9.0 * room / max(self.stringWidth(footer, font, 9), 1))
                self.setFillColor(MUTED)
                self.setFont(font, size)
                self.drawString(MARGINS["leftMargin"], 1.2 * cm, footer)
                self.setFont(font, 9)
                self.drawRightString(A4[0] - MARGINS["rightMargin"], 1.2 * cm, page)
                super().showPage()
            super().save()

    return NumberedCanvas


def build(deck) -> bytes:
    """The PDF handout of `deck` (reports.slides.Deck)."""
    font = _fonts()
    styles = _styles(font)
    story = [Paragraph(escape(deck.title.upper()), styles["title"]),
             Paragraph(escape(f"{deck.scope_title} — {deck.period_label}"), styles["centre"]),
             Paragraph(escape(f"(Số liệu trích từ {deck.source} ngày {deck.created:{DAY}})"),
                       styles["note"])]
    if deck.sample:
        story.append(Paragraph("DỮ LIỆU MINH HỌA — số liệu giả lập, không phải số liệu chính thức", styles["warning"]))
    story.append(Spacer(1, 10))
    sections = [s for s in deck.slides if s.key != "title"]
    for number, slide in enumerate(sections, start=1):
        section = [Paragraph(escape(f"{roman(number)}. {slide.title.upper()}"), styles["heading"])]
        if slide.subtitle:
            section.append(Paragraph(escape(slide.subtitle), styles["subtitle"]))
        if slide.empty:
            section.append(_empty_box(slide.empty, styles))
        for sentence in slide.narrative:
            section.append(Paragraph(escape(sentence), styles["body"]))
        if slide.kpis:
            section += [Spacer(1, 4), _kpi_table(slide.kpis, styles), Spacer(1, 6)]
        block = ([Spacer(1, 4), _chart_image(slide.chart)] if slide.chart is not None else []) + (
            [Spacer(1, 4), _data_table(slide.table, styles)] if slide.table is not None else [])
        # a section that fits on what is left of the page stays there; one that does not starts on the next page
        # rather than leave its heading and text at the foot of one and its chart on the next (one longer than a
        # page runs on). Not nested: an inner KeepTogether makes the outer one break before every section.
        story += [KeepTogether(section + block), Spacer(1, 6)]
    appendix = [s.appendix for s in deck.slides if s.appendix is not None]
    if appendix:
        story.append(Paragraph("PHỤ LỤC: SỐ LIỆU CHI TIẾT", styles["heading"]))
        for number, table in enumerate(appendix, start=1):
            # a caption is not left alone at the foot of a page; the long table itself runs on
            story.append(CondPageBreak(4 * cm))
            story.append(Paragraph(escape(f"Bảng {number}. {table.title}"), styles["caption"]))
            story += [_data_table(table, styles), Spacer(1, 8)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=f"{deck.title} — {deck.scope_title} — {deck.period_label}",
                                 author="Bảng điều khiển CCHC", **MARGINS)
    document.build(story, canvasmaker=_numbered_canvas(deck.footer, font))
    return buffer.getvalue()
