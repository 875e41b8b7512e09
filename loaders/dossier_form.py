"""Reading one sheet of a dossier-count report (Biểu 06 and its variants) into canonical rows.

Nothing here depends on fixed cell positions: the header band is found by its text in the first
rows, the columns by `dossier_headers.classify`, the rows by what they hold (data, section,
subtotal, total, notes). Every problem is collected as an Issue with its cell; the caller decides.

One sheet can give several results, each stored as one batch: tables stacked in the sheet (each with its
own header band, and the unit and period written above it), and flat exports whose rows carry their unit
and period in columns (one result per unit × period). A sheet without a header band is not the form —
unless it looks like it (the form's code, or its block headers side by side), which is an error.
"""

import operator
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from loaders import dossier_headers as hdr
from vocabulary.columns import COUNT_COLUMNS, COUNT_LABELS, REQUIRED_COUNTS
from vocabulary.issues import ERROR, INFO, WARNING, Issue, cell_ref, column_letter
from loaders.periods import parse_end_only, parse_label, parse_range
from vocabulary.periods import Period
from loaders.text import fold_space, label, match_key
from loaders.units import alias_key
from loaders.value_limits import COUNT_MAX, LABEL_MAX_CHARS, out_of_range, too_long
from loaders.workbook import Sheet
from vocabulary.numbers import number, short
from vocabulary.dates import DAY

HEADER_SEARCH_ROWS = 30
MAX_HEADER_ROWS = 4

FORM_OFFICIAL = "06/VPCP/KSTT"
FORM_OLD = "II.06a/VPCP/KSTT"
FORM_EXPORT = "system-export"

_COLUMN_NUMBER = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
_ROMAN = re.compile(r"^(?=[ivxlc]+\.?$)(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})\.?$")
_ROMAN_PREFIX = re.compile(r"^([ivx]+)[.)]?\s+\S")
_ARABIC_STT = re.compile(r"^\d+([.,]\d+)*\.?$")
_TRAILER = ("ghi chu", "nguoi lap", "thu truong", "noi nhan", "ky ten", "ky, ghi ro", "lanh dao",
            "giam doc", "chu tich", "xac nhan", "kt. ", "tm. ")
_PLACE_DATE = re.compile(r",\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")
_UNIT_WORDS = ("so ", "ubnd", "uy ban", "ban ", "trung tam", "chi cuc", "van phong", "thanh tra", "cong an",
               "bhxh", "bao hiem", "cuc ", "kho bac", "phong ")
_GRAND_TOTAL = ("tong cong", "tong so", "tong", "toan tinh", "tong toan tinh", "cong")
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_NUMERIC_TEXT = re.compile(r"^-?\d[\d.,\s]*$")
_PLAIN_SUBTOTAL = re.compile(r"^cong\s*[:.]?$")
_NUMBER_TYPES = frozenset((float, int))
_SUBTOTAL = re.compile(r"^cong\s+([ivx]+|cap|khoi|nhom)\b")


@dataclass
class SheetResult:
    """One dossier-count sheet as read: canonical rows, what was recognised, and every issue."""
    file_name: str
    sheet: str
    form: str | None = None
    reporting_unit: str | None = None
    reporting_unit_cell: str | None = None          # where "Đơn vị báo cáo" was read ("A6")
    authority: tuple | None = None                  # ("UBND TỈNH HÀ TĨNH", "A1"): the governing body above the unit
    rows_are_units: bool = False
    period: Period | None = None
    period_source: str | None = None       # "dates" | "label" | "supplied" | "rows" (a flat export's columns)
    columns: dict = field(default_factory=dict)   # canonical → column letter
    label_column: str | None = None                # the lĩnh vực / unit name column
    rows: list[dict] = field(default_factory=list)  # label, cells, counts; unit/lĩnh vực resolved later
    totals: dict | None = None                      # the grand-total row as read, for display
    totals_match: bool | None = None                # None: the sheet has no total row to check against
    issues: list[Issue] = field(default_factory=list)
    table: int = 1                                  # the table's place in its sheet (stacked tables: 1, 2, …)
    header_row: int = 0                             # 0-based first row of the table's header band
    flat: bool = False                              # one batch of a flat export (unit and period on every row)
    period_where: tuple | None = None               # (sheet, row, col) of the text the period was read from

    def add(self, level, cell, message):
        self.issues.append(Issue(level, self.sheet, cell, message))

    @property
    def source(self) -> str:
        """Where the batch comes from, as `load_batch.sheet` keeps it: the sheet, and the table when it is not the
        sheet's first."""
        return self.sheet if self.table == 1 else f"{self.sheet} (bảng {self.table}, dòng {self.header_row + 1})"


def is_dossier_sheet(sheet: Sheet) -> bool:
    return _find_header(sheet) is not None


def _texts(sheet: Sheet, max_rows: int | None = None, first: int = 0):
    """(row, col, text) of every non-empty text cell, top to bottom, rows first … max_rows - 1."""
    for r, row in enumerate(sheet.rows[first:max_rows] if max_rows is not None else sheet.rows[first:], start=first):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.strip():
                yield r, c, value


def _header_keys(row) -> list[str]:
    return [match_key(v) for v in row if isinstance(v, str) and v.strip()]


def _find_header(sheet: Sheet, start: int = 0, stop: int | None = None) -> int | None:
    """First row (0-based) of a header band at or after `start`: a row naming one of the form's blocks, where the
    receipt and the resolved blocks are both named within MAX_HEADER_ROWS rows (a "Kết quả giải quyết"
    super-header puts "Số hồ sơ đã giải quyết" on the row below). Searched up to `stop`, by default
    HEADER_SEARCH_ROWS rows."""
    stop = min(len(sheet.rows), start + HEADER_SEARCH_ROWS if stop is None else stop)
    for r in range(start, stop):
        keys = _header_keys(sheet.rows[r])
        if len(keys) < 2 or not any(hdr.is_group(k) for k in keys):
            continue
        window = keys + [k for row in sheet.rows[r + 1:r + MAX_HEADER_ROWS] for k in _header_keys(row)]
        if any(hdr.is_recv_group(k) for k in window) and any(hdr.is_res_group(k) for k in window):
            return r
    return None


_FORM_CODE = re.compile(r"^(?:mau\s+|bieu\s+)?(?:mau\s+)?(?:so\s+)?(?:ii\.)?06[a-z]?/vpcp/kstt$|^bieu\s+(?:so\s+)?0?6$")


def form_marker(sheet: Sheet) -> tuple[int, int, str] | None:
    """(row, col, text) of what makes a sheet without a usable header band look like the form: the form's code
    standing alone in a cell ("Biểu số 06/VPCP/KSTT"), or one of its block headers on a row of headers. Notes,
    instructions and lists that merely mention the form in a sentence do not."""
    code = None
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        texts = [(c, v, match_key(v).rstrip(" .:")) for c, v in enumerate(row) if isinstance(v, str) and v.strip()]
        groups = [(c, value) for c, value, key in texts if len(key) <= 60 and hdr.is_group(key)]
        if len(groups) >= 2:      # two of the blocks side by side: a header row, not a list of indicators
            return r, *groups[0]
        if code is None:
            code = next(((r, c, value) for c, value, key in texts if len(key) <= 40 and _FORM_CODE.match(key)), None)
    return code


def _merged_lookup(sheet: Sheet) -> dict:
    """(row, col) → value of the top-left cell of the merged range covering it."""
    lookup = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        top_left = sheet.value(r0, c0)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                lookup[(r, c)] = top_left
    return lookup


def _cell_text(value) -> str:
    """A cell as the analyst sees it: 3.0 (how a typed 3 comes back) → "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _is_column_number_row(row) -> bool:
    cells = [t for t in map(_cell_text, row) if t]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c) for c in cells)


def _is_number(value) -> bool:
    """A number cell, or a number typed as text ("15.452", "1 205"): CSV cells are all text."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMERIC_TEXT.match(fold_space(value)))


def _header_band(sheet: Sheet, first: int) -> tuple[int, int]:
    """(first, last) rows of the header band; the band ends before the column-number row or data."""
    last = first
    merged = _merged_lookup(sheet)
    for r in range(first + 1, min(first + MAX_HEADER_ROWS, len(sheet.rows))):
        row = sheet.rows[r]
        if _is_column_number_row(row):
            break
        numbers = sum(1 for v in row if _is_number(v))
        if numbers >= 3:
            break
        if not any(isinstance(v, str) and v.strip() for v in row) and not any(
                (r, c) in merged for c in range(len(row))):
            break
        last = r
    return first, last


def _column_paths(sheet: Sheet, first: int, last: int) -> dict[int, str]:
    """Column → header path text ("Số hồ sơ nhận giải quyết / Trong đó / Trực tuyến")."""
    merged = _merged_lookup(sheet)
    width = sheet.width
    grid = []
    for r in range(first, last + 1):
        line = []
        for c in range(width):
            v = merged.get((r, c), sheet.value(r, c))
            line.append(fold_space(v) if isinstance(v, str) else ("" if v in (None, "") else str(v)))
        grid.append(line)
    # Exports without merged cells leave a group header only over its first sub-column:
    # carry it right while the row below has sub-headers.
    for i in range(len(grid) - 1):
        current = ""
        for c in range(width):
            if grid[i][c]:
                current = grid[i][c]
            elif current and grid[i + 1][c] and (first + i, c) not in merged:
                grid[i][c] = current
            else:
                current = ""
    paths = {}
    for c in range(width):
        parts = []
        for i in range(len(grid)):
            if grid[i][c] and (not parts or parts[-1] != grid[i][c]):
                parts.append(grid[i][c])
        if parts:
            paths[c] = " / ".join(parts)
    return paths


def _detect_form(sheet: Sheet, header_first: int, region_first: int = 0) -> str:
    for _, _, text in _texts(sheet, header_first, region_first):
        key = match_key(text)
        if "ii.06a" in key:
            return FORM_OLD
        if "06/vpcp/kstt" in key or "bieu so 06" in key or "bieu 06" in key:
            return FORM_OFFICIAL
    return FORM_EXPORT


def _reporting_unit(sheet: Sheet, header_first: int, region_first: int = 0) -> tuple[str | None, str | None]:
    """"Đơn vị báo cáo: Sở Tư pháp" in one cell, or the label in one cell and the name in the next one; with the
    cell the name was read from."""
    for r, c, text in _texts(sheet, header_first, region_first):
        key = match_key(text)
        if key.startswith("don vi bao cao"):
            name = fold_space(text).split(":", 1)[-1].strip() if ":" in text else ""
            where = c
            if not name:
                where, name = next(((i, fold_space(v)) for i, v in enumerate(sheet.rows[r]) if i > c
                                    and isinstance(v, str) and v.strip()), (c, ""))
            return (name or None), cell_ref(r, where)
    return None, None


_AUTHORITY_WORDS = ("ubnd tinh ", "ubnd thanh pho ", "ubnd tp", "uy ban nhan dan tinh ", "uy ban nhan dan thanh pho ")


def _authority(sheet: Sheet, header_first: int, region_first: int = 0) -> tuple | None:
    """The governing body written above the table's unit ("UBND TỈNH HÀ TĨNH" over "SỞ TƯ PHÁP"), and its cell:
    a cell that is that name alone, not a sentence mentioning it."""
    for r, c, text in _texts(sheet, header_first, region_first):
        key = match_key(text)
        if key.startswith(_AUTHORITY_WORDS) and len(key.split()) <= 8:
            return fold_space(text), cell_ref(r, c)
    return None


def find_period(sheets: list[Sheet], form_sheet: Sheet) -> tuple[Period | None, str | None, tuple | None]:
    """The period a sheet reports on: explicit dates first (its own sheet, then the others), then a label.

    Returns (period, source, (sheet name, row, col) of the text used).
    """
    ordered = [form_sheet] + [s for s in sheets if s is not form_sheet]
    for sheet in ordered:
        for r, c, text in _texts(sheet):
            if _PLACE_DATE.search(match_key(text)):
                continue
            if found := parse_range(text):
                return found, "dates", (sheet.name, r, c)
    label_found = end_only = None
    for sheet in ordered:
        for r, c, text in _texts(sheet):
            key = match_key(text)
            if _PLACE_DATE.search(key):
                continue
            if end_only is None and (e := parse_end_only(text)):
                end_only = e
            if label_found is None and ("ky bao cao" in key or "quy" in key or "thang" in key or key.startswith("nam ")
                                        or "bao cao nam" in key):
                if p := parse_label(text):
                    label_found = (p, (sheet.name, r, c))
    if label_found:
        period, where = label_found
        if end_only and end_only != period.end:
            period = Period(period.start, end_only)
        return period, "label", where
    return None, None, None


def parse_count(value, sheet_name: str, ref: str, column: str) -> tuple[int | None, Issue | None]:
    """A count cell → (int, None) or (None, error). Blank and "-" are zero; "15.452" is 15452."""
    what = COUNT_LABELS.get(column, column)
    if value is None or value == "":
        return 0, None
    if isinstance(value, bool):
        return None, Issue(ERROR, sheet_name, ref, f"giá trị TRUE/FALSE không phải số hồ sơ ({what}).")
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, (date, datetime)):
        return None, Issue(ERROR, sheet_name, ref, f"ô chứa ngày tháng, không phải số hồ sơ ({what}). Hãy định dạng ô là Số.")
    else:
        text = fold_space(value).replace(" ", "")
        if text in ("-", "–", "—", ""):
            return 0, None
        if text.startswith("#"):
            return None, Issue(ERROR, sheet_name, ref, f"ô báo lỗi công thức {text} ({what}). Hãy sửa công thức trong Excel.")
        if _THOUSANDS.match(text):
            text = re.sub(r"[.,\s]", "", text)
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None, Issue(ERROR, sheet_name, ref,
                               f"\"{fold_space(value)}\" không phải là số ({what}). Hãy nhập số hồ sơ (số nguyên ≥ 0).")
    if problem := out_of_range(float(number)):
        return None, Issue(ERROR, sheet_name, ref, f"{problem} ({what}).")
    if number < 0:
        shown = int(number) if float(number).is_integer() else number
        return None, Issue(ERROR, sheet_name, ref, f"số âm ({shown}) không hợp lệ ({what}). Số hồ sơ phải ≥ 0.")
    if not float(number).is_integer():
        shown = short(number, 6)
        return None, Issue(ERROR, sheet_name, ref, f"số lẻ ({shown}) không hợp lệ ({what}). Số hồ sơ phải là số nguyên.")
    return int(number), None


def _row_kind(stt_key: str, label_key: str) -> str:
    """data | section | subtotal | total, from the STT and label texts of a row that holds numbers."""
    if stt_key.isdigit() and label_key[:1] not in ("t", "c"):
        return "data"   # a numbered row whose label cannot be a total ("tổng …") or a subtotal ("cộng …")
    for key in (label_key, stt_key):
        if key in _GRAND_TOTAL or key.startswith("tong cong") or key.startswith("tong so"):
            return "total"
        if _SUBTOTAL.match(key):
            return "subtotal"
    if stt_key and _ROMAN.match(stt_key):
        return "section"
    if not stt_key and _ROMAN_PREFIX.match(label_key):
        return "section"
    return "data"


def _looks_like_unit(name_key: str) -> bool:
    return name_key.startswith(_UNIT_WORDS) or name_key.startswith(("xa ", "phuong ", "thi tran "))


def read_sheet(file_name: str, sheet: Sheet, all_sheets: list[Sheet],
               period: Period | None = None) -> list[SheetResult]:
    """Every report table of a sheet, one result per batch: [] when the sheet is not the form (notes, lists, a
    cover page); one result holding the error when it looks like the form but has no usable header.

    Tables stacked in a sheet (each with its own header band) are read one after the other, each with the unit
    and period written above it; a flat export (unit and period columns) gives one result per unit × period.
    `period`, when given (the analyst typed it), is used instead of what the sheet says.
    """
    header_first = _find_header(sheet)
    if header_first is None:
        marker = form_marker(sheet)
        if marker is None:
            return []
        r, c, text = marker
        broken = SheetResult(file_name=file_name, sheet=sheet.name)
        shown = fold_space(text)
        broken.add(ERROR, cell_ref(r, c),
                   f"trang tính có dạng Biểu số 06 (\"{shown[:60]}\") nhưng không tìm thấy dòng tiêu đề gồm cả "
                   f"\"Số hồ sơ nhận giải quyết\" và \"Số hồ sơ đã giải quyết\" trong {HEADER_SEARCH_ROWS} dòng đầu. "
                   "Hãy sửa dòng tiêu đề theo đúng mẫu, hoặc xoá trang tính này nếu không phải báo cáo.")
        return [broken]
    results: list[SheetResult] = []
    region_first, table = 0, 1
    while header_first is not None:
        found, resume, region_end = _parse_table(file_name, sheet, all_sheets, header_first, region_first, table,
                                                 period, results[0] if results else None)
        results += found
        if resume is None or resume >= len(sheet.rows):
            break
        header_first = _find_header(sheet, resume, len(sheet.rows))
        region_first, table = region_end, table + 1
    return results


def _parse_table(file_name, sheet: Sheet, all_sheets, header_first: int, region_first: int, table: int,
                 period: Period | None, first_table: SheetResult | None):
    """One table from its header band on: (results, row where a further table may start or None, row after its
    last counted row). The unit and period are those written between the previous table and this header;
    a later table without them takes the first table's."""
    result = SheetResult(file_name=file_name, sheet=sheet.name, table=table, header_row=header_first)
    result.form = _detect_form(sheet, header_first, region_first)
    if first_table and result.form == FORM_EXPORT:
        result.form = first_table.form
    written, result.reporting_unit_cell = _reporting_unit(sheet, header_first, region_first)
    result.reporting_unit = label(written)
    result.authority = _authority(sheet, header_first, region_first)
    if result.reporting_unit and (problem := too_long(result.reporting_unit, LABEL_MAX_CHARS)):
        result.add(ERROR, None, f"\"Đơn vị báo cáo\": {problem}.")
        result.reporting_unit = None
    if first_table and not result.reporting_unit:
        result.reporting_unit, result.reporting_unit_cell = first_table.reporting_unit, first_table.reporting_unit_cell
    if first_table and not result.authority:
        result.authority = first_table.authority

    first, last = _header_band(sheet, header_first)
    paths = _column_paths(sheet, first, last)
    mapping: dict[str, int] = {}
    row_columns: dict[str, int] = {}      # a flat export's unit and period columns
    label_cols: list[int] = []
    stt_col = combined = None
    for c, path in sorted(paths.items()):
        field_name = hdr.classify(match_key(path))
        if field_name == hdr.LABEL:
            label_cols.append(c)
        elif field_name in hdr.ROW_KEYS and field_name not in row_columns:
            row_columns[field_name] = c
        elif field_name == hdr.STT and stt_col is None:
            stt_col = c
        elif field_name in COUNT_COLUMNS:
            if field_name in mapping:
                result.add(ERROR, f"{column_letter(mapping[field_name])}{first + 1}",
                           f"hai cột cùng được hiểu là \"{COUNT_LABELS[field_name]}\" (cột {column_letter(mapping[field_name])} "
                           f"và cột {column_letter(c)}: \"{path}\"). Hãy xoá hoặc đổi tên một cột.")
            else:
                mapping[field_name] = c
        elif field_name == hdr.RES_IN_TIME:
            combined = c
            where = next((r for r in range(first, last + 1) if "dung thoi han" in match_key(sheet.value(r, c))), first)
            result.add(ERROR, cell_ref(where, c),
                       f"cột \"{path}\" gộp hồ sơ giải quyết trước hạn và đúng hạn; Biểu 06 cần hai cột riêng "
                       "\"Trước hạn\" và \"Đúng hạn\". Hãy xuất lại bảng có tách hai cột này, hoặc chép số liệu vào mẫu "
                       "Biểu số 06/VPCP/KSTT.")
        elif field_name is None and path:
            result.add(INFO, f"{column_letter(c)}{first + 1}",
                       f"cột \"{path}\" không thuộc biểu mẫu nên được bỏ qua.")
    label_col = _choose_label(paths, label_cols, row_columns)
    if label_col is None:
        label_col = _guess_label_column(sheet, last + 1, stt_col, mapping)
    result.columns = {k: column_letter(v) for k, v in mapping.items()}
    result.label_column = column_letter(label_col) if label_col is not None else None
    result.flat = bool(row_columns)

    split = "recv_direct" in mapping or "recv_postal" in mapping
    derivable = {"recv_total", "res_total", "proc_total"} | ({"recv_offline"} if split else set())
    missing = [f for f in REQUIRED_COUNTS if f not in mapping and f not in derivable
               and not (combined is not None and f in ("res_before", "res_ontime"))]   # said at its column
    if combined is not None and not missing and label_col is not None:
        return [result], _skip_table(sheet, last + 1), last + 1
    if missing or label_col is None:
        names = ", ".join(f"\"{COUNT_LABELS[f]}\"" for f in missing)
        if label_col is None:
            names = (names + ", " if names else "") + "\"Lĩnh vực / Tên cơ quan, đơn vị\""
        result.add(ERROR, f"A{first + 1}:{column_letter(max(paths) if paths else 0)}{last + 1}",
                   f"không tìm thấy cột {names} trong dòng tiêu đề{_table_words(result)}. "
                   "Hãy dùng đúng mẫu Biểu số 06/VPCP/KSTT.")
        return [result], _skip_table(sheet, last + 1), last + 1
    for f in sorted(derivable - set(mapping)):
        result.add(INFO, None, f"tệp không có cột \"{COUNT_LABELS[f]}\": giá trị được tính từ các cột thành phần.")

    if not (hdr.PERIOD_START in row_columns or hdr.PERIOD_LABEL in row_columns):   # else each row says its own
        _table_period(result, sheet, all_sheets, region_first, period, first_table)

    label_header = paths.get(label_col, "")
    resume, region_end = _read_rows(result, sheet, last + 1, label_col, stt_col, mapping, split, label_header,
                                    row_columns, period)
    if table > 1:
        result.add(INFO, cell_ref(header_first, 0),
                   f"bảng thứ {table} trong trang tính (tiêu đề từ dòng {header_first + 1}) được đọc thành một lô riêng.")
    if result.flat:
        return _by_unit_and_period(result), resume, region_end
    return [result], resume, region_end


def _table_words(result: SheetResult) -> str:
    return f" của bảng thứ {result.table} (dòng {result.header_row + 1})" if result.table > 1 else ""


def _choose_label(paths: dict, label_cols: list[int], row_columns: dict) -> int | None:
    """The name column: lĩnh vực, else the unit of a roll-up. A table with unit or period columns, or with a unit
    column beside its lĩnh vực column, is a flat export: its unit column (added to `row_columns`) keys the
    batches — "Đơn vị báo cáo", else the unit-named column, else the name column itself."""
    fields = [c for c in label_cols if "linh vuc" in match_key(paths[c])]
    others = [c for c in label_cols if c not in fields]
    if (row_columns or (fields and others)) and hdr.UNIT not in row_columns and others:
        row_columns[hdr.UNIT] = others[0]
    if fields:
        return fields[0]
    return label_cols[0] if label_cols else row_columns.get(hdr.UNIT)


def _table_period(result: SheetResult, sheet, all_sheets, region_first, supplied, first_table):
    """The period of a table, and what the analyst is told about it: the one supplied, else what the sheet says."""
    if supplied is not None:
        result.period, result.period_source, where = supplied, "supplied", None
    else:
        result.period, result.period_source, where = _find_table_period(sheet, all_sheets, result.header_row,
                                                                        region_first, first_table)
    result.period_where = where
    if result.period is None:
        result.add(ERROR, None, f"không tìm thấy kỳ báo cáo{_table_words(result)} (ví dụ \"Từ ngày 15/6/2024 đến "
                                "ngày 14/9/2024\" hoặc \"Quý III năm 2024\"). Hãy nhập kỳ báo cáo khi nạp tệp.")
        return
    if result.period_source == "label" and where:
        result.add(INFO, cell_ref(where[1], where[2]),
                   f"kỳ báo cáo lấy theo tên kỳ, ngày theo quy ước 15→14: {result.period.dates_text()}.")
    elif result.period_source == "first table":
        result.period_source = first_table.period_source
        result.add(INFO, cell_ref(result.header_row, 0), f"bảng thứ {result.table} không ghi kỳ báo cáo riêng: lấy kỳ "
                                                         f"của bảng đầu ({result.period.dates_text()}).")
    if result.period.is_calendar:
        result.add(WARNING, None, f"kỳ báo cáo theo tháng dương lịch ({result.period.dates_text()}), khác quy ước "
                                  "15→14; số liệu được lưu đúng như báo cáo và ghi nhãn riêng.")


def _find_table_period(sheet, all_sheets, header_first, region_first, first_table):
    """The first table: a date range above it, else anything the workbook says (`find_period`). A later table:
    a range, then a period name, between the previous table and its header; else the first table's period."""
    lines = list(_texts(sheet, header_first, region_first))
    for r, c, text in lines:
        if not _PLACE_DATE.search(match_key(text)) and (found := parse_range(text)):
            return found, "dates", (sheet.name, r, c)
    if first_table is None:
        return find_period(all_sheets, sheet)
    for r, c, text in lines:
        key = match_key(text)
        if not _PLACE_DATE.search(key) and ("ky bao cao" in key or "quy" in key or "thang" in key) and (
                found := parse_label(text)):
            return found, "label", (sheet.name, r, c)
    if first_table.period is not None:
        return first_table.period, "first table", None
    return None, None, None


def _skip_table(sheet: Sheet, first: int) -> int:
    """After a table whose header could not be read: the next blank row, from which another table may start."""
    for r in range(first, len(sheet.rows)):
        if not any(v not in (None, "") for v in sheet.rows[r]):
            return r
    return len(sheet.rows)


_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]00:00(?::00)?)?$")


def _day(value) -> date | None:
    """A date cell: a date, or text written 15/06/2024, 15-6-2024 or 2024-06-15 (databases)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = fold_space(value).lower()
    try:
        if found := _DAY.match(text):
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        if found := _ISO_DAY.match(text):
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None
    return None


def _row_period(row, r: int, row_columns: dict, supplied: Period | None, seen: dict):
    """A flat export row's period: (Period, source) or (None, (cell, message)). `seen` keeps what was read, since
    a file repeats the same few periods on every row."""
    cols = [row_columns.get(k) for k in (hdr.PERIOD_START, hdr.PERIOD_END, hdr.PERIOD_LABEL)]
    raw = tuple(row[c] if c is not None and c < len(row) else None for c in cols)
    if raw not in seen:
        seen[raw] = _read_row_period(raw, cols, supplied)
    period, found = seen[raw]     # found: the source, or (column, message) when the period cannot be read
    if period is None:            # the cell of this row, not of the row where the text was first seen
        return None, (cell_ref(r, found[0]), found[1])
    return period, found


def _read_row_period(raw, cols, supplied):
    start_value, end_value, label_value = raw
    start_col, end_col, label_col = cols
    if start_col is not None and end_col is not None and (start_value not in (None, "") or end_value not in (None, "")):
        start, end = _day(start_value), _day(end_value)
        for value, day, col, what in ((start_value, start, start_col, "Từ ngày"), (end_value, end, end_col, "Đến ngày")):
            if day is None:
                return None, (col, f"\"{_cell_text(value)}\" không phải ngày ({what}). Hãy ghi ngày dạng 15/06/2024.")
        if start > end:
            return None, (start_col, f"ngày bắt đầu {start:{DAY}} sau ngày kết thúc {end:{DAY}}.")
        return Period(start, end), "rows"
    if label_col is not None and label_value not in (None, ""):
        found = parse_label(_cell_text(label_value))
        if found is None:
            return None, (label_col, f"không hiểu kỳ báo cáo \"{_cell_text(label_value)}\". Hãy ghi dạng \"Quý III/2024\" "
                                     "hoặc thêm cột \"Từ ngày\", \"Đến ngày\".")
        return found, "label"
    if supplied is not None:
        return supplied, "supplied"
    col = next((c for c in cols if c is not None), 0)     # a unit column but no period column: said at A
    return None, (col, "dòng không ghi kỳ báo cáo. Hãy điền kỳ báo cáo cho mọi dòng (hoặc nhập kỳ khi nạp tệp).")


def _by_unit_and_period(table: SheetResult) -> list[SheetResult]:
    """A flat export's rows as one result per unit × period, each validated and stored as a report of its own;
    the table's issues stay with the first."""
    groups: dict[tuple, list[dict]] = {}
    for row in table.rows:
        groups.setdefault((alias_key(row["unit"]), row["period"]), []).append(row)
    if not groups:
        return [table]
    label_sources = {row["period_source"] for row in table.rows}
    results = []
    for (_, period), rows in groups.items():
        part = SheetResult(file_name=table.file_name, sheet=table.sheet, form=table.form,
                           reporting_unit=rows[0]["unit"], rows_are_units=table.rows_are_units, period=period,
                           period_source="label" if label_sources == {"label"} else "rows", columns=table.columns,
                           label_column=table.label_column, rows=rows, table=table.table, header_row=table.header_row,
                           flat=True, reporting_unit_cell=rows[0].get("unit_cell"), authority=table.authority)
        results.append(part)
    results[0].issues = table.issues
    results[0].totals, results[0].totals_match = table.totals, table.totals_match
    calendar = sorted({p for _, p in groups if p.is_calendar}, key=lambda p: (p.start, p.end))
    if calendar:
        shown = ", ".join(p.dates_text() for p in calendar[:4]) + (f" và {len(calendar) - 4} kỳ khác" if len(calendar) > 4 else "")
        table.add(WARNING, None, f"kỳ báo cáo theo tháng dương lịch ({shown}), khác quy ước 15→14; số liệu được lưu "
                                 "đúng như tệp và ghi nhãn riêng.")
    if "label" in label_sources:
        table.add(INFO, None, "kỳ báo cáo của các dòng chỉ ghi tên kỳ được tính theo quy ước 15→14.")
    table.add(INFO, None, f"bảng có cột đơn vị và kỳ báo cáo trên từng dòng: {len(results)} lô (đơn vị × kỳ), "
                          f"{len(table.rows)} dòng.")
    return results


def _guess_label_column(sheet: Sheet, data_first: int, stt_col, mapping) -> int | None:
    used = set(mapping.values()) | {stt_col}
    counts = {}
    for row in sheet.rows[data_first:data_first + 50]:
        for c, v in enumerate(row):
            if c not in used and isinstance(v, str) and len(v.strip()) > 2 and not _ARABIC_STT.match(v.strip()):
                counts[c] = counts.get(c, 0) + 1
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


def _read_rows(result: SheetResult, sheet: Sheet, data_first: int, label_col: int, stt_col: int | None,
               mapping: dict, split: bool, label_header: str, row_columns: dict, supplied: Period | None):
    """Read the table's rows; returns (row where another table may start — its header, or the notes after this
    table — or None at the end of the sheet; the row after the last row counted)."""
    name = sheet.name
    sections: list[dict] = []       # section and subtotal rows with their position
    data_rows: list[dict] = []
    totals: list[dict] = []
    current_section = None
    group_start = None              # index in data_rows where the current section's rows start
    resume, region_end = None, data_first
    unit_col = row_columns.get(hdr.UNIT)
    unit_cells = _merged_lookup(sheet) if unit_col is not None else {}
    periods_seen: dict = {}
    fields, columns = list(mapping), list(mapping.values())
    # the count cells of a row in one call when the row reaches every count column (every row of most reports)
    take = operator.itemgetter(*columns) if len(columns) > 1 else (lambda row: tuple(row[c] for c in columns))
    last_column = max(columns, default=-1)
    for r in range(data_first, len(sheet.rows)):
        row = sheet.rows[r]
        width = len(row)
        raw_label = row[label_col] if label_col < width else ""
        raw_stt = row[stt_col] if stt_col is not None and stt_col < width else ""
        label_text = label(raw_label) if isinstance(raw_label, str) else (label(str(raw_label)) if raw_label not in ("", None) else None)
        if type(raw_stt) is float and raw_stt.is_integer():
            stt_text = str(int(raw_stt))
        else:
            stt_text = label(str(raw_stt)) if raw_stt not in ("", None) else None
        # a row number's key is itself: most rows have one, and each is a new text to key
        label_key, stt_key = match_key(label_text), (stt_text if stt_text and stt_text.isdigit() else match_key(stt_text))
        values = take(row) if width > last_column else tuple(row[c] if c < width else "" for c in columns)
        cells = dict(zip(fields, values))
        numbers = _NUMBER_TYPES.issuperset(map(type, values))    # no blank, no text: every cell filled
        filled = cells if numbers else {
            f: v for f, v in cells.items() if not (v is None or (isinstance(v, str) and not v.strip()))}
        first_count = next(iter(filled.values()), None)   # a number here: a data row, the common case
        if (data_rows or totals) and (first_count is None or (type(first_count) is str and not _is_number(first_count))) \
                and _find_header(sheet, r, r + 1) == r:
            resume = r    # the header of another table stacked below this one
            break
        # the column-number row "(1) … (13)" holds "(2)" or 2 where the label goes
        if (label_text is None or _COLUMN_NUMBER.match(_cell_text(raw_label))) and _is_column_number_row(row):
            continue
        # notes, signatures and the place-and-date line end the table; a row whose counts are all numbers is
        # none of them (and is most rows: skipping the text scan there is most of the reading time saved)
        if not filled or not (numbers or _NUMBER_TYPES.issuperset(map(type, filled.values()))):
            first_text = next((match_key(v) for v in row if isinstance(v, str) and v.strip()), "")
            if first_text.startswith(_TRAILER) or _PLACE_DATE.search(first_text):
                if data_rows or totals:
                    resume = r
                    break
                continue
        if not filled:
            if label_text and _row_kind(stt_key, label_key) == "section":
                # a section heading without numbers ("I | Sở, ban, ngành"): its rows follow
                current_section = {"row": r, "label": label_text, "stt": stt_text, "kind": "heading"}
                group_start = len(data_rows)
                continue
            if label_text and _row_kind(stt_key, label_key) in ("total", "subtotal") or not label_text:
                continue  # a blank line or an empty summary row
            if not (stt_text and _ARABIC_STT.match(stt_text)):
                continue  # a heading without a number
        if not label_text and not stt_text:
            if not any(_is_number(v) for v in filled.values()):
                continue  # text spilled into count columns (notes, signatures); a CSV's numbers are text too
        # a flat export writes "Tổng cộng" in its unit column
        kind = _row_kind(stt_key, label_key or (match_key(row[unit_col]) if unit_col is not None and unit_col < width
                                                 and isinstance(row[unit_col], str) else ""))
        if kind == "total" and group_start is not None and (
                _PLAIN_SUBTOTAL.match(label_key) or (not label_key and _PLAIN_SUBTOTAL.match(stt_key))):
            kind = "subtotal"   # "Cộng" closing a section is that section's subtotal, not the grand total
        if kind == "data" and not label_text:
            result.add(ERROR, cell_ref(r, label_col), "dòng có số liệu nhưng không có tên lĩnh vực / đơn vị.")
            continue
        if label_text and (problem := too_long(label_text, LABEL_MAX_CHARS)):
            result.add(ERROR, cell_ref(r, label_col), f"tên lĩnh vực / đơn vị: {problem}.")
            continue
        counts, bad = _whole_counts(fields, values) if numbers else None, False
        if counts is None:      # a blank, a text, a fraction or a number out of range: cell by cell
            counts = {}
            for f, c in mapping.items():
                value = cells[f]
                if type(value) is float and 0 <= value <= COUNT_MAX and value.is_integer():
                    counts[f] = int(value)
                    continue
                value, issue = parse_count(value, name, cell_ref(r, c), f)
                if issue:
                    result.issues.append(issue)
                    bad = True
                counts[f] = value
        entry = {"row": r, "label": label_text, "key": label_key, "stt": stt_text, "kind": kind, "counts": counts,
                 "bad": bad, "section": current_section,
                 "blank": set() if len(filled) == len(cells) else {f for f in mapping if cells[f] is None or cells[f] == ""}}
        region_end = r + 1
        if row_columns and kind == "data":
            entry["bad"] = not _row_unit_and_period(result, entry, row, unit_col, unit_cells, row_columns, supplied,
                                                    periods_seen) or bad
        if kind == "total":
            totals.append(entry)
        elif kind in ("section", "subtotal"):
            sections.append(entry)
            if kind == "section":
                current_section = entry
                group_start = len(data_rows)
            elif group_start is not None:
                entry["children"] = data_rows[group_start:]
                group_start = len(data_rows)
        else:
            data_rows.append(entry)

    for entry in data_rows + sections + totals:
        _complete(entry["counts"], split)
    for entry in data_rows:
        if not entry["bad"]:
            _validate_row(result, entry, mapping, label_col)
    _cross_check(result, data_rows, sections, totals, mapping)
    if not data_rows:
        result.add(ERROR, None, "không có dòng số liệu nào dưới dòng tiêu đề.")
    keys_seen = {}
    for entry in data_rows:
        key = (alias_key(entry.get("unit") or ""), entry.get("period"), entry["key"]) if row_columns else entry["key"]
        if key in keys_seen:
            result.add(ERROR, cell_ref(entry["row"], label_col),
                       f"\"{entry['label']}\" xuất hiện hai lần (dòng {keys_seen[key] + 1} và dòng {entry['row'] + 1}). "
                       "Hãy gộp thành một dòng.")
        keys_seen.setdefault(key, entry["row"])

    unit_like = sum(_looks_like_unit(e["key"]) for e in data_rows)
    header_key = match_key(label_header)
    if row_columns:     # a flat export: rows are units unless they are the lĩnh vực of the unit column
        result.rows_are_units = unit_col == label_col
    else:
        result.rows_are_units = (hdr.classify(header_key) == hdr.LABEL and any(
            w in header_key for w in ("co quan", "don vi"))) or bool(data_rows and unit_like > len(data_rows) / 2)
    result.rows = [{"label": e["label"], "row": e["row"], "counts": e["counts"]} for e in data_rows if not e["bad"]]
    if row_columns:
        by_row = {e["row"]: e for e in data_rows}
        for row in result.rows:
            entry = by_row[row["row"]]
            row.update(unit=entry["unit"], period=entry["period"], period_source=entry["period_source"],
                       unit_cell=entry["unit_cell"])
    if totals:
        result.totals = totals[0]["counts"]
    return resume, region_end


def _whole_counts(fields: list[str], values: tuple) -> dict | None:
    """The counts of a row whose cells are all numbers, when every one is a whole number from 0 to COUNT_MAX (what
    `parse_count` makes of each, in one pass: most rows of every report); None otherwise."""
    try:
        whole = tuple(map(int, values))
    except (ValueError, OverflowError):      # NaN, infinity
        return None
    if whole != values or (whole and (min(whole) < 0 or max(whole) > COUNT_MAX)):
        return None
    return dict(zip(fields, whole))


def _row_unit_and_period(result, entry, row, unit_col, unit_cells, row_columns, supplied, periods_seen) -> bool:
    """A flat export row's unit and period, into `entry`; False (with the error at its cell) when one is missing."""
    r = entry["row"]
    if unit_col is None:          # periods on every row, the unit said once above the table ("Đơn vị báo cáo: …")
        raw = result.reporting_unit
    else:
        raw = row[unit_col] if unit_col < len(row) else None
        if raw in (None, ""):
            raw = unit_cells.get((r, unit_col))      # a unit written once over its lĩnh vực rows (merged cells)
    entry["unit"] = label(_cell_text(raw)) if raw not in (None, "") else None
    entry["unit_cell"] = result.reporting_unit_cell if unit_col is None else cell_ref(r, unit_col)
    entry["period"], source = _row_period(row, r, row_columns, supplied, periods_seen)
    entry["period_source"] = source if entry["period"] else None
    ok = True
    if entry["unit"] is None:
        result.add(ERROR, cell_ref(r, unit_col or 0), "dòng có số liệu nhưng không ghi đơn vị báo cáo.")
        ok = False
    if entry["period"] is None:
        result.add(ERROR, source[0], source[1])
        ok = False
    return ok


def _complete(counts: dict, split: bool):
    """Fill totals a file did not carry (exports) from their parts; offline from direct + postal."""
    def add(*names):  # None when a part was refused (the row is not stored anyway)
        values = [counts.get(n) for n in names]
        return None if None in values else sum(values)

    if split and "recv_offline" not in counts:
        parts = [counts[n] for n in ("recv_direct", "recv_postal") if n in counts]
        counts["recv_offline"] = None if None in parts else sum(parts)
    if "recv_total" not in counts:
        counts["recv_total"] = add("recv_online", "recv_offline", "recv_carry")
    if "res_total" not in counts:
        counts["res_total"] = add("res_before", "res_ontime", "res_late")
    if "proc_total" not in counts:
        counts["proc_total"] = add("proc_ontime", "proc_late")


_ROW_CHECKS = (
    ("V1", "recv_total", ("recv_online", "recv_offline", "recv_carry"), "(3) = (4) + (5) + (6)"),
    ("V2", "res_total", ("res_before", "res_ontime", "res_late"), "(7) = (8) + (9) + (10)"),
    ("V3", "proc_total", ("proc_ontime", "proc_late"), "(11) = (12) + (13)"),
)
_SPLIT_CHECK = (("V1", "recv_offline", ("recv_direct", "recv_postal"), "trực tiếp + BCCI"),)


def _validate_row(result: SheetResult, entry: dict, mapping: dict, label_col: int):
    """V1–V4 of domain.md on one row; V1–V3 are errors, V4 a warning unless returned/withdrawn explains it."""
    c, r, who = entry["counts"], entry["row"], entry["label"]

    def ref(field_name):
        return cell_ref(r, mapping.get(field_name, label_col))

    split = "recv_direct" in mapping and "recv_postal" in mapping and "recv_offline" in mapping
    for code, total, parts, rule in (_ROW_CHECKS + _SPLIT_CHECK) if split else _ROW_CHECKS:
        if total not in mapping:
            continue
        expected = sum(map(c.__getitem__, parts))
        if c[total] != expected and total in entry.get("blank", ()):
            # a formula saved without its value (a workbook written by a program, never opened in Excel)
            result.add(ERROR, ref(total),
                       f"{code} – \"{who}\": ô {COUNT_LABELS[total]} đang trống nhưng các thành phần cộng lại là "
                       f"{number(expected)} ({rule}). Nếu ô này là công thức, tệp chưa được tính lại: hãy mở tệp bằng "
                       "Excel (hoặc LibreOffice), lưu lại rồi tải lên; nếu không, hãy điền số tổng.")
        elif c[total] != expected:
            result.add(ERROR, ref(total),
                       f"{code} – \"{who}\": {COUNT_LABELS[total]} là {number(c[total])} nhưng tổng các thành phần là "
                       f"{number(expected)} ({rule}). Hãy kiểm tra lại các ô của dòng {r + 1}.")
    balance = c["res_total"] + c["proc_total"]
    if c["recv_total"] != balance:
        gap = c["recv_total"] - balance
        returned = c.get("returned_withdrawn") or 0
        if returned and gap == returned:
            return
        result.add(WARNING, ref("recv_total"),
                   f"V4 – \"{who}\": tổng nhận {number(c['recv_total'])} khác đã giải quyết + đang giải quyết "
                   f"{number(balance)} (chênh {number(gap)}), có thể do hồ sơ trả lại, rút hoặc chờ bổ sung. "
                   "Xác nhận nếu đúng như báo cáo.")


def _sum_rows(rows: list[dict], field_name: str) -> int:
    return sum(e["counts"][field_name] for e in rows)


def _cross_check(result: SheetResult, data_rows, sections, totals, mapping):
    """Section subtotals and the grand total must equal the sum of the rows they cover."""
    fields = [f for f in mapping]
    for section in sections:
        if section["kind"] == "section":
            children = [e for e in data_rows if e["section"] is section]
        else:
            children = section.get("children")   # a subtotal closing a section; None when unknown
        if children:
            _compare(result, section, children, fields, mapping, f"dòng \"{section['label'] or section['stt']}\"")
    for total in totals:
        if not total["bad"] and data_rows:
            matched = _compare(result, total, data_rows, fields, mapping, f"dòng tổng \"{total['label'] or total['stt']}\"")
            result.totals_match = matched and result.totals_match is not False


def _compare(result, summary, rows, fields, mapping, what) -> bool:
    """True when every column of the summary row equals the sum of its rows (errors added otherwise)."""
    matched = True
    for f in fields:
        if summary["counts"][f] is None:
            continue  # a cell already refused (its own error names it)
        try:
            expected = _sum_rows(rows, f)
        except TypeError:
            continue  # a row's cell already refused (None): its own error names it
        if summary["counts"][f] != expected:
            result.add(ERROR, cell_ref(summary["row"], mapping[f]),
                       f"{what}: {COUNT_LABELS[f]} là {number(summary['counts'][f])} nhưng cộng các dòng chi tiết được "
                       f"{number(expected)}. Có dòng bị thiếu, thừa hoặc nhập sai.")
            matched = False
    return matched
