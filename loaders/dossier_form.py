"""Reading one sheet of a dossier-count report (Biểu 06 and its variants) into canonical rows.

Nothing here depends on fixed cell positions: the header band is found by its text in the first
rows, the columns by `dossier_headers.classify`, the rows by what they hold (data, section,
subtotal, total, notes). Every problem is collected as an Issue with its cell; the caller decides.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from loaders import dossier_headers as hdr
from loaders.columns import COUNT_COLUMNS, COUNT_LABELS, REQUIRED_COUNTS
from loaders.issues import ERROR, INFO, WARNING, Issue, cell_ref, column_letter
from loaders.periods import Period, parse_end_only, parse_label, parse_range
from loaders.text import fold_space, label, match_key
from loaders.value_limits import COUNT_MAX, LABEL_MAX_CHARS, out_of_range, too_long
from loaders.workbook import Sheet

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


@dataclass
class SheetResult:
    """One dossier-count sheet as read: canonical rows, what was recognised, and every issue."""
    file_name: str
    sheet: str
    form: str | None = None
    reporting_unit: str | None = None
    rows_are_units: bool = False
    period: Period | None = None
    period_source: str | None = None       # "dates" | "label" | "supplied"
    columns: dict = field(default_factory=dict)   # canonical → column letter
    label_column: str | None = None                # the lĩnh vực / unit name column
    rows: list[dict] = field(default_factory=list)  # label, cells, counts; unit/lĩnh vực resolved later
    totals: dict | None = None                      # the grand-total row as read, for display
    totals_match: bool | None = None                # None: the sheet has no total row to check against
    issues: list[Issue] = field(default_factory=list)

    def add(self, level, cell, message):
        self.issues.append(Issue(level, self.sheet, cell, message))


def is_dossier_sheet(sheet: Sheet) -> bool:
    return _find_header(sheet) is not None


def _texts(sheet: Sheet, max_rows: int | None = None):
    """(row, col, text) of every non-empty text cell, top to bottom."""
    for r, row in enumerate(sheet.rows[:max_rows] if max_rows else sheet.rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value.strip():
                yield r, c, value


def _find_header(sheet: Sheet) -> int | None:
    """First row (0-based) of the header band: a row naming both the receipt and the resolved blocks."""
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        keys = [match_key(v) for v in row if isinstance(v, str) and v.strip()]
        if any(hdr.is_recv_group(k) for k in keys) and any(hdr.is_res_group(k) for k in keys):
            return r
    return None


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


def _detect_form(sheet: Sheet, header_first: int) -> str:
    for _, _, text in _texts(sheet, header_first):
        key = match_key(text)
        if "ii.06a" in key:
            return FORM_OLD
        if "06/vpcp/kstt" in key or "bieu so 06" in key or "bieu 06" in key:
            return FORM_OFFICIAL
    return FORM_EXPORT


def _reporting_unit(sheet: Sheet, header_first: int) -> str | None:
    """"Đơn vị báo cáo: Sở Tư pháp" in one cell, or the label in one cell and the name in the next one."""
    for r, c, text in _texts(sheet, header_first):
        key = match_key(text)
        if key.startswith("don vi bao cao"):
            name = fold_space(text).split(":", 1)[-1].strip() if ":" in text else ""
            if not name:
                name = next((fold_space(v) for v in sheet.rows[r][c + 1:] if isinstance(v, str) and v.strip()), "")
            return name or None
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
        shown = f"{number}".replace(".", ",")
        return None, Issue(ERROR, sheet_name, ref, f"số lẻ ({shown}) không hợp lệ ({what}). Số hồ sơ phải là số nguyên.")
    return int(number), None


def _row_kind(stt_key: str, label_key: str) -> str:
    """data | section | subtotal | total, from the STT and label texts of a row that holds numbers."""
    for key in (label_key, stt_key):
        if key in _GRAND_TOTAL or key.startswith("tong cong") or key.startswith("tong so"):
            return "total"
        if re.match(r"^cong\s+([ivx]+|cap|khoi|nhom)\b", key):
            return "subtotal"
    if stt_key and _ROMAN.match(stt_key):
        return "section"
    if not stt_key and _ROMAN_PREFIX.match(label_key):
        return "section"
    return "data"


def _looks_like_unit(name_key: str) -> bool:
    return name_key.startswith(_UNIT_WORDS) or name_key.startswith(("xa ", "phuong ", "thi tran "))


def parse_sheet(file_name: str, sheet: Sheet, all_sheets: list[Sheet],
                period: Period | None = None) -> SheetResult | None:
    """Read a dossier-count sheet; None when the sheet has no dossier header (it is another kind).

    `period`, when given (the analyst typed it), is used instead of what the sheet says.
    """
    header_first = _find_header(sheet)
    if header_first is None:
        return None
    result = SheetResult(file_name=file_name, sheet=sheet.name)
    result.form = _detect_form(sheet, header_first)
    result.reporting_unit = label(_reporting_unit(sheet, header_first))
    if result.reporting_unit and (problem := too_long(result.reporting_unit, LABEL_MAX_CHARS)):
        result.add(ERROR, None, f"\"Đơn vị báo cáo\": {problem}.")
        result.reporting_unit = None

    first, last = _header_band(sheet, header_first)
    paths = _column_paths(sheet, first, last)
    mapping: dict[str, int] = {}
    label_col = stt_col = None
    for c, path in sorted(paths.items()):
        field_name = hdr.classify(match_key(path))
        if field_name == hdr.LABEL and label_col is None:
            label_col = c
        elif field_name == hdr.STT and stt_col is None:
            stt_col = c
        elif field_name in COUNT_COLUMNS:
            if field_name in mapping:
                result.add(ERROR, f"{column_letter(mapping[field_name])}{first + 1}",
                           f"hai cột cùng được hiểu là \"{COUNT_LABELS[field_name]}\" (cột {column_letter(mapping[field_name])} "
                           f"và cột {column_letter(c)}: \"{path}\"). Hãy xoá hoặc đổi tên một cột.")
            else:
                mapping[field_name] = c
        elif field_name in (None, hdr.IGNORED) and field_name is None and path:
            result.add(INFO, f"{column_letter(c)}{first + 1}",
                       f"cột \"{path}\" không thuộc biểu mẫu nên được bỏ qua.")
    if label_col is None:
        label_col = _guess_label_column(sheet, last + 1, stt_col, mapping)
    result.columns = {k: column_letter(v) for k, v in mapping.items()}
    result.label_column = column_letter(label_col) if label_col is not None else None

    split = "recv_direct" in mapping or "recv_postal" in mapping
    derivable = {"recv_total", "res_total", "proc_total"} | ({"recv_offline"} if split else set())
    missing = [f for f in REQUIRED_COUNTS if f not in mapping and f not in derivable]
    if missing or label_col is None:
        names = ", ".join(f"\"{COUNT_LABELS[f]}\"" for f in missing)
        if label_col is None:
            names = (names + ", " if names else "") + "\"Lĩnh vực / Tên cơ quan, đơn vị\""
        result.add(ERROR, f"A{first + 1}:{column_letter(max(paths) if paths else 0)}{last + 1}",
                   f"không tìm thấy cột {names} trong dòng tiêu đề. Hãy dùng đúng mẫu Biểu số 06/VPCP/KSTT.")
        return result
    for f in sorted(derivable - set(mapping)):
        result.add(INFO, None, f"tệp không có cột \"{COUNT_LABELS[f]}\": giá trị được tính từ các cột thành phần.")

    if period is not None:
        result.period, result.period_source, where = period, "supplied", None
    else:
        result.period, result.period_source, where = find_period(all_sheets, sheet)
    if result.period is None:
        result.add(ERROR, None, "không tìm thấy kỳ báo cáo (ví dụ \"Từ ngày 15/6/2024 đến ngày 14/9/2024\" "
                                "hoặc \"Quý III năm 2024\"). Hãy nhập kỳ báo cáo khi nạp tệp.")
    elif result.period_source == "label":
        result.add(INFO, cell_ref(where[1], where[2]),
                   f"kỳ báo cáo lấy theo tên kỳ, ngày theo quy ước 15→14: {result.period.dates_text()}.")
    if result.period and result.period.is_calendar:
        result.add(WARNING, None, f"kỳ báo cáo theo tháng dương lịch ({result.period.dates_text()}), khác quy ước "
                                  "15→14; số liệu được lưu đúng như báo cáo và ghi nhãn riêng.")

    _read_rows(result, sheet, last + 1, label_col, stt_col, mapping, split)
    return result


def _guess_label_column(sheet: Sheet, data_first: int, stt_col, mapping) -> int | None:
    used = set(mapping.values()) | {stt_col}
    counts = {}
    for row in sheet.rows[data_first:data_first + 50]:
        for c, v in enumerate(row):
            if c not in used and isinstance(v, str) and len(v.strip()) > 2 and not _ARABIC_STT.match(v.strip()):
                counts[c] = counts.get(c, 0) + 1
    return min(counts, key=lambda c: (-counts[c], c)) if counts else None


def _read_rows(result: SheetResult, sheet: Sheet, data_first: int, label_col: int, stt_col: int | None,
               mapping: dict, split: bool):
    name = sheet.name
    sections: list[dict] = []       # section and subtotal rows with their position
    data_rows: list[dict] = []
    totals: list[dict] = []
    current_section = None
    group_start = None              # index in data_rows where the current section's rows start
    for r in range(data_first, len(sheet.rows)):
        row = sheet.rows[r]
        width = len(row)
        raw_label = row[label_col] if label_col < width else ""
        raw_stt = row[stt_col] if stt_col is not None and stt_col < width else ""
        label_text = label(raw_label) if isinstance(raw_label, str) else (label(str(raw_label)) if raw_label not in ("", None) else None)
        stt_text = label(str(raw_stt)) if raw_stt not in ("", None) else None
        if isinstance(raw_stt, float) and raw_stt.is_integer():
            stt_text = str(int(raw_stt))
        label_key, stt_key = match_key(label_text), match_key(stt_text)
        cells = {f: (row[c] if c < width else "") for f, c in mapping.items()}
        filled = {f: v for f, v in cells.items() if not (v is None or (isinstance(v, str) and not v.strip()))}
        first_text = next((match_key(v) for v in row if isinstance(v, str) and v.strip()), "")
        # the column-number row "(1) … (13)" holds "(2)" or 2 where the label goes
        if (label_text is None or _COLUMN_NUMBER.match(_cell_text(raw_label))) and _is_column_number_row(row):
            continue
        if first_text.startswith(_TRAILER) or _PLACE_DATE.search(first_text):
            if data_rows or totals:
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
            if all(isinstance(v, str) for v in filled.values()):
                continue  # text spilled into count columns (notes, signatures)
        kind = _row_kind(stt_key, label_key)
        if kind == "total" and group_start is not None and (
                _PLAIN_SUBTOTAL.match(label_key) or (not label_key and _PLAIN_SUBTOTAL.match(stt_key))):
            kind = "subtotal"   # "Cộng" closing a section is that section's subtotal, not the grand total
        if kind == "data" and not label_text:
            result.add(ERROR, cell_ref(r, label_col), "dòng có số liệu nhưng không có tên lĩnh vực / đơn vị.")
            continue
        if label_text and (problem := too_long(label_text, LABEL_MAX_CHARS)):
            result.add(ERROR, cell_ref(r, label_col), f"tên lĩnh vực / đơn vị: {problem}.")
            continue
        counts, bad = {}, False
        for f, c in mapping.items():
            value = cells[f]
            if type(value) is float and 0 <= value <= COUNT_MAX and value.is_integer():
                counts[f] = int(value)   # the common case, kept cheap: reports have thousands of these
                continue
            value, issue = parse_count(value, name, cell_ref(r, c), f)
            if issue:
                result.issues.append(issue)
                bad = True
            counts[f] = value
        entry = {"row": r, "label": label_text, "key": label_key, "stt": stt_text, "kind": kind, "counts": counts,
                 "bad": bad, "section": current_section,
                 "blank": {f for f in mapping if cells[f] is None or cells[f] == ""}}
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
        key = entry["key"]
        if key in keys_seen:
            result.add(ERROR, cell_ref(entry["row"], label_col),
                       f"\"{entry['label']}\" xuất hiện hai lần (dòng {keys_seen[key] + 1} và dòng {entry['row'] + 1}). "
                       "Hãy gộp thành một dòng.")
        keys_seen.setdefault(key, entry["row"])

    unit_like = sum(_looks_like_unit(e["key"]) for e in data_rows)
    result.rows_are_units = any(hdr.classify(match_key(p)) == hdr.LABEL and any(
        w in match_key(p) for w in ("co quan", "don vi")) for p in [_label_header(sheet, label_col)]) or (
        data_rows and unit_like > len(data_rows) / 2)
    result.rows = [{"label": e["label"], "row": e["row"], "counts": e["counts"]} for e in data_rows if not e["bad"]]
    if totals:
        result.totals = totals[0]["counts"]


def _label_header(sheet: Sheet, label_col: int) -> str:
    first = _find_header(sheet)
    f, last = _header_band(sheet, first)
    return _column_paths(sheet, f, last).get(label_col, "")


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


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _validate_row(result: SheetResult, entry: dict, mapping: dict, label_col: int):
    """V1–V4 of domain.md on one row; V1–V3 are errors, V4 a warning unless returned/withdrawn explains it."""
    c, r, who = entry["counts"], entry["row"], entry["label"]

    def ref(field_name):
        return cell_ref(r, mapping.get(field_name, label_col))

    checks = [
        ("V1", "recv_total", ("recv_online", "recv_offline", "recv_carry"), "(3) = (4) + (5) + (6)"),
        ("V2", "res_total", ("res_before", "res_ontime", "res_late"), "(7) = (8) + (9) + (10)"),
        ("V3", "proc_total", ("proc_ontime", "proc_late"), "(11) = (12) + (13)"),
    ]
    if "recv_direct" in mapping and "recv_postal" in mapping and "recv_offline" in mapping:
        checks.append(("V1", "recv_offline", ("recv_direct", "recv_postal"), "trực tiếp + BCCI"))
    for code, total, parts, rule in checks:
        if total not in mapping:
            continue
        expected = sum(c[p] for p in parts)
        if c[total] != expected and total in entry.get("blank", ()):
            # a formula saved without its value (a workbook written by a program, never opened in Excel)
            result.add(ERROR, ref(total),
                       f"{code} – \"{who}\": ô {COUNT_LABELS[total]} đang trống nhưng các thành phần cộng lại là "
                       f"{_fmt(expected)} ({rule}). Nếu ô này là công thức, tệp chưa được tính lại: hãy mở tệp bằng "
                       "Excel (hoặc LibreOffice), lưu lại rồi tải lên; nếu không, hãy điền số tổng.")
        elif c[total] != expected:
            result.add(ERROR, ref(total),
                       f"{code} – \"{who}\": {COUNT_LABELS[total]} là {_fmt(c[total])} nhưng tổng các thành phần là "
                       f"{_fmt(expected)} ({rule}). Hãy kiểm tra lại các ô của dòng {r + 1}.")
    balance = c["res_total"] + c["proc_total"]
    if c["recv_total"] != balance:
        gap = c["recv_total"] - balance
        returned = c.get("returned_withdrawn") or 0
        if returned and gap == returned:
            return
        result.add(WARNING, ref("recv_total"),
                   f"V4 – \"{who}\": tổng nhận {_fmt(c['recv_total'])} khác đã giải quyết + đang giải quyết "
                   f"{_fmt(balance)} (chênh {_fmt(gap)}), có thể do hồ sơ trả lại, rút hoặc chờ bổ sung. "
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
        if summary["counts"][f] is None or any(e["counts"][f] is None for e in rows):
            continue  # a cell already refused (its own error names it)
        expected = _sum_rows(rows, f)
        if summary["counts"][f] != expected:
            result.add(ERROR, cell_ref(summary["row"], mapping[f]),
                       f"{what}: {COUNT_LABELS[f]} là {_fmt(summary['counts'][f])} nhưng cộng các dòng chi tiết được "
                       f"{_fmt(expected)}. Có dòng bị thiếu, thừa hoặc nhập sai.")
            matched = False
    return matched
