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


def _sheet_counter():
    """A start-element handler for a worksheet, placing rows and cells as the reader does, and a function that
    returns the `SheetMeasure`. Closures over locals: the handler runs once per element."""
    measure = SheetMeasure()
    columns: dict[str, int] = {}
    row = col = max_row = max_col = cells = 0

    def start(tag, attrs):
        nonlocal row, col, max_row, max_col, cells
        if tag == "v":                   # a value: as many as the cells, and nothing to count
            return
        if tag == "c" or tag[-2:] == ":c":
            # writers put `r` first; any other place is looked up (the quoting is expat's business)
            ref = attrs[1] if attrs and attrs[0] == "r" else _attribute(attrs, "r")
            if ref:
                letters = ref.rstrip(DIGITS)
                number = columns.get(letters)
                if number is None:
                    number = columns[letters] = _split_ref(ref)[1]
                col = number or col + 1
            else:
                col += 1
            cells += 1
            if col > max_col:
                max_col = col
            if row == 0:                 # a cell outside any row element still lands on row 1
                row = max_row = max(max_row, 1)
            return
        if tag == "f":
            return
        local = _local(tag)
        if local == "row":
            text = (_attribute(attrs, "r") or "").strip()
            row = int(text) if text.isdigit() and len(text) <= 9 else row + 1
            col = 0
            if row > max_row:
                max_row = row
        elif local == "dimension":
            measure.declared_rows, measure.declared_cols = _area(_attribute(attrs, "ref") or "")
        elif local == "mergeCell":
            first, _, last = (_attribute(attrs, "ref") or "").partition(":")
            r0, c0 = _split_ref(first)
            r1, c1 = _split_ref(last or first)
            if r0 and c0 and r1 and c1:
                measure.merged_area += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)

    def result() -> SheetMeasure:
        measure.rows, measure.cols, measure.cells = max_row, max_col, cells
        return measure

    return start, result


class _SharedStringsCounter:
    def __init__(self):
        self.declared = 0
        self.counted = 0

    def start(self, tag, attrs):
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
            start, counter = _sheet_counter()
            parser = _parser(start, ordered=True)
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
            if parser is not None:
                _parse(parser, b"", True)
        except _Entity as exc:
            raise _Entity(path) from exc
        if counter is not None:
            measures[path] = counter()
    return measures, strings


ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError, ValueError,
              KeyError)
EntityFound = _Entity
XmlError = expat.ExpatError
