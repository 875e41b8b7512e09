"""Reading a plain table sheet — one header row, one record per row — into typed records with issues.

Score tables, KPI values, targets and plan task lists (our own templates and most system exports) all
have this shape. Each kind describes its columns as `Column`s; this module finds the header row by text
(in the first rows, any case, NFC/NFD, line breaks), maps columns whatever their order, skips title,
blank and signature rows, converts every cell to its type, and reports every problem with its cell.
What the values mean (score ≤ max, known KPI, …) is checked by the kind's own loader.

Numbers typed as text follow Vietnamese writing: "1.234" and "1 234" are one thousand two hundred
thirty-four, "98,5" is ninety-eight and a half; a lone dot with other than three digits after it
("91.87") is a decimal point, as published score tables from English sources write it.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from vocabulary.issues import ERROR, Issue, cell_ref, column_letter
from loaders.text import fold_space, label, match_key
from loaders.value_limits import LABEL_MAX_CHARS, NUMBER_MAX, out_of_range, too_long
from loaders.workbook import Sheet

HEADER_SEARCH_ROWS = 30
TEXT, NUMBER, INTEGER, DATE = "text", "number", "integer", "date"

_THOUSANDS = re.compile(r"^-?\d{1,3}([. ]\d{3})+$")
_PERCENT = re.compile(r"^(.*?)\s*%$")
_TRAILER = ("nguoi lap", "thu truong", "ky ten", "ky, ghi ro", "xac nhan", "noi nhan", "kt. ", "tm. ")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class Column:
    """One column of a table kind: its canonical name, the header texts accepted, its type."""
    name: str
    headers: tuple[str, ...]         # accepted header texts; compared by match_key, first is the template's
    type: str = TEXT
    required: bool = True            # the header must be present
    blank_ok: bool = False           # a record may leave the cell empty
    max_chars: int = LABEL_MAX_CHARS  # a text cell longer than this is an error at its cell

    @property
    def title(self) -> str:
        return self.headers[0]


@dataclass
class TableResult:
    """One table sheet as read: typed records (with their Excel row) and every issue found."""
    kind: str
    file_name: str
    sheet: str
    header_row: int                                     # 0-based
    columns: dict[str, str] = field(default_factory=dict)   # canonical name → column letter
    records: list[dict] = field(default_factory=list)       # canonical name → value; "_row": Excel row (1-based)
    issues: list[Issue] = field(default_factory=list)
    summary: dict = field(default_factory=dict)             # what the kind recognised, for the analyst

    def add(self, level, cell, message):
        self.issues.append(Issue(level, self.sheet, cell, message))

    def cell(self, record: dict, name: str) -> str:
        """The Excel reference of a record's cell ("E7"), or its row when the column is absent."""
        letter = self.columns.get(name)
        return f"{letter}{record['_row']}" if letter else f"A{record['_row']}"


def find_header(sheet: Sheet, columns: list[Column]) -> tuple[int, dict[str, int]] | None:
    """(row, canonical → column index) of the first row naming every required column, else None."""
    wanted = {c.name: {match_key(h) for h in c.headers} for c in columns}
    required = {c.name for c in columns if c.required}
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            key = match_key(value).rstrip(" *:")
            for name, keys in wanted.items():
                if name not in found and key in keys:
                    found[name] = c
                    break
        if required <= found.keys():
            return r, found
    return None


def read_table(kind: str, file_name: str, sheet: Sheet, columns: list[Column]) -> TableResult | None:
    """The records of `sheet`, or None when it has no header row of this kind."""
    header = find_header(sheet, columns)
    if header is None:
        return None
    header_row, found = header
    result = TableResult(kind, file_name, sheet.name, header_row,
                         {name: column_letter(c) for name, c in found.items()})
    by_name = {c.name: c for c in columns}
    for r in range(header_row + 1, len(sheet.rows)):
        values = {name: sheet.value(r, c) for name, c in found.items()}
        if all(_blank(v) for v in values.values()):
            continue
        first = next((match_key(v) for v in sheet.rows[r] if isinstance(v, str) and v.strip()), "")
        if first.startswith(_TRAILER) or _is_place_date(first):
            continue
        record = {"_row": r + 1}
        for name, value in values.items():
            column = by_name[name]
            ref = cell_ref(r, found[name])
            converted, problem = convert(value, column.type, column.max_chars)
            if problem:
                result.add(ERROR, ref, f"{problem} (cột \"{column.title}\").")
            elif converted is None and not column.blank_ok:
                result.add(ERROR, ref, f"ô trống ở cột \"{column.title}\" — hãy điền giá trị.")
            record[name] = converted
        for name in by_name.keys() - found.keys():
            record[name] = None
        result.records.append(record)
    return result


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_place_date(key: str) -> bool:
    return bool(re.search(r",?\s*ngay\s+[\d.…]*\s*thang\s+[\d.…]*\s*nam\s+\d{4}", key)) and len(key) < 60


def convert(value, kind: str, max_chars: int = LABEL_MAX_CHARS):
    """A cell → (value, None) or (None, Vietnamese problem). Blank → (None, None) whatever the type."""
    if _blank(value):
        return None, None
    if kind == TEXT:
        if isinstance(value, float) and value.is_integer() and abs(value) <= NUMBER_MAX:
            value = int(value)
        text = label(value)
        problem = too_long(text, max_chars)
        return (None, problem) if problem else (text, None)
    if kind == DATE:
        return _to_date(value)
    number, problem = _to_number(value)
    if problem:
        return None, problem
    if problem := out_of_range(number, NUMBER_MAX):
        return None, problem if not isinstance(value, str) else problem.replace("số quá lớn", f"\"{_shown(value)[:20]}\": số quá lớn")
    if kind == INTEGER:
        if not float(number).is_integer():
            return None, f"\"{_shown(value)}\" phải là số nguyên"
        return int(number), None
    return number, None


def _shown(value) -> str:
    return fold_space(value) if isinstance(value, str) else str(value).replace(".", ",")


def _to_number(value) -> tuple[float | None, str | None]:
    if isinstance(value, bool):
        return None, "giá trị TRUE/FALSE không phải là số"
    if isinstance(value, (int, float)):
        return float(value), None
    if isinstance(value, (date, datetime)):
        return None, "ô chứa ngày tháng, không phải số — hãy định dạng ô là Số"
    text = fold_space(value)
    if text.startswith("#"):
        return None, f"ô báo lỗi công thức {text} — hãy sửa công thức trong Excel"
    percent = _PERCENT.match(text)
    if percent:
        text = percent.group(1)
    text = text.replace("\u202f", " ")
    if _THOUSANDS.match(text):
        text = text.replace(".", "").replace(" ", "")
    elif "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text.replace(" ", "")), None
    except ValueError:
        return None, f"\"{fold_space(value)}\" không phải là số"


def _to_date(value) -> tuple[date | None, str | None]:
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, str):
        found = _DATE_TEXT.match(fold_space(value))
        if found:
            day, month, year = map(int, found.groups())
            try:
                return date(year, month, day), None
            except ValueError:
                pass
    return None, f"\"{_shown(value)}\" không phải là ngày (dd/mm/yyyy)"
