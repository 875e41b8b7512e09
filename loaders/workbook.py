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
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from loaders.issues import ERROR, Issue

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
CHUNK = 256 * 1024


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


def _mb(size: float) -> str:
    """A size as a Vietnamese reader writes it: "12,3 MB", "29 KB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    value = size / (1024 * 1024)
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return text.replace(".", ",").removesuffix(",0") + " MB"


def _count(value: float) -> str:
    return f"{int(value):,}".replace(",", ".")


def unreadable_message(name: str) -> str:
    return (f"Tệp {name} không đọc được như một bảng tính Excel (.xlsx): tệp hỏng, bị cắt ngắn "
            "hoặc không phải .xlsx. Hãy mở lại trong Excel, lưu lại rồi tải lên.")


SAVE_AS_XLSX = "Hãy mở tệp trong Excel, chọn Lưu thành (Save As) → \"Excel Workbook (*.xlsx)\" rồi tải lên tệp .xlsx."
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_file(name: str, data: bytes, limit: Limits | None = None) -> None:
    """Refuse (`UnreadableFile`) a file that is too costly or not what its name says, before any parsing."""
    limit = limit or limits()
    suffix = Path(name).suffix.lower()
    if len(data) > limit.file_bytes:
        _refuse(f"Tệp {name} nặng {_mb(len(data))}, vượt giới hạn {_mb(limit.file_bytes)} cho một tệp tải lên. Báo "
                "cáo Biểu 06 thường chỉ vài chục KB: hãy kiểm tra đã chọn đúng tệp, xóa các trang tính, hình ảnh "
                "không cần rồi lưu lại và tải lên.")
    if suffix == ".xlsm":
        _refuse(f"Tệp {name} là bảng tính có macro (.xlsm); vì an toàn, hệ thống không nhận tệp có macro. "
                + SAVE_AS_XLSX)
    if suffix == ".xlsb":
        _refuse(f"Tệp {name} là bảng tính dạng nhị phân (.xlsb), không đọc được. " + SAVE_AS_XLSX)
    if suffix == ".xlsx":
        _check_xlsx(name, data, limit)
    elif suffix == ".csv":
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if lines > limit.rows:
            _refuse(f"Tệp {name} có {_count(lines)} dòng, vượt giới hạn {_count(limit.rows)} dòng cho một tệp. Hãy tách "
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
        _refuse(f"Tệp {name} chứa {_count(len(members))} thành phần nén, quá nhiều cho một bảng tính "
                f"(giới hạn {_count(limit.members)}). Tệp không được đọc. " + SAVE_AS_XLSX)
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
    sheets = _sheet_names(archive)
    if len(sheets) > limit.sheets:
        _refuse(f"Tệp {name} có {_count(len(sheets))} trang tính, vượt giới hạn {_count(limit.sheets)}. Hãy chỉ giữ "
                "các trang tính báo cáo, lưu lại rồi tải lên.")
    _inflate_and_measure(name, archive, members, sheets, len(data), limit)


def _bomb_message(name: str, inflated: int, size: int, limit: Limits, counted: bool = False) -> str:
    ratio = inflated / max(size, 1)
    if inflated > limit.uncompressed_bytes:
        more = "hơn " if counted else ""
        why = (f"khi giải nén chiếm {more}{_mb(inflated)} (gấp {_count(ratio)} lần tệp {_mb(size)}), vượt giới "
               f"hạn {_mb(limit.uncompressed_bytes)}")
    else:
        why = (f"khi giải nén chiếm {_mb(inflated)}, gấp {_count(ratio)} lần tệp {_mb(size)} (giới hạn "
               f"{_count(limit.max_ratio)} lần)")
    return (f"Tệp {name} {why}: có thể là tệp \"bom nén\" độc hại hoặc chứa vùng dữ liệu thừa rất lớn. Tệp không "
            "được đọc. Hãy kiểm tra nguồn gửi tệp; nếu đúng là báo cáo, mở trong Excel, xóa các dòng, cột, trang tính "
            "thừa, lưu lại rồi tải lên.")


_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_SHEET_TAG_REVERSED = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
_RELATIONSHIP = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_RELATIONSHIP_REVERSED = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def _small_member(archive: zipfile.ZipFile, member: str, cap: int = 4 * 1024 * 1024) -> bytes:
    try:
        with archive.open(member) as stream:
            return stream.read(cap)
    except KeyError:
        return b""


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member path → the sheet's name (from workbook.xml and its relationships)."""
    from html import unescape

    book = _small_member(archive, "xl/workbook.xml")
    rels = _small_member(archive, "xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _RELATIONSHIP.findall(rels)}
    targets.update({rid: target for target, rid in _RELATIONSHIP_REVERSED.findall(rels)})
    found = {}
    pairs = _SHEET_TAG.findall(book) + [(n, r) for r, n in _SHEET_TAG_REVERSED.findall(book)]
    for sheet_name, rid in pairs:
        target = targets.get(rid, b"").decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        found[os.path.normpath(member).replace(os.sep, "/")] = unescape(sheet_name.decode("utf-8", "replace"))
    return found


_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,9})"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d')
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _inflate_and_measure(name, archive, members, sheets: dict[str, str], size: int, limit: Limits) -> None:
    """Inflate every member once, in chunks, counting real bytes (bounded by the limit) and checking CRCs; read
    each worksheet's last row and column on the way."""
    total = 0
    for member in members:
        is_sheet = member.filename in sheets or member.filename.startswith("xl/worksheets/")
        is_xml = member.filename.endswith((".xml", ".rels"))
        last_row = row_tags = last_col = 0
        tail = b""
        try:
            with archive.open(member) as stream:
                first = True
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limit.uncompressed_bytes:
                        _refuse(_bomb_message(name, total, size, limit, counted=True))
                    if is_xml and first and _DOCTYPE.search(chunk[:4096]):
                        _refuse(f"Tệp {name} có thành phần {member.filename} chứa khai báo DTD/ENTITY, điều không "
                                "có trong tệp Excel thật (có thể là tệp độc hại). Tệp không được đọc. " + SAVE_AS_XLSX)
                    first = False
                    if is_sheet:
                        text = tail + chunk
                        numbers = _ROW_NUMBER.findall(text)
                        if numbers:
                            last_row = max(last_row, max(int(n) for n in numbers))
                        row_tags += len(_ROW_TAG.findall(chunk))
                        columns = _CELL_COLUMN.findall(text)
                        if columns:
                            last_col = max(last_col, max(_column_number(c) for c in set(columns)))
                        tail = chunk[-64:]
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
            _refuse(unreadable_message(name))   # damaged data, wrong CRC, encrypted or unknown compression
        if is_sheet:
            rows = max(last_row, row_tags)
            shown = sheets.get(member.filename, member.filename)
            if rows > limit.rows:
                _refuse(f"Trang tính \"{shown}\" của tệp {name} dùng đến dòng {_count(rows)}, vượt giới hạn "
                        f"{_count(limit.rows)} dòng. Hãy xóa các dòng thừa ở cuối trang tính (hoặc tách tệp), lưu lại "
                        "rồi tải lên.")
            if rows * max(last_col, 1) > limit.cells:
                _refuse(f"Trang tính \"{shown}\" của tệp {name} dùng vùng {_count(rows)} dòng × {_count(last_col)} cột, "
                        f"vượt giới hạn {_count(limit.cells)} ô. Hãy xóa các cột, dòng thừa (kể cả ô chỉ có định dạng), "
                        "lưu lại rồi tải lên.")


def read_sheets(name: str, data: bytes) -> list[Sheet]:
    """All sheets of a file given its name (for the format) and its bytes; `check_file` first."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name} là định dạng Excel cũ (.xls). Hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx rồi tải lên lại."))
    check_file(name, data)
    if suffix == ".csv":
        return [_read_csv(name, data)]
    if suffix != ".xlsx":
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name}: chỉ nhận tệp .xlsx hoặc .csv."))
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue          # chart sheets and dialog sheets hold no cells
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            sheets.append(Sheet(meta.name, rows, list(sheet.merged_cell_ranges or []), hidden))
        return sheets
    except Exception as exc:  # calamine raises several types for a damaged or non-zip file
        raise UnreadableFile(Issue(ERROR, None, None, unreadable_message(name))) from exc


def _read_csv(name: str, data: bytes) -> Sheet:
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
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:     # e.g. a field longer than the csv module allows
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name} không đọc được như tệp CSV ({exc}). Hãy mở trong Excel và lưu lại dưới dạng "
            "\"CSV UTF-8 (Comma delimited)\".")) from exc
    return Sheet(Path(name).stem, rows, [])
