"""Reading a file into plain grids of cell values, whatever its format — after refusing the files that
would cost memory or time, or are not what they claim to be.

.xlsx goes through python-calamine (fast, returns cached values of formula cells); .csv through
the csv module (UTF-8 with or without BOM). Grids are absolute: `rows[r][c]` is Excel cell
(r+1, c+1), so issue references ("F16") point where the analyst looks.

**Before any parsing** (`check_file`), from the bytes and the zip's central directory only, a file is
refused, with a Vietnamese message naming it, when it is: larger than the size limit; a macro-enabled
(.xlsm) or binary (.xlsb) workbook, by name or by content; not a zip at all (HTML, text or PDF renamed
.xlsx, or an old .xls / password-protected workbook, which are OLE files); a truncated zip; a zip whose
members would expand far beyond the file (a "zip bomb": total size, or ratio above `max_ratio` once past
10 MB); a zip that is not a spreadsheet; a workbook with too many sheets. Then each member is inflated once
in small chunks, counting what really comes out (a central directory can lie) and checking its CRC, while
the sheets' row and column numbers are read from their XML: too many rows, or a used area (rows ×
columns, which calamine would allocate as a grid) too large, refuses the file before calamine sees it.
Limits come from the environment, read at each call (`limits()`).

Text cells are kept as text: a label written "=HYPERLINK(…)" or "+84…" is stored as those characters and
never evaluated; exports neutralise such text (`reports.excel.neutralise`).
"""

import csv
import hashlib
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from loaders import xlsx_structure as structure
from vocabulary.issues import ERROR, Issue
from vocabulary.numbers import megabytes, number

ACCEPTED_SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class Limits:
    """What a file may cost. Each can be changed by its environment variable (a number)."""
    file_mb: float = 5.0                 # CCHC_MAX_FILE_MB: the file as uploaded
    uncompressed_mb: float = 50.0        # CCHC_MAX_UNCOMPRESSED_MB: all members of an .xlsx once inflated
    max_ratio: float = 100.0             # CCHC_MAX_ZIP_RATIO: inflated / compressed, checked past 10 MB inflated
    sheets: int = 50                   # CCHC_MAX_SHEETS
    rows: int = 50_000                 # CCHC_MAX_ROWS: per sheet (the last row number used), and per .csv
    cells: int = 2_000_000             # CCHC_MAX_CELLS: per sheet, last row × last column (calamine's grid)
    members: int = 1_000               # CCHC_MAX_ZIP_MEMBERS

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1024 * 1024)

    @property
    def uncompressed_bytes(self) -> int:
        return int(self.uncompressed_mb * 1024 * 1024)


_ENV = {"file_mb": "CCHC_MAX_FILE_MB", "uncompressed_mb": "CCHC_MAX_UNCOMPRESSED_MB", "max_ratio": "CCHC_MAX_ZIP_RATIO",
        "sheets": "CCHC_MAX_SHEETS", "rows": "CCHC_MAX_ROWS", "cells": "CCHC_MAX_CELLS",
        "members": "CCHC_MAX_ZIP_MEMBERS"}
RATIO_FLOOR = 10 * 1024 * 1024        # below this inflated size a high ratio is harmless (sparse sheets)


def limits() -> Limits:
    """The limits in force: defaults, overridden by the environment variables of `_ENV`."""
    values = {}
    for name, variable in _ENV.items():
        text = os.environ.get(variable)
        if text:
            kind = type(getattr(Limits, name))
            try:
                values[name] = kind(float(text)) if kind is int else float(text)
            except ValueError:
                pass                  # a mistyped setting keeps the default rather than stopping uploads
    return Limits(**values)


@dataclass
class Sheet:
    name: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False      # hidden or "very hidden" in Excel: said by name, loaded only when asked for

    def value(self, row: int, col: int):
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


class UnreadableFile(Exception):
    """The file cannot be opened as a workbook; carries the Vietnamese message for the analyst."""

    def __init__(self, issue: Issue):
        super().__init__(issue.message)
        self.issue = issue


def _refuse(message: str):
    raise UnreadableFile(Issue(ERROR, None, None, message))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unreadable_message(name: str) -> str:
    return (f"Tệp {name} không đọc được như một bảng tính Excel (.xlsx): tệp hỏng, bị cắt ngắn "
            "hoặc không phải .xlsx. Hãy mở lại trong Excel, lưu lại rồi tải lên.")


SAVE_AS_XLSX = "Hãy mở tệp trong Excel, chọn Lưu thành (Save As) → \"Excel Workbook (*.xlsx)\" rồi tải lên tệp .xlsx."
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_size(name: str, size: int, limit: Limits) -> None:
    """The first check of `check_file`, on the size alone: the caller can refuse a file too large for a report
    before sending its bytes to a reader's child (a year's dossier list, read by its own reader instead)."""
    if size > limit.file_bytes:
        _refuse(f"Tệp {name} nặng {megabytes(size)}, vượt giới hạn {megabytes(limit.file_bytes)} cho một tệp tải lên. Báo "
                "cáo Biểu 06 thường chỉ vài chục KB: hãy kiểm tra đã chọn đúng tệp, xóa các trang tính, hình ảnh "
                "không cần rồi lưu lại và tải lên.")


def check_file(name: str, data: bytes, limit: Limits | None = None) -> None:
    """Refuse (`UnreadableFile`) a file that is too costly or not what its name says, before any parsing."""
    limit = limit or limits()
    suffix = Path(name).suffix.lower()
    check_size(name, len(data), limit)
    if suffix == ".xlsm":
        _refuse(f"Tệp {name} là bảng tính có macro (.xlsm); vì an toàn, hệ thống không nhận tệp có macro. "
                + SAVE_AS_XLSX)
    if suffix == ".xlsb":
        _refuse(f"Tệp {name} là bảng tính dạng nhị phân (.xlsb), không đọc được. " + SAVE_AS_XLSX)
    if suffix == ".xlsx":
        _check_xlsx(name, data, limit)
    elif suffix == ".csv":
        check_lines(name, data.count(b"\n") + (0 if data.endswith(b"\n") else 1), limit)


def check_lines(name: str, lines: int, limit: Limits) -> None:
    """The line count of a .csv against the row limit (the caller counts: from bytes, or a file read in parts)."""
    if lines > limit.rows:
        _refuse(f"Tệp {name} có {number(lines)} dòng, vượt giới hạn {number(limit.rows)} dòng cho một tệp. Hãy tách "
                "thành nhiều tệp nhỏ hơn (ví dụ theo kỳ hoặc theo đơn vị).")


def _check_xlsx(name: str, data: bytes, limit: Limits) -> None:
    try:
        _check_zip(name, data, limit)
    except UnreadableFile:
        raise
    except Exception as exc:     # zipfile raises many types on damaged bytes (ValueError, NotImplementedError…)
        raise UnreadableFile(Issue(ERROR, None, None, unreadable_message(name))) from exc


def _check_zip(name: str, data: bytes, limit: Limits) -> None:
    if data[:8] == OLE_MAGIC:
        _refuse(f"Tệp {name} không phải tệp .xlsx thật: đây là tệp Excel cũ (.xls) được đổi tên, hoặc tệp Excel đã "
                "đặt mật khẩu mở. Hãy mở trong Excel, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng .xlsx.")
    if not data.startswith(b"PK"):
        _refuse(unreadable_message(name))          # HTML, text, PDF… renamed .xlsx
    archive = zipfile.ZipFile(io.BytesIO(data))    # truncated (no central directory): BadZipFile, see above
    members = archive.infolist()
    names = {m.filename for m in members}
    if len(members) > limit.members:
        _refuse(f"Tệp {name} chứa {number(len(members))} thành phần nén, quá nhiều cho một bảng tính "
                f"(giới hạn {number(limit.members)}). Tệp không được đọc. " + SAVE_AS_XLSX)
    inflated = sum(m.file_size for m in members)
    ratio = inflated / max(1, sum(m.compress_size for m in members))
    if inflated > limit.uncompressed_bytes or (inflated > RATIO_FLOOR and ratio > limit.max_ratio):
        _refuse(_bomb_message(name, inflated, len(data), limit))
    if "xl/vbaProject.bin" in names or any(n.lower().endswith("vbaproject.bin") for n in names):
        _refuse(f"Tệp {name} chứa macro (VBA) dù mang đuôi .xlsx; vì an toàn, hệ thống không nhận tệp có macro. "
                + SAVE_AS_XLSX)
    if "xl/workbook.bin" in names:
        _refuse(f"Tệp {name} là bảng tính dạng nhị phân (.xlsb) được đổi tên thành .xlsx, không đọc được. "
                + SAVE_AS_XLSX)
    if "xl/workbook.xml" not in names:
        _refuse(f"Tệp {name} là tệp nén nhưng không phải bảng tính Excel (.xlsx) — có thể là tệp Word, OpenDocument "
                "(.ods) hoặc .zip được đổi tên. " + SAVE_AS_XLSX)
    try:
        sheets = structure.sheet_members(archive)
    except structure.EntityFound as exc:
        _refuse(_dtd_message(name, exc.member))
    except structure.XmlError:
        _refuse(unreadable_message(name))
    if len(sheets) > limit.sheets:
        _refuse(f"Tệp {name} có {number(len(sheets))} trang tính, vượt giới hạn {number(limit.sheets)}. Hãy chỉ giữ "
                "các trang tính báo cáo, lưu lại rồi tải lên.")
    _inflate_and_measure(name, archive, sheets, len(data), limit)


def _bomb_message(name: str, inflated: int, size: int, limit: Limits, counted: bool = False) -> str:
    ratio = inflated / max(size, 1)
    if inflated > limit.uncompressed_bytes:
        more = "hơn " if counted else ""
        why = (f"khi giải nén chiếm {more}{megabytes(inflated)} (gấp {number(ratio)} lần tệp {megabytes(size)}), vượt giới "
               f"hạn {megabytes(limit.uncompressed_bytes)}")
    else:
        why = (f"khi giải nén chiếm {megabytes(inflated)}, gấp {number(ratio)} lần tệp {megabytes(size)} (giới hạn "
               f"{number(limit.max_ratio)} lần)")
    return (f"Tệp {name} {why}: có thể là tệp \"bom nén\" độc hại hoặc chứa vùng dữ liệu thừa rất lớn. Tệp không "
            "được đọc. Hãy kiểm tra nguồn gửi tệp; nếu đúng là báo cáo, mở trong Excel, xóa các dòng, cột, trang tính "
            "thừa, lưu lại rồi tải lên.")


def _inflate_and_measure(name, archive, sheets: dict[str, str], size: int, limit: Limits) -> None:
    """Every member inflated and every XML member parsed (loaders.xlsx_structure); the limits checked on what
    the file really holds."""
    def too_large(total):
        _refuse(_bomb_message(name, total, size, limit, counted=True))

    try:
        measures, strings = structure.measure(archive, sheets, limit.uncompressed_bytes, too_large)
    except structure.EntityFound as exc:
        _refuse(_dtd_message(name, exc.member))
    except structure.XmlError:
        _refuse(unreadable_message(name))
    except structure.ZIP_ERRORS:
        _refuse(unreadable_message(name))   # damaged data, wrong CRC, encrypted or unknown compression
    if strings.declared > strings.counted + structure.SHARED_STRING_SLACK:
        _refuse(f"Tệp {name} khai báo {number(strings.declared)} chuỗi văn bản dùng chung nhưng chỉ chứa "
                f"{number(strings.counted)}: cấu trúc tệp bất thường (có thể là tệp độc hại). Tệp không được đọc. "
                + SAVE_AS_XLSX)
    for member, measure in measures.items():
        shown = sheets.get(member, member)
        rows, cols = measure.rows, max(measure.cols, 1)
        if rows > limit.rows:
            _refuse(f"Trang tính \"{shown}\" của tệp {name} dùng đến dòng {number(rows)}, vượt giới hạn "
                    f"{number(limit.rows)} dòng. Hãy xóa các dòng thừa ở cuối trang tính (hoặc tách tệp), lưu lại "
                    "rồi tải lên.")
        if rows * cols > limit.cells or measure.cols > structure.MAX_COL:
            _refuse(f"Trang tính \"{shown}\" của tệp {name} dùng vùng {number(rows)} dòng × {number(cols)} cột, "
                    f"vượt giới hạn {number(limit.cells)} ô. Hãy xóa các cột, dòng thừa (kể cả ô chỉ có định dạng), "
                    "lưu lại rồi tải lên.")
        declared = measure.declared_rows * measure.declared_cols
        if declared > limit.cells and declared > rows * cols:
            _refuse(f"Trang tính \"{shown}\" của tệp {name} khai báo vùng dữ liệu {number(measure.declared_rows)} "
                    f"dòng × {number(measure.declared_cols)} cột nhưng chỉ có dữ liệu đến dòng {number(rows)}, cột "
                    f"{number(cols)}: cấu trúc tệp bất thường. Tệp không được đọc. " + SAVE_AS_XLSX)
        if measure.merged_area > limit.cells:
            _refuse(f"Trang tính \"{shown}\" của tệp {name} có các vùng ô gộp phủ tổng cộng "
                    f"{number(measure.merged_area)} ô, vượt giới hạn {number(limit.cells)} ô. Hãy bỏ gộp các vùng "
                    "thừa, lưu lại rồi tải lên.")


def _dtd_message(name: str, member: str) -> str:
    return (f"Tệp {name} có thành phần {member} chứa khai báo DTD/ENTITY, điều không có trong tệp Excel thật (có "
            "thể là tệp độc hại). Tệp không được đọc. " + SAVE_AS_XLSX)


def read_sheets(name: str, data: bytes, limit: Limits | None = None, checked_elsewhere: bool = False) -> list[Sheet]:
    """All sheets of a file given its name (for the format) and its bytes; `check_file` first, unless
    `checked_elsewhere` (loaders.reader_process runs the check in a process of its own, beside this one)."""
    limit = limit or limits()
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name} là định dạng Excel cũ (.xls). Hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx rồi tải lên lại."))
    if not checked_elsewhere:
        check_file(name, data, limit)
    if suffix == ".csv":
        return [_read_csv(name, data, limit)]
    if suffix != ".xlsx":
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name}: chỉ nhận tệp .xlsx hoặc .csv."))
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                sheets.append(Sheet(meta.name, [], [], hidden))   # a chart sheet: no cells, named as skipped
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(Sheet(meta.name, rows, _merged_within(sheet.merged_cell_ranges, rows), hidden))
    except Exception as exc:  # calamine raises several types for a damaged or non-zip file
        raise UnreadableFile(Issue(ERROR, None, None, unreadable_message(name))) from exc
    for sheet in sheets:
        _check_grid(name, sheet, limit)
    return sheets


def _merged_within(ranges, rows: list[list]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges cut to the cells the sheet has: a range declared over the whole sheet must not make
    the form reader walk a billion cells."""
    height, width = len(rows), max((len(r) for r in rows), default=0)
    kept = []
    for (r0, c0), (r1, c1) in ranges or []:
        if r0 < height and c0 < width:
            kept.append(((r0, c0), (min(r1, height - 1), min(c1, width - 1))))
    return kept


def _check_grid(name: str, sheet: Sheet, limit: Limits) -> None:
    """The limits once more on the grid as read, whatever the XML said (and for .csv, where there is no XML)."""
    height, width = len(sheet.rows), sheet.width
    where = f"Trang tính \"{sheet.name}\" của tệp {name}" if not name.lower().endswith(".csv") else f"Tệp {name}"
    if height > limit.rows:
        _refuse(f"{where} dùng đến dòng {number(height)}, vượt giới hạn {number(limit.rows)} dòng. Hãy xóa các dòng "
                "thừa ở cuối (hoặc tách tệp), lưu lại rồi tải lên.")
    if height * max(width, 1) > limit.cells:
        _refuse(f"{where} dùng vùng {number(height)} dòng × {number(width)} cột, vượt giới hạn {number(limit.cells)} "
                "ô. Hãy xóa các cột, dòng thừa (kể cả ô chỉ có định dạng), lưu lại rồi tải lên.")
    merged = sum((r1 - r0 + 1) * (c1 - c0 + 1) for (r0, c0), (r1, c1) in sheet.merged)
    if merged > limit.cells:
        _refuse(f"{where} có các vùng ô gộp phủ tổng cộng {number(merged)} ô, vượt giới hạn {number(limit.cells)} ô. "
                "Hãy bỏ gộp các vùng thừa, lưu lại rồi tải lên.")


def _read_csv(name: str, data: bytes, limit: Limits) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name} không phải văn bản UTF-8. Hãy lưu lại dưới dạng "
            "\"CSV UTF-8 (Comma delimited)\" trong Excel.")) from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:     # a field longer than the csv module allows, a NUL byte, a broken quote
        line = reader.line_num
        why = (f"một ô dài quá {number(csv.field_size_limit())} ký tự" if "field larger" in str(exc)
               else "dấu ngoặc kép hoặc ký tự đặc biệt đặt sai")
        raise UnreadableFile(Issue(ERROR, None, f"A{line}",
            f"Tệp {name}, dòng {number(line)}: không đọc được như tệp CSV ({why}). Hãy mở trong Excel và lưu lại "
            "dưới dạng \"CSV UTF-8 (Comma delimited)\".")) from exc
    sheet = Sheet(Path(name).stem, rows, [])
    _check_grid(name, sheet, limit)
    return sheet
