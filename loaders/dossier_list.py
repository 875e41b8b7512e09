"""Dossier lists ("dossier_list" kind, domain.md §8): the one-stop system's list of dossiers, one row each —
vendor Excel/CSV exports (Vietnamese headers under a title block), CSV with the national portal's field names,
the portal's JSON sync payload.

Read column by column, never row by row: .xlsx through fastexcel (→ Arrow, only the recognised columns), .csv
through DuckDB's `read_csv` (only the recognised columns leave DuckDB), then each column converted with Arrow
compute. Columns are found by their header text. Personal data (applicant, ID numbers, phone, e-mail, address,
summary) is never read into anything kept: its columns are named in the review as dropped.

A dossier is its code within its unit: a later list of the same dossiers supersedes their earlier records
(`dossier.is_current`), the earlier batch kept as history ("replaced" once none of its dossiers is current).
Data errors (domain.md §8.2) are stored, reported by row and counted nowhere.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
from loaders.lazy import pa, pc

import queries
from loaders import dossier_list_fields as fields
from loaders import store as warehouse
from loaders import working_days
from vocabulary.issues import ERROR, INFO, WARNING, Issue, column_letter
from loaders.tables import HEADER_SEARCH_ROWS, TableResult, find_header
from loaders.text import match_key
from loaders.units import alias_key
from loaders.workbook import Limits, Sheet, UnreadableFile, check_file, check_lines, check_size
from loaders.xlsx_structure import column_number, sheet_members
from vocabulary.dossier_list import CHANNEL_LABELS, STATUS_LABELS
from vocabulary.numbers import number
from vocabulary.kinds import LABELS as KIND_LABELS
from vocabulary.dates import DAY, MOMENT

KIND = "dossier_list"
LABEL = KIND_LABELS[KIND]
COLUMNS = fields.COLUMNS
SHOWN_ISSUES = 200           # data errors listed one by one; the rest are counted
REVIEW_ROWS = 400
SUFFIXES = (".xlsx", ".csv", ".json")
MAX_COLUMNS = 200            # a wider sheet is not a dossier list (and is not read cell by cell to find out)


def list_limits() -> Limits:
    """A year of a province is 0,5–2 million dossiers: lists get their own, larger limits (environment
    CCHC_MAX_LIST_MB, CCHC_MAX_LIST_ROWS)."""
    size = float(os.environ.get("CCHC_MAX_LIST_MB") or 400)
    rows = int(float(os.environ.get("CCHC_MAX_LIST_ROWS") or 3_000_000))
    return Limits(file_mb=size, uncompressed_mb=size * 12, rows=rows, cells=rows * 40)


class ArrowRecords:
    """The records of a list as the review shows them: its length is the whole list, iterating gives the first
    REVIEW_ROWS rows as dicts (the review table), never a million."""

    def __init__(self, table: pa.Table | None):
        self.table = table

    def __len__(self):
        return 0 if self.table is None else self.table.num_rows

    def __iter__(self):
        if self.table is None:
            return iter(())
        shown = self.table.slice(0, REVIEW_ROWS).to_pylist()
        return iter([{**row, "_row": row["source_row"], "status": STATUS_LABELS.get(row["status"], "không rõ"),
                      "channel": CHANNEL_LABELS.get(row["channel"])} for row in shown])


@dataclass
class ListResult(TableResult):
    table: pa.Table | None = None                # canonical typed columns, source_row, unit_name, data_error
    dropped: list[str] = field(default_factory=list)
    form: str = ""
    items: bool = False           # a JSON payload: records are items ("mục 4"), not rows of a sheet


def recognises(sheets: list) -> bool:
    """Whether sheets already read (as grids) carry a dossier list's header row."""
    return any(_sniff(sheet.rows[:HEADER_SEARCH_ROWS]) is not None for sheet in sheets)


def parse(file_name: str, sheets: list, con=None) -> list:
    """Lists are read from the file's bytes (`parse_bytes`), with their own readers and limits."""
    return []


def parse_bytes(file_name: str, data: bytes, con=None, unit: str | None = None) -> list[ListResult] | None:
    """The list in a file, or None when the file is not a dossier list (then the other kinds are tried).

    The file is read and converted in a limited child process (`loaders.reader_process.call_isolated`), like every
    file: a crafted workbook that makes fastexcel abort, or a JSON payload that fills memory, ends that child,
    never the server. The bytes go to the child as a file in a private temporary folder, the typed list comes back
    as an Arrow IPC file there (only the recognised columns: nothing personal), mapped into memory rather than
    pickled; the folder is deleted whatever happens, the mapping staying readable until the list is let go."""
    from loaders.reader_process import call_checked, call_isolated

    suffix = Path(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        return None
    with tempfile.TemporaryDirectory(prefix="cchc-list-") as folder:
        # the limits as this process's environment says now (the fork server's environment is that of its start)
        job = {"source": str(Path(folder) / f"list{suffix}"), "table": str(Path(folder) / "list.arrow"), "unit": unit,
               "limits": list_limits()}
        Path(job["source"]).write_bytes(data)
        memory_mb = float(os.environ.get("CCHC_READER_LIST_MEMORY_MB") or 4096)
        try:
            if suffix == ".xlsx":      # checked and read side by side, each on a core
                result = call_checked("loaders.dossier_list:check_list", "loaders.dossier_list:read_list", file_name,
                                      dict(job, checked=True), memory_mb=memory_mb)
            else:
                result = call_isolated("loaders.dossier_list:read_list", file_name, job, memory_mb=memory_mb)
        except UnreadableFile as exc:
            if suffix == ".json":
                result = ListResult(KIND, file_name, Path(file_name).stem, 0)
                result.issues.append(exc.issue)
                return [result]
            return None
        if result is None:
            return None
        if Path(job["table"]).exists():
            result.table = _mapped(job["table"])
            result.records = ArrowRecords(result.table)
    return [result]


def read_list(file_name: str, job: dict) -> ListResult | None:
    """The list in the file `job["source"]` read and converted, its table written to `job["table"]` (Arrow IPC),
    or None when the file is not a list: run in the reader's child."""
    source = Path(job["source"])
    limit = job["limits"]
    suffix = Path(file_name).suffix.lower()
    if suffix == ".json":
        found = _read_json(file_name, source.read_bytes(), limit)
    elif suffix == ".csv":
        check_size(file_name, source.stat().st_size, limit)
        check_lines(file_name, _lines(source), limit)
        found = _read_csv(file_name, source)
    else:
        data = source.read_bytes()
        if not job.get("checked"):            # else `check_list` runs beside this read
            check_file(file_name, data, limit)
        found = _read_xlsx(file_name, data)
    if found is None:
        return None
    result, raw = found
    if raw is not None:
        held = [raw]
        del found, raw          # _finish holds the only reference, and lets the text as read go once converted
        _finish(result, held.pop(), job["unit"])
        _write_table(result.table, job["table"])
        result.table, result.records = None, ArrowRecords(None)     # the parent maps the file
    return result


def check_list(file_name: str, job: dict) -> None:
    """The structure check of a list's workbook, with the lists' limits: run in a child beside `read_list`."""
    check_file(file_name, Path(job["source"]).read_bytes(), job["limits"])


def _lines(path: Path) -> int:
    """Lines of a text file, counted as `check_file` counts them, read in parts (never the whole file at once)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as stream:
        while part := stream.read(16 * 2**20):
            lines, last = lines + part.count(b"\n"), part[-1:]
    return lines + (0 if last == b"\n" else 1)


def _write_table(table: pa.Table, path: str) -> None:
    from pyarrow import ipc

    with pa.OSFile(path, "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _mapped(path: str) -> pa.Table:
    """The table of an Arrow IPC file, mapped rather than copied: it stays readable once the file is deleted."""
    from pyarrow import ipc

    return ipc.open_file(pa.memory_map(path)).read_all()


# ---- reading: the three forms → one Arrow table of text columns named canonically ----------------------

def _header_map(result: ListResult, header: list) -> dict[str, int]:
    """canonical → column index of `header` (first match wins), and the personal / other columns dropped."""
    found = find_header(Sheet(result.sheet, [header]), COLUMNS)
    columns = found[1] if found else {}
    personal = tuple(match_key(h) for h in fields.PERSONAL_HEADERS)
    for index, text in enumerate(header):
        if index in columns.values() or not isinstance(text, str) or not text.strip():
            continue
        if match_key(text).startswith(personal):
            result.dropped.append(text.strip())
    result.columns = {name: column_letter(c) for name, c in columns.items()}
    return columns


def _sniff(rows: list[list]) -> int | None:
    found = find_header(Sheet("", rows[:HEADER_SEARCH_ROWS]), COLUMNS)
    return found[0] if found else None


def _read_xlsx(file_name: str, data: bytes):
    """One pass of fastexcel over each sheet (a second pass only to look for the header would cost a fifth more on
    a million rows): the whole grid as text, the header found in its first rows, the recognised columns kept. The
    personal columns exist only inside the reader's grid while the sheet is read."""
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception:        # a damaged workbook: the sheet reader gives the message
        return None
    for index, name in enumerate(names):
        first_row, width = _sheet_head(data, name)
        if width > MAX_COLUMNS:
            continue
        try:
            sheet = reader.load_sheet(index, header_row=None, dtypes="string")
            grid = sheet.to_arrow()
        except Exception:    # a chart sheet, or cells the reader cannot take: not a list
            continue
        head = [[grid.column(c)[r].as_py() for c in range(grid.num_columns)]
                for r in range(min(HEADER_SEARCH_ROWS, grid.num_rows))]
        header_row = _sniff(head)
        if header_row is None:
            continue
        available = sheet.available_columns()
        first_col = available[0].absolute_index if available else 0
        result = ListResult(KIND, file_name, name, first_row + header_row, form="Danh sách hồ sơ (Excel)")
        columns = _header_map(result, head[header_row])
        result.columns = {field_name: column_letter(first_col + c) for field_name, c in columns.items()}
        rows = grid.num_rows - header_row - 1
        raw = {field_name: grid.column(c).slice(header_row + 1) for field_name, c in columns.items()}
        raw["source_row"] = _numbered(rows, first_row + header_row + 2)
        return result, pa.table(raw)
    return None


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_VALUED_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*>(.*?)</(?:\w+:)?row>', re.S)


def _sheet_head(data: bytes, name: str) -> tuple[int, int]:
    """(0-based Excel row where the reader's grid starts — the first row holding a value —, width of the used
    area), from the first bytes of the sheet's XML: no cell is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        path = {v: k for k, v in sheet_members(archive).items()}[name]
        with archive.open(path) as stream:
            head = stream.read(256 * 1024)
    except Exception:
        return 0, 0
    width = 0
    found = _DIMENSION.search(head)
    if found and found.group(3):
        width = column_number(found.group(3).decode()) - column_number(found.group(1).decode()) + 1
    for row in _VALUED_ROW.finditer(head):
        if re.search(rb"<(?:\w+:)?(?:v|is)>", row.group(2)):
            return int(row.group(1)) - 1, width
    return 0, width


def _read_csv(file_name: str, path: Path):
    with open(path, "rb") as stream:
        head_text = stream.read(256 * 1024).decode("utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(head_text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lines = head_text.splitlines()[:HEADER_SEARCH_ROWS]
    try:
        head = [next(csv.reader([line], dialect), []) for line in lines]
    except csv.Error:            # not a list this reader can sniff: the sheet reader gives the message
        return None
    header_row = _sniff(head)
    if header_row is None:
        return None
    result = ListResult(KIND, file_name, Path(file_name).stem, header_row, form="Danh sách hồ sơ (CSV)")
    columns = _header_map(result, head[header_row])
    width = max(len(head[header_row]), max(columns.values()) + 1)
    names = [f"c{i}" for i in range(width)]
    keep = [f"c{i}" for i in sorted(set(columns.values()))]
    with duckdb.connect() as scratch:      # DuckDB skips a UTF-8 byte order mark itself
        try:
            table = scratch.sql(queries.sql("dossier_list_read_csv"), params={
                "path": str(path), "delim": dialect.delimiter, "skip": header_row + 1, "names": names,
                "keep": keep}).to_arrow_table()
        except duckdb.Error as exc:
            result.add(ERROR, None, f"không đọc được như tệp CSV ({str(exc).splitlines()[0][:200]}). Hãy lưu lại "
                                    "dưới dạng \"CSV UTF-8 (Comma delimited)\" rồi tải lên.")
            return result, None
    raw = {name: table.column(f"c{i}") for name, i in columns.items()}
    raw["source_row"] = _numbered(table.num_rows, header_row + 2)     # DuckDB keeps the file's order
    return result, pa.table(raw)


def _numbered(rows: int, first: int) -> pa.Array:
    import numpy

    return pa.array(numpy.arange(first, first + rows, dtype=numpy.int32))


def _read_json(file_name: str, data: bytes, limit: Limits):
    if len(data) > limit.file_bytes:
        raise UnreadableFile(Issue(ERROR, None, None, f"Tệp {file_name} nặng {len(data) / 2**20:.0f} MB, vượt giới hạn "
                                   f"{limit.file_mb:.0f} MB cho một gói đồng bộ. Hãy tách thành nhiều gói nhỏ hơn."))
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UnreadableFile(Issue(ERROR, None, None, f"Tệp {file_name} không phải JSON đọc được ({exc}).")) from exc
    if not isinstance(payload, dict) or payload.get("service") not in fields.SYNC_SERVICES:
        return None
    items = payload.get("data")
    if not isinstance(items, list):
        raise UnreadableFile(Issue(ERROR, None, None, f"Tệp {file_name}: gói đồng bộ không có danh sách \"data\"."))
    result = ListResult(KIND, file_name, Path(file_name).stem, 0, form="Gói đồng bộ DongBoHoSoMC (JSON)",
                        items=True)
    portal = {c.headers[-1]: c.name for c in COLUMNS}
    seen = set().union(*(item.keys() for item in items if isinstance(item, dict))) if items else set()
    personal = tuple(match_key(h) for h in fields.PERSONAL_HEADERS)
    result.dropped = sorted(k for k in seen if match_key(k).startswith(personal))
    result.columns = {name: key for key, name in portal.items() if key in seen}
    derived = _portal_lists(items)
    raw = {}
    for key, name in portal.items():
        if key in seen:
            raw[name] = pa.array([_text(item.get(key)) if isinstance(item, dict) else None for item in items], pa.string())
    for name, values in derived.items():
        if any(v is not None for v in values):
            raw[name] = pa.array(values, pa.string())
            result.columns.setdefault(name, name)
    raw["source_row"] = _numbered(len(items), 1)
    return result, pa.table(raw)


def _portal_lists(items: list) -> dict[str, list]:
    """The 766 flags the payload carries in lists: re-used documents, electronic results, supplement requests."""
    reused, e_result, count, first, answered = [], [], [], [], []
    for item in items:
        item = item if isinstance(item, dict) else {}
        documents = item.get("TaiLieuNop")
        reused.append(None if documents is None else
                      str(int(any(str(d.get("DuocTaiSuDung")) in ("1", "True", "true") for d in documents
                                  if isinstance(d, dict)))))
        results = item.get("DanhSachGiayToKetQua")
        e_result.append(None if results is None else str(int(bool(results))))
        requests = item.get("DanhSachHoSoBoSung")
        count.append(None if requests is None else str(len(requests)))
        asked = sorted((str(r.get("NgayBoSung")), r.get("NgayTiepNhanBoSung")) for r in (requests or [])
                       if isinstance(r, dict) and r.get("NgayBoSung"))
        first.append(asked[0][0] if asked else None)
        answered.append(str(asked[0][1]) if asked and asked[0][1] else None)     # the first request's answer
    return {"reused": reused, "e_result": e_result, "supplement_count": count, "supplement_first_at": first,
            "supplement_answered_at": answered}


def _text(value):
    return None if value is None else str(value)


# ---- converting: Arrow compute, column by column ---------------------------------------------------------

DATE_FORMATS = (f"{MOMENT}:%S", MOMENT, DAY, fields.PORTAL_DATE_FORMAT, "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
EXCEL_EPOCH = datetime(1899, 12, 30)


def _key(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """match_key for a whole column: lower case, no diacritics, 'đ' → 'd', spaces folded, trimmed."""
    text = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_normalize(column, "NFD"), r"\p{Mn}", ""))
    text = pc.replace_substring(text, "đ", "d")
    return pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"\s+", " "))


def _blank(column) -> pa.ChunkedArray:
    return pc.or_kleene(pc.is_null(column), pc.equal(pc.utf8_trim_whitespace(column), ""))


def _dates(column) -> tuple[pa.Array, pa.Array]:
    """(timestamps, unreadable): dd/mm/yyyy [HH:MM[:SS]], ISO, the portal's yyyyMMddHHmmss, Excel serial days —
    parsed once per distinct text (a year of dossiers received on a few hundred days)."""
    return _per_value(pc.cast(column, pa.string()), _dates_of)


def _dates_of(column):
    """A column is written one or two ways: the forms found in its first values are tried on the whole column, the
    others only when values are left unread."""
    text = pc.utf8_trim_whitespace(column)
    sample = text.drop_null().slice(0, 2000)
    ordered = sorted(DATE_FORMATS, key=lambda f: -pc.sum(pc.is_valid(
        pc.strptime(sample, format=f, unit="s", error_is_null=True))).as_py() if len(sample) else 0)
    value = None
    for f in ordered:
        parsed = pc.strptime(text, format=f, unit="s", error_is_null=True)
        value = parsed if value is None else pc.coalesce(value, parsed)
        if not _unread(text, value):
            break
    if _unread(text, value):
        serial = pc.if_else(pc.match_substring_regex(text, r"^\d{5}(\.\d+)?$"), text, None)
        days = pc.cast(pc.multiply(pc.cast(serial, pa.float64()), 86400.0), pa.int64())
        value = pc.coalesce(value, pc.add(pa.scalar(EXCEL_EPOCH, pa.timestamp("s")), pc.cast(days, pa.duration("s"))))
    unreadable = pc.and_(pc.invert(_blank(text)), pc.is_null(value))
    return value, pc.fill_null(unreadable, False)


def _unread(text, value) -> bool:
    return bool(pc.sum(pc.and_(pc.invert(_blank(text)), pc.is_null(value))).as_py())


def _per_value(column, convert):
    """`convert` applied once per distinct value, spread back over the rows: a million dossiers hold a handful
    of statuses, channels, flags, units and lĩnh vực and a few hundred days, and the text work (normalising,
    regular expressions, date parsing) costs per value it sees. `convert` returns one array, or (value, problem):
    a missing cell has no value, and no problem."""
    encoded = pc.dictionary_encode(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column)
    converted = convert(encoded.dictionary)
    if not isinstance(converted, tuple):
        return pc.take(converted, encoded.indices)
    value, problem = converted
    return pc.take(value, encoded.indices), pc.fill_null(pc.take(problem, encoded.indices), False)


def _repeated_text(column) -> pa.Array:
    """A column of few distinct texts (unit, lĩnh vực, procedure), trimmed, kept dictionary-encoded: a million
    rows are then a million small integers, not a million strings, in the list handed back and read by DuckDB
    (which sees VARCHAR). Trimming can make two entries equal ("Sở A" and "Sở A "): they are merged, so each
    text is one entry of the dictionary."""
    encoded = pc.dictionary_encode(column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column)
    trimmed = pc.utf8_trim_whitespace(encoded.dictionary)
    merged = pc.dictionary_encode(trimmed)
    indices = encoded.indices if len(merged.dictionary) == len(trimmed) else pc.take(merged.indices, encoded.indices)
    return pa.DictionaryArray.from_arrays(indices, merged.dictionary)


def _codes(column, words: dict) -> tuple[pa.Array, pa.Array]:
    """(code, unrecognised): the column's words looked up in `words` (by match key; "2.0" read as "2")."""
    return _per_value(column, lambda values: _codes_of(values, words))


def _codes_of(column, words: dict):
    keys = pc.replace_substring_regex(_key(column), r"^(\d+)\.0$", r"\1")
    found = pc.index_in(keys, value_set=pa.array(list(words)))
    code = pc.take(pa.array(list(words.values()), pa.int8()), found)
    return code, pc.fill_null(pc.and_(pc.invert(_blank(column)), pc.is_null(code)), False)


def _flag(column) -> pa.Array:
    return _per_value(column, _flag_of)


def _flag_of(column):
    keys = pc.replace_substring_regex(_key(column), r"^(\d+)\.0$", r"\1")
    return pc.if_else(pc.is_in(keys, value_set=pa.array(fields.TRUE_WORDS)), True,
                      pc.if_else(pc.is_in(keys, value_set=pa.array(fields.FALSE_WORDS)), False, None))


def _number(column, kind) -> pa.ChunkedArray:
    text = pc.replace_substring(pc.utf8_trim_whitespace(pc.cast(column, pa.string())), ",", ".")
    ok = pc.match_substring_regex(text, r"^-?\d+(\.\d+)?$")
    return pc.cast(pc.cast(pc.if_else(ok, text, None), pa.float64()), kind, safe=False)


def _finish(result: ListResult, raw: pa.Table, unit: str | None) -> None:
    """Typed columns, data errors and the review's facts for the raw text columns of a list."""
    n = raw.num_rows
    present = set(raw.column_names)
    none_text = pa.nulls(n, pa.string())

    def col(name):
        return raw.column(name) if name in present else pa.chunked_array([none_text])

    code = pc.utf8_trim_whitespace(col("code"))
    keep = pc.invert(pc.and_(pc.or_kleene(pc.is_null(code), pc.equal(code, "")),
                             pc.is_null(col("received_at")) if "received_at" in present else pa.repeat(True, n)))
    if pc.min(keep).as_py() is False:     # most lists have no empty row: no copy of a million rows then
        raw, code = raw.filter(keep), code.filter(keep)
    n = raw.num_rows
    none_text = pa.nulls(n, pa.string())
    out = {"source_row": raw.column("source_row")}
    unreadable_date = pa.repeat(False, n)
    for name in fields.DATE_FIELDS:
        value, bad = _dates(col(name)) if name in present else (pa.nulls(n, pa.timestamp("s")), None)
        out[name] = value
        if bad is not None:
            unreadable_date = pc.or_(unreadable_date, bad)
    status, unknown_status = _codes(col("status"), fields.STATUS_WORDS)
    channel, unknown_channel = _codes(col("channel"), fields.CHANNEL_WORDS)
    out["status"], out["channel"] = status, channel
    for name in fields.TEXT_FIELDS:
        out[name] = none_text if name not in present else code if name == "code" else _repeated_text(col(name))
    if "linh_vuc" not in present and "linh_vuc_code" in present:
        out["linh_vuc"] = out["linh_vuc_code"]
    if "unit" not in present:
        out["unit"] = pa.array([unit] * n, pa.string())
    for name in fields.FLAG_FIELDS:
        out[name] = _flag(col(name)) if name in present else pa.nulls(n, pa.bool_())
    out["statutory_days"] = _number(col("statutory_days"), pa.float64())
    out["supplement_count"] = _number(col("supplement_count"), pa.int32())
    table = pa.table(out)
    raw = None              # the text as read (the raw columns) is no longer needed: freed before the errors' query
    if "unit" not in present and not unit:
        result.add(ERROR, None, "danh sách không có cột đơn vị (\"Đơn vị tiếp nhận\", \"DonViXuLy\"): hãy chọn đơn vị "
                                "khi nạp tệp (--unit ở dòng lệnh).")
    table = _with_errors(table, unknown_status, unreadable_date)
    result.table = table
    result.records = ArrowRecords(table)
    _report(result, table, int(pc.sum(unknown_channel).as_py() or 0))


def _with_errors(table: pa.Table, unknown_status, unreadable_date) -> pa.Table:
    """The data_error of each row: the first of DATA_ERRORS that applies (SQL over the Arrow table)."""
    flagged = table.append_column("unknown_status", unknown_status).append_column("unreadable_date", unreadable_date)
    with duckdb.connect() as scratch:
        scratch.register("incoming_list", flagged)
        errors = scratch.sql(queries.sql("dossier_list_errors")).to_arrow_table()   # the rows in error only
    found = pc.index_in(table.column("source_row"), value_set=errors.column("source_row"))
    return table.append_column("data_error", pc.take(errors.column("data_error"), found))


def _report(result: ListResult, table: pa.Table, unknown_channels: int) -> None:
    where = result.columns.get("code", "A")
    errors = table.filter(pc.is_valid(table.column("data_error")))
    for row, error in zip(errors.column("source_row").to_pylist()[:SHOWN_ISSUES],
                          errors.column("data_error").to_pylist()[:SHOWN_ISSUES]):
        result.add(WARNING, f"mục {row}" if result.items else f"{where}{row}",
                   f"{fields.DATA_ERRORS[error]} — hồ sơ không được đếm vào số liệu nào.")
    if errors.num_rows > SHOWN_ISSUES:
        result.add(WARNING, None, f"và {errors.num_rows - SHOWN_ISSUES} dòng lỗi dữ liệu khác (xem trang Hồ sơ chi tiết "
                                  "sau khi nạp).")
    if result.dropped:
        result.add(INFO, None, "các cột dữ liệu cá nhân không được đọc, không lưu: " + ", ".join(result.dropped) + ".")
    if unknown_channels:
        result.add(INFO, None, f"{unknown_channels} hồ sơ có kênh nộp không nhận ra, được tính là nộp trực tiếp.")
    missing = [c.title for c in COLUMNS if c.name in ("linh_vuc", "due_at", "ended_at", "channel")
               and c.name not in result.columns]
    if missing:
        result.add(INFO, None, "danh sách không có cột " + ", ".join(f"\"{m}\"" for m in missing)
                   + ": các số cần cột này được để trống, không tính bằng 0.")
    statuses = pc.value_counts(table.column("status")).to_pylist()
    received = pc.min_max(table.column("received_at")).as_py()
    result.summary = {
        "Số hồ sơ": number(table.num_rows), "Lỗi dữ liệu": number(errors.num_rows),
        "Tiếp nhận": (f"{received['min']:{DAY}}–{received['max']:{DAY}}" if received["min"] else "—"),
        "Đơn vị": number(len(pc.unique(table.column("unit")).drop_null())),
        "Trạng thái": ", ".join(f"{STATUS_LABELS.get(s['values'], 'không rõ')} {number(s['counts'])}"
                                for s in sorted(statuses, key=lambda s: (s["values"] is None, s["values"] or 0))),
    }


# ---- storing ----------------------------------------------------------------------------------------------

def _unit_table(con, result: ListResult, create: bool) -> pa.Table:
    names = [n for n in pc.unique(result.table.column("unit")).to_pylist() if n]
    aliases = warehouse.known_units(con)
    if create:
        warehouse.resolve_units(con, names, aliases)
    pairs = [(n, aliases[alias_key(n)]) for n in names if alias_key(n) in aliases]
    return pa.table({"unit": pa.array([p[0] for p in pairs], pa.string()),
                     "unit_id": pa.array([p[1] for p in pairs], pa.int32())})


def _write_rows(con, result: ListResult, batch_id: int) -> list[int]:
    con.register("incoming_units_of_list", _unit_table(con, result, create=True))
    con.register("incoming_list", result.table)
    # A million rows are written faster kept in the transaction until COMMIT than written ahead to the file as
    # DuckDB does for a large append (measured 2,1–2,7 s against 4,0–5,3 s, the same file size): a list is one
    # append, committed at once.
    queries.execute(con, "duckdb_optimistic_write", on=False)
    try:
        queries.execute(con, "dossier_supersede", batch_id=batch_id)
        queries.execute(con, "dossier_insert", batch_id=batch_id)
    finally:
        queries.execute(con, "duckdb_optimistic_write", on=True)
        con.unregister("incoming_list")
        con.unregister("incoming_units_of_list")
    superseded = [b for (b,) in queries.rows(con, "dossier_batches_superseded", batch_id=batch_id)]
    if not queries.rows(con, "working_day_covers"):       # dates outside the calendar: extend it
        working_days.refresh(con)
    return superseded


def _period(result: ListResult):
    span = pc.min_max(result.table.column("received_at")).as_py()
    return (span["min"].date() if span["min"] else None, span["max"].date() if span["max"] else None)


def store(con, results: list[ListResult], file_name: str, sha256: str, loaded_by: str):
    return warehouse.store_batches(con, KIND, results, file_name, sha256, loaded_by, _write_rows,
                                   period_of=_period, form_of=lambda result: result.form)


def replacement(con, results: list[ListResult]) -> "pd.DataFrame | None":  # noqa: F821 (pandas imported when called)
    """The stored batches whose dossiers this list brings a newer record of."""
    import pandas as pd      # not at import: the command line's dossier path runs without pandas

    frames = []
    for result in results:
        if result.table is None:
            continue
        con.register("incoming_units_of_list", _unit_table(con, result, create=False))
        con.register("incoming_list", result.table)
        try:
            frames.append(queries.run(con, "dossier_replaced"))
        finally:
            con.unregister("incoming_list")
            con.unregister("incoming_units_of_list")
    found = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if found.empty:
        return None
    return pd.DataFrame({"Lô": found["batch_id"], "Tệp": found["file_name"],
                         "Nạp lúc": [f"{t:{MOMENT}}" for t in found["loaded_at"]],
                         "Số hồ sơ được cập nhật": [number(int(v)) for v in found["dossiers"]]})


def _after_roll_back(con, batch_id: int) -> None:
    queries.execute(con, "dossier_restore_current", batch_id=batch_id)


warehouse.AFTER_ROLL_BACK.append(_after_roll_back)
