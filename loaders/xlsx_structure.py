"""What an .xlsx really holds, measured before the spreadsheet reader sees it: every member inflated once in
small chunks (counting real bytes, checking CRCs) and every XML member run through a streaming XML parser
(expat), never regular expressions, so that attribute quoting, namespace prefixes, encodings (UTF-16 too) or
cells written without a reference cannot hide anything.

Refused, each with a Vietnamese message naming the file (`UnreadableFile`):
- a DTD or an entity anywhere, in any member, in any encoding (real workbooks never carry one; it is how
  "billion laughs" and external-entity attacks start);
- XML that is not well formed;
- a sheet whose rows or used area (rows × columns, the grid the reader allocates) pass the limits — rows
  and columns are counted the way the reader places cells: by their `r` reference when present, else by
  position after the previous one;
- declared counts the file cannot back: a shared-strings table declaring more strings than it holds, a
  sheet `dimension` larger than the limits and than the cells it has, merged ranges whose area passes the
  cell limit.
"""

import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from vocabulary.issues import ERROR, Issue

CHUNK = 256 * 1024
MAX_ROW = 1_048_576           # Excel's own limits: a reference past them is not a cell
MAX_COL = 16_384
SHARED_STRING_SLACK = 1_000   # a writer may count a few strings it did not write; billions is a lie


class StructureRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.issue = Issue(ERROR, None, None, message)


class _Entity(Exception):
    """A DTD or entity; `member` says where."""

    def __init__(self, member: str = ""):
        super().__init__(member)
        self.member = member


@dataclass
class SheetMeasure:
    rows: int = 0                 # the last row a cell or row element reaches
    cols: int = 0                 # the last column a cell reaches
    cells: int = 0                # cell elements written
    declared_rows: int = 0        # from <dimension ref="A1:M30">
    declared_cols: int = 0
    merged_area: int = 0          # sum of the merged ranges' areas


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        code = ord(letter) - 64
        if not 1 <= code <= 26:
            return 0
        number = number * 26 + code
    return number


def _split_ref(ref: str) -> tuple[int, int]:
    """"XFD1048576" → (1048576, 16384); (0, 0) when it is not a cell reference."""
    ref = ref.strip().replace("$", "").upper()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not letters or not digits or len(digits) > 9 or len(letters) > 3:
        return 0, 0
    return int(digits), column_number(letters)


def _area(ref: str) -> tuple[int, int]:
    """"A1:M30" → (30, 13): the rows and columns a range reaches (its bottom-right corner)."""
    first, _, last = ref.partition(":")
    row, col = _split_ref(last or first)
    return row, col


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]


DIGITS = "0123456789"


def _attribute(attrs: list, name: str):
    """A value from expat's ordered attribute list [name, value, name, value, …] (faster to build than a dict:
    this runs for every cell of every sheet)."""
    if attrs and attrs[0] == name:
        return attrs[1]
    for i in range(2, len(attrs), 2):
        if attrs[i] == name:
            return attrs[i + 1]
    return None


# What the sheet handler records for each element that places cells, in document order; the column arithmetic
# runs over a chunk's records at once (`_columns`), so the handler called for every one of millions of cells
# does one append. The markers are characters XML cannot carry, so no attribute value can pass for one.
ROW_START = "\x00"      # a row element: the cells after it restart at column 1
ZERO_ROW = "\x02"       # the same, for a row placed on row 0 (its cells still land on row 1)
NO_REF = "\x01"         # a cell without an `r` attribute
_COLUMN_OF: dict[str, int] = {}   # "AB" → 28, for the letters of references seen; 0 when they are not letters
# Tags of a worksheet that place nothing: returned from before any other test (the values and inline text
# alone are as many as the cells).
_SHEET_SKIP = frozenset(("v", "f", "is", "t", "r", "rPr", "rFont", "sz", "color", "b", "i", "u", "family",
                         "scheme", "col", "cols", "sheetView", "selection", "pane", "sheetFormatPr",
                         "pageMargins", "pageSetup", "sheetPr", "outlinePr", "pageSetUpPr", "sheetViews",
                         "sheetData", "mergeCells"))


def _column_of(letters: str) -> int:
    number = _COLUMN_OF.get(letters)
    if number is None:
        number = column_number(letters) if 1 <= len(letters) <= 3 else 0
        if len(_COLUMN_OF) < 100_000:     # hostile files can write any number of distinct "letters"
            _COLUMN_OF[letters] = number
    return number


# One chunk's records joined, when every one is a row marker or a plain reference ("A1" … "XFD1048576": 1-3
# capitals, 1-9 digits). This reads attribute values expat has already parsed (quoting, entities, prefixes are
# behind it), never the XML; whatever it does not match is placed by the exact walk below.
_SEPARATOR = "\x03"      # not an XML character either
_PLAIN_REFERENCES = re.compile("(?:[A-Z]{1,3}[0-9]{1,9}|\x00)(?:\x03(?:[A-Z]{1,3}[0-9]{1,9}|\x00))*")
_NO_DIGITS = str.maketrans("", "", DIGITS)
_NO_LETTERS = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _columns(records: list[str], col: int) -> tuple[int, int, int, int]:
    """(last column reached, cells, column after the last record, last row a reference names) of a chunk's
    records, `col` being the column of the cell before them. The reader places a cell on the row of its `r`, not
    of its row element: `<row r="1"><c r="B120000">` makes a sheet of 120.000 rows, so references count as rows. The usual case — every cell with a plain reference — is decided from the distinct
    letters alone, in C (join, match, translate, split, set: ~0,17 µs a cell here, a third of placing each
    cell in Python); anything else is placed one record at a time, exactly as the reader places cells (by `r`
    when it is a reference, else after the previous cell)."""
    if not records:
        return 0, 0, col, 0
    text = _SEPARATOR.join(records)
    if _PLAIN_REFERENCES.fullmatch(text):
        letters = set(text.translate(_NO_DIGITS).split(_SEPARATOR))
        markers = ROW_START in letters
        letters.discard(ROW_START)
        # a row's cells share its number: the distinct numbers are about as many as the rows, not the cells
        numbers = set(text.translate(_NO_LETTERS).split(_SEPARATOR))
        numbers.discard(ROW_START)
        numbers.discard("")
        cells = len(records) - (records.count(ROW_START) if markers else 0)
        last = records[-1]
        after = 0 if last == ROW_START else _column_of(last.rstrip(DIGITS))
        return max(map(_column_of, letters), default=0), cells, after, max(map(int, numbers), default=0)
    reached = last_row = 0
    for record in records:
        if record == ROW_START or record == ZERO_ROW:
            col = 0
            continue
        row, number = _split_ref(record) if record and record != NO_REF else (0, 0)
        col = number or col + 1
        if col > reached:
            reached = col
        if number and row > last_row:
            last_row = row
    return reached, len(records) - records.count(ROW_START) - records.count(ZERO_ROW), col, last_row


class _SheetCounter:
    """The start-element handler of a worksheet (`start`, a closure over locals: it runs once per element),
    placing rows and cells as the reader does; `flush()` after each chunk fed to the parser, `result()` at the
    end."""

    def __init__(self):
        measure = SheetMeasure()
        records: list[str] = []
        append = records.append
        state = {"row": 0, "max_row": 0, "zero_mark": 0, "done": 0, "ref_row": 0}

        def row_start(attrs):
            row = state["row"]
            seen = state["done"] + len(records)
            if row == 0 and seen > state["zero_mark"]:     # cells outside any row element land on row 1
                row = state["max_row"] = max(state["max_row"], 1)
            text = (_attribute(attrs, "r") or "").strip()
            row = int(text) if text.isdigit() and len(text) <= 9 else row + 1
            state["row"] = row
            if row > state["max_row"]:
                state["max_row"] = row
            if row == 0:
                append(ZERO_ROW)
                state["zero_mark"] = seen + 1
            else:
                append(ROW_START)

        def start(tag, attrs):
            if tag == "c":
                # writers put `r` first; any other place is looked up (the quoting is expat's business)
                append((attrs[1] if attrs[0] == "r" else _attribute(attrs, "r") or NO_REF) if attrs else NO_REF)
                return
            if tag in _SHEET_SKIP:
                return
            local = _local(tag)
            if local == "c":
                append(_attribute(attrs, "r") or NO_REF)
            elif local == "row":
                row_start(attrs)
            elif local == "dimension":
                measure.declared_rows, measure.declared_cols = _area(_attribute(attrs, "ref") or "")
            elif local == "mergeCell":
                first, _, last = (_attribute(attrs, "ref") or "").partition(":")
                r0, c0 = _split_ref(first)
                r1, c1 = _split_ref(last or first)
                if r0 and c0 and r1 and c1:
                    measure.merged_area += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)

        self.start = start
        self._records, self._state, self._measure = records, state, measure
        self._col = self._cols = self._cells = 0

    def flush(self) -> None:
        records = self._records
        reached, cells, self._col, last_row = _columns(records, self._col)
        self._cols = max(self._cols, reached)
        # kept apart from the row elements' count, which places the next row element (`row_start`)
        if last_row > self._state["ref_row"]:
            self._state["ref_row"] = last_row
        self._cells += cells
        self._state["done"] += len(records)
        records.clear()

    def result(self) -> SheetMeasure:
        self.flush()
        state = self._state
        if state["row"] == 0 and state["done"] > state["zero_mark"]:
            state["max_row"] = max(state["max_row"], 1)
        measure = self._measure
        measure.rows = max(state["max_row"], state["ref_row"])
        measure.cols, measure.cells = self._cols, self._cells
        return measure


class _SharedStringsCounter:
    def __init__(self):
        self.declared = 0
        self.counted = 0

    def start(self, tag, attrs):
        if tag == "si":                   # one per string: the common case first, no other test
            self.counted += 1
            return
        if tag == "t" or tag == "r" or tag == "rPr":
            return
        local = _local(tag)
        if local == "si":
            self.counted += 1
        elif local == "sst":
            text = (attrs.get("uniqueCount") or "").strip()
            self.declared = int(text) if text.isdigit() and len(text) <= 12 else 0


class _Collector:
    """workbook.xml's sheets and their relationship ids; a .rels file's id → target."""

    def __init__(self):
        self.sheets: list[tuple[str, str]] = []
        self.targets: dict[str, str] = {}

    def start(self, tag, attrs):
        local = _local(tag)
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rid))
        elif local == "Relationship":
            self.targets[attrs.get("Id", "")] = attrs.get("Target", "")


def _parser(handler=None, ordered: bool = False):
    parser = expat.ParserCreate()
    parser.ordered_attributes = ordered
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_):
        raise _Entity()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SkippedEntityHandler = refuse
    if handler is not None:
        parser.StartElementHandler = handler
    return parser


_UNDEFINED_ENTITY = expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]


def _parse(parser, data: bytes, final: bool):
    """An entity used without being declared is an entity all the same: said as one, not as bad XML."""
    try:
        parser.Parse(data, final)
    except expat.ExpatError as exc:
        if exc.code == _UNDEFINED_ENTITY:
            raise _Entity() from exc
        raise


def _is_xml(member: str) -> bool:
    return member.lower().endswith((".xml", ".rels", ".vml"))


def _read_small(archive: zipfile.ZipFile, member: str, handler, cap: int = 4 * 1024 * 1024):
    """Parse a small member fully (workbook.xml, its relationships) with `handler` for start elements."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return
    parser = _parser(handler)
    with archive.open(info) as stream:
        data = stream.read(cap)
    try:
        _parse(parser, data, True)
    except _Entity as exc:
        raise _Entity(member) from exc


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member path → the sheet's name (from workbook.xml and its relationships)."""
    book, rels = _Collector(), _Collector()
    _read_small(archive, "xl/workbook.xml", book.start)
    _read_small(archive, "xl/_rels/workbook.xml.rels", rels.start)
    found = {}
    for sheet_name, rid in book.sheets:
        target = rels.targets.get(rid, "")
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        found[os.path.normpath(member).replace(os.sep, "/")] = sheet_name
    return found


def measure(archive: zipfile.ZipFile, sheets: dict[str, str], uncompressed_limit: int,
            on_too_large) -> tuple[dict[str, SheetMeasure], _SharedStringsCounter]:
    """Inflate and parse every member; the sheets' measures and the shared strings' counts.

    `on_too_large(total)` is called (and must raise) when the inflated total passes the limit. Raises
    `_Entity` for a DTD/entity, `expat.ExpatError` for XML that is not well formed, and the zip/zlib errors
    of damaged data."""
    total = 0
    measures: dict[str, SheetMeasure] = {}
    strings = _SharedStringsCounter()
    for member in archive.infolist():
        path = member.filename
        counter = None
        if path in sheets or path.startswith("xl/worksheets/"):
            counter = _SheetCounter()
            parser = _parser(counter.start, ordered=True)
        elif path.rpartition("/")[2].lower() == "sharedstrings.xml":
            parser = _parser(strings.start)
        elif _is_xml(path):
            parser = _parser()
        else:
            parser = None
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > uncompressed_limit:
                        on_too_large(total)
                    if parser is not None:
                        _parse(parser, chunk, False)
                    if counter is not None:
                        counter.flush()
            if parser is not None:
                _parse(parser, b"", True)
        except _Entity as exc:
            raise _Entity(path) from exc
        if counter is not None:
            measures[path] = counter.result()
    return measures, strings


ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError, ValueError,
              KeyError)
EntityFound = _Entity
XmlError = expat.ExpatError
