"""Reading a file into plain grids of cell values, whatever its format.

.xlsx goes through python-calamine (fast, returns cached values of formula cells); .csv through
the csv module (UTF-8 with or without BOM). Grids are absolute: `rows[r][c]` is Excel cell
(r+1, c+1), so issue references ("F16") point where the analyst looks.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from loaders.issues import ERROR, Issue

ACCEPTED_SUFFIXES = (".xlsx", ".csv")


@dataclass
class Sheet:
    name: str
    rows: list[list]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

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


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_sheets(name: str, data: bytes) -> list[Sheet]:
    """All sheets of a file given its name (for the format) and its bytes."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        return [_read_csv(name, data)]
    if suffix == ".xls":
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name} là định dạng Excel cũ (.xls). Hãy mở tệp trong Excel và lưu lại dưới dạng .xlsx rồi tải lên lại."))
    if suffix != ".xlsx":
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name}: chỉ nhận tệp .xlsx hoặc .csv."))
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for sheet_name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(Sheet(sheet_name, rows, list(sheet.merged_cell_ranges or [])))
        return sheets
    except Exception as exc:  # calamine raises several types for a damaged or non-zip file
        raise UnreadableFile(Issue(ERROR, None, None,
            f"Tệp {name} không đọc được như một bảng tính Excel (.xlsx): tệp hỏng, bị cắt ngắn "
            "hoặc không phải .xlsx. Hãy mở lại trong Excel, lưu lại rồi tải lên.")) from exc


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
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    return Sheet(Path(name).stem, rows, [])
