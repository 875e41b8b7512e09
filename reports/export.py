"""Everything the warehouse holds, handed out: one Excel workbook, or Parquet files in a .zip.

Both exports are faithful copies of the tables, to be read back by other tools (Excel, Power BI, Python, R):
one sheet / one file per table, named as the table, with the table's own column names (DESIGN.md "The
warehouse", one home for column names) and every row of every batch, whatever its status — the history
included, so that a reader can rebuild what the dashboard showed at any time. The tables are those of DuckDB's
catalog (a table added by a migration is exported without anyone listing it), less two of the app's own
bookkeeping (`INTERNAL`); the rows and column names come from the named query `export_table`.

In the workbook, numbers stay numbers and dates stay dates; lists (load_batch.replaces) are written as
"1, 2"; text a spreadsheet would run as a formula ("=…", "+…", "@…") is neutralised
(`reports.excel.neutralise`). A table longer than an Excel sheet (1.048.575 rows) cannot go into the
workbook: `TooLargeForExcel` says so and points to the Parquet export, which has no such limit.

Each function opens its own cursor of the connection it is given, so it can run in the thread Streamlit
uses for a deferred download.
"""

import io
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

import queries
from vocabulary.numbers import number
from reports.excel import neutralise

# batch_key is derived from dossier_count at load time; schema_version is the migrations' own record
INTERNAL = ("batch_key", "schema_version")
EXCEL_MAX_ROWS = 1_048_576 - 1          # one row for the header


class TooLargeForExcel(Exception):
    """A table does not fit on one Excel sheet; carries the Vietnamese message."""


def tables(con) -> list[str]:
    """The exported tables, in alphabetical order: every table of the catalog but `INTERNAL`."""
    return [t for (t,) in queries.rows(con, "backup_tables") if t not in INTERNAL]


def _cell(value):
    """A stored value as a spreadsheet cell value."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return neutralise(value)


def workbook_bytes(con) -> bytes:
    """The .xlsx: one sheet per table (`tables` order), a bold header row of column names, then the rows."""
    cur = con.cursor()
    try:
        wb = Workbook(write_only=True)
        header_font = Font(bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor="1F4E79")
        for table in tables(cur):
            columns, rows = queries.rows_and_columns(cur, "export_table", table_name=table)
            if len(rows) > EXCEL_MAX_ROWS:
                raise TooLargeForExcel(
                    f"Bảng {table} có {number(len(rows))} dòng, vượt quá giới hạn một trang tính Excel "
                    f"({number(EXCEL_MAX_ROWS)} dòng). Hãy tải bản Parquet (.zip).")
            ws = wb.create_sheet(table)
            ws.freeze_panes = "A2"
            for i, column in enumerate(columns, start=1):
                ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(column) + 4))
            header = []
            for column in columns:
                cell = WriteOnlyCell(ws, value=column)
                cell.font, cell.fill = header_font, header_fill
                header.append(cell)
            ws.append(header)
            for row in rows:
                ws.append([_cell(v) for v in row])
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
    finally:
        cur.close()


def parquet_zip_bytes(con) -> bytes:
    """The .zip: `<table>.parquet` for each table, written by DuckDB (`COPY … (FORMAT parquet)`) into a
    temporary folder, then zipped (stored, not compressed again: Parquet is compressed already)."""
    cur = con.cursor()
    try:
        with tempfile.TemporaryDirectory(prefix="cchc-parquet-") as folder:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
                for table in tables(cur):
                    path = Path(folder) / f"{table}.parquet"
                    queries.copy_parquet(cur, "export_table", path, table_name=table)
                    archive.write(path, arcname=path.name)
            return buffer.getvalue()
    finally:
        cur.close()
