"""Tables handed out as .xlsx: Vietnamese headers, numbers kept as numbers, no cell read as a formula."""

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vocabulary.cells import FORMULA_STARTS, neutralise


def as_text(value):
    """A stored label for a workbook that must read back exactly as stored (the upload templates): text that
    starts like a formula becomes a rich-text value, which openpyxl writes as a text cell — never a formula —
    without adding a character (unlike `neutralise`, whose apostrophe would change the label)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return CellRichText(value)
    return value


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):          # numpy scalars
        value = value.item()
    return neutralise(value)


def table_xlsx(frame: pd.DataFrame, columns: dict[str, str], title: str) -> bytes:
    """The `columns` of `frame` (name → Vietnamese header, in that order) as a one-sheet workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    names = [c for c in columns if c in frame.columns]
    ws.append([columns[c] for c in names])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row_number, record in enumerate(frame[names].itertuples(index=False), start=2):
        ws.append([_plain(v) for v in record])
        for column in range(1, len(names) + 1):   # by position: ws.max_row scans every cell
            cell = ws.cell(row_number, column)
            if cell.data_type == "f":     # belt and braces: never store a formula from data
                cell.data_type = "s"
    for i, name in enumerate(names, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, min(45, len(columns[name]) + 4))
        if name.endswith(("_pct", "_pp", "_share")):
            for cell in ws[letter][1:]:
                cell.number_format = "0.00"
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
