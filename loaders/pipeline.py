"""From a file's bytes to stored batches: inspect (read everything, collect every issue), then commit.

The same path serves the command line, the bundled sample data and the upload page:
`inspect_file` never writes; `commit_file` writes one transaction or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING


from accounts import requires
from loaders import kinds, province, store
from loaders.dossier_form import SheetResult, form_marker, is_dossier_sheet, read_sheet
from vocabulary.issues import ERROR, INFO, WARNING, Issue, cell_ref, has_errors
from vocabulary.periods import Period
from loaders.reader_process import read_sheets_isolated
from loaders.tables import TableResult
from loaders.text import match_key
from loaders.units import alias_key, display_name, names_listed, unit_key
from loaders.workbook import Sheet, UnreadableFile, sha256_of
from vocabulary.dates import MOMENT

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class FileReport:
    file_name: str
    sha256: str
    size: int
    kind: str | None = None                      # kinds.DOSSIERS or a table kind; None: not recognised
    recognised: list[str] = field(default_factory=list)   # every kind whose header the file carries
    sheets: list[SheetResult] = field(default_factory=list)   # dossier sheets
    tables: list[TableResult] = field(default_factory=list)   # table-kind sheets
    file_issues: list[Issue] = field(default_factory=list)
    already_loaded: list[tuple] = field(default_factory=list)  # (batch_id, file, sheet, loaded_at) same content
    grids: dict[str, list[list]] = field(default_factory=dict)  # sheet → its first rows as read, for review
    replaces: pd.DataFrame | None = None         # active batches this file would replace
    replacing: list[SheetResult] = field(default_factory=list)   # the file's batches that replace them
    readable: bool = True                        # False: not a workbook we can open at all
    hidden_sheets: list[str] = field(default_factory=list)   # hidden in Excel: read only when asked for
    sheet_notes: list[Issue] = field(default_factory=list)   # sheets hidden or skipped, said after the problems

    @property
    def issues(self) -> list[Issue]:
        return (self.file_issues + [i for s in self.sheets for i in s.issues]
                + [i for t in self.tables for i in t.issues] + self.sheet_notes)

    @property
    def has_errors(self) -> bool:
        return has_errors(self.issues)

    @property
    def has_warnings(self) -> bool:
        return any(i.level == WARNING for i in self.issues)

    @property
    def is_duplicate(self) -> bool:
        return bool(self.already_loaded)

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets) + sum(len(t.records) for t in self.tables)


REVIEW_ROWS = 400   # rows of a sheet kept to show the analyst where the issues are


class RefusedFile(Exception):
    """A commit was asked for a file that has errors."""


def inspect_file(con, file_name: str, data: bytes, period: Period | None = None,
                 unit: str | None = None, kind: str | None = None, include_hidden: bool = False,
                 read: "list[Sheet] | UnreadableFile | None" = None, against_history: bool = True) -> FileReport:
    """Read and check a file completely, against the stored history when `con` is given. Writes nothing.

    The kind is recognised from the header rows unless `kind` is given (the analyst's correction);
    `period` and `unit` stand in for what a dossier report does not say. Hidden sheets are named and left
    unread unless `include_hidden`; sheets that hold no table of the file's kind are named and skipped.
    `read`: the file's sheets already read (or its refusal), by `read_ahead`. Without `against_history`, `con`
    serves the kinds' catalogues only: no V5 against stored periods, no replacement preview (the bundled demo,
    consistent by construction; `commit_file` still replaces and refuses duplicates under its lock).
    """
    from concurrent.futures import ThreadPoolExecutor

    # hashlib lets go of the GIL: a year's list (150 MB) is hashed on the other core while its child reads it
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_of, data)
        report = _inspect(con, FileReport(Path(file_name).name, "", len(data)), data, digest.result, period, unit,
                          kind, include_hidden, read, against_history)
        report.sha256 = digest.result()
    return report


def _inspect(con, report: FileReport, data: bytes, sha256, period, unit, kind, include_hidden, read,
             against_history) -> FileReport:
    """`inspect_file` with its report begun; `sha256()` waits for the file's digest."""
    name = report.file_name
    try:
        if isinstance(read, UnreadableFile):
            raise read
        sheets = read if read is not None else read_sheets_isolated(name, data)
    except UnreadableFile as exc:
        sheets, refused = None, exc
    for code, module in kinds.byte_kinds().items():
        # a kind reading the bytes itself (dossier lists: their own readers and larger limits) reads a file whose
        # sheets carry its header, or one the sheet reader refused (too large for a report, or .json)
        if kind in (None, code) and (sheets is None or module.recognises(sheets)):
            found = module.parse_bytes(name, data, con, unit=unit)
            if found is not None:
                report.kind, report.recognised, report.tables = code, [code], found
                if con is not None and against_history:
                    report.sha256 = sha256()
                    _check_against_history(con, report)
                return report
    if sheets is None:
        report.file_issues.append(refused.issue)
        report.readable = False
        return report
    report.hidden_sheets = [s.name for s in sheets if s.hidden]
    if not include_hidden:
        _say_hidden(report, [s for s in sheets if s.hidden])
        sheets = [s for s in sheets if not s.hidden]
    dossier_sheets = []
    if kind in (None, kinds.DOSSIERS):
        for sheet in sheets:
            results = read_sheet(name, sheet, sheets, period=period)
            if results:
                dossier_sheets += results
                report.grids[sheet.name] = sheet.rows[:REVIEW_ROWS]
        if any(result.form for result in dossier_sheets):
            report.recognised.append(kinds.DOSSIERS)
    tables = {}
    form_found = kind is None and any(result.form for result in dossier_sheets)
    for code, module in kinds.TABLE_KIND_MODULES.items():
        if kind == code or (kind is None and not form_found):   # a Biểu 06 found is not tried as every other kind
            found = module.parse(name, sheets, con)
            if found:
                tables[code] = found
                report.recognised.append(code)
    if dossier_sheets and kinds.DOSSIERS not in report.recognised:
        report.recognised.append(kinds.DOSSIERS)   # only a form without its header: another kind comes first
    report.kind = kind if kind in report.recognised else (report.recognised[0] if report.recognised else None)
    if report.kind is None:
        report.file_issues.append(Issue(ERROR, None, None, _not_found(name, kind, report.hidden_sheets
                                                                      if not include_hidden else [])))
        return report
    if report.kind == kinds.DOSSIERS:
        report.sheets = dossier_sheets
        _dossier_units(report, unit)
        _same_unit_and_period(report)
        _continuity_within(report)
        if con is not None:
            province.check_report(con, report)     # a table of another province is refused at its cell
    else:
        report.grids = {}
        report.tables = tables[report.kind]
        by_name = {s.name: s for s in sheets}
        for table in report.tables:
            report.grids[table.sheet] = by_name[table.sheet].rows[:REVIEW_ROWS]
    _say_skipped(report, sheets)
    if con is not None and against_history:
        report.sha256 = sha256()
        _check_against_history(con, report)
    return report


def _say_hidden(report: FileReport, hidden: list[Sheet]):
    """Name each hidden sheet; one that holds a report is a warning (its numbers would otherwise go unseen)."""
    for sheet in hidden:
        if is_dossier_sheet(sheet) or form_marker(sheet):
            report.sheet_notes.append(Issue(WARNING, sheet.name, None,
                f"trang tính ẩn \"{sheet.name}\" có dạng báo cáo nhưng không được đọc. Nếu cần nạp, hãy đánh dấu "
                "\"Đọc cả trang tính ẩn\" (dòng lệnh: --include-hidden); nếu là bản cũ, hãy bỏ qua."))
        else:
            report.sheet_notes.append(Issue(INFO, sheet.name, None,
                f"trang tính ẩn \"{sheet.name}\" không được đọc (đánh dấu \"Đọc cả trang tính ẩn\" hoặc dùng "
                "--include-hidden nếu cần)."))


def _say_skipped(report: FileReport, sheets: list[Sheet]):
    """Sheets that are not the file's table (notes, instructions, lists, a cover page, charts): said, not refused."""
    used = {s.sheet for s in report.sheets} | {t.sheet for t in report.tables}
    period_cells = {s.period_where[0]: s.period_where[1:] for s in report.sheets if s.period_where}
    what = kinds.LABELS[report.kind]
    for sheet in sheets:
        if sheet.name in used:
            continue
        empty = not any(v not in (None, "") for row in sheet.rows for v in row)
        also = (f"; kỳ báo cáo được lấy từ ô {cell_ref(*period_cells[sheet.name])} của trang này"
                if sheet.name in period_cells else "")
        report.sheet_notes.append(Issue(INFO, sheet.name, None,
            f"trang tính \"{sheet.name}\" {'trống' if empty else 'không chứa bảng ' + what} nên được bỏ qua{also}."))


def _same_unit_and_period(report: FileReport):
    """Two tables (sheets, or tables stacked in a sheet) reporting the same unit for the same period would store
    one over the other: the later one is an error at its header."""
    if len(report.sheets) < 2:
        return      # one table: a unit written twice in it is said at its row by the reader
    seen: dict[tuple, SheetResult] = {}
    for result in report.sheets:
        if result.period is None:
            continue
        for name in store.unit_names_of(result):
            key = (alias_key(name), result.period)
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = result
                continue
            if earlier is result:
                continue
            result.add(ERROR, f"A{result.header_row + 1}",
                       f"bảng này (tiêu đề dòng {result.header_row + 1}) báo cáo cùng đơn vị \"{display_name(name)}\" "
                       f"và cùng kỳ {result.period.dates_text()} với bảng ở trang tính \"{earlier.sheet}\" dòng "
                       f"{earlier.header_row + 1}; chỉ một bảng được nạp cho mỗi đơn vị và kỳ. Hãy ghi kỳ báo cáo "
                       "riêng ngay trên mỗi bảng (\"Từ ngày … đến ngày …\"), hoặc tách thành các tệp riêng.")
            break


def _continuity_within(report: FileReport):
    """V5 between the batches of one file (a flat export's periods, stacked quarters): what one period leaves
    pending is what the next carries over, per unit and lĩnh vực — as `_check_against_history` checks against
    the stored periods, which these are not yet."""
    if len({result.period for result in report.sheets if result.period is not None}) < 2:
        return      # one period: no period of the file follows another
    stock: dict[tuple, list] = {}      # (unit, lĩnh vực or None, period) → [pending at its end, period]
    for result in report.sheets:
        if result.period is None or result.form is None:
            continue
        for row in result.rows:
            for key in _continuity_keys(result, row):
                stock.setdefault(key + (result.period.end,), [0, result.period])[0] += row["counts"]["proc_total"]
    for result in report.sheets:
        if result.period is None or result.form is None:
            continue
        day_before = result.period.start - timedelta(days=1)
        col = result.columns.get("recv_carry", "A")
        for row in result.rows:
            key = _continuity_keys(result, row)[0]
            earlier = stock.get(key + (day_before,))
            if earlier is None or earlier[0] == row["counts"]["recv_carry"]:
                continue
            what = "đơn vị" if key[1] is None else f"lĩnh vực \"{row['label']}\""
            result.add(WARNING, f"{col}{row['row'] + 1}",
                       f"V5 – {what}: số từ kỳ trước chuyển sang ({row['counts']['recv_carry']}) khác số đang giải quyết "
                       f"cuối kỳ {earlier[1].label} trong cùng tệp ({earlier[0]}).")


def _continuity_keys(result: SheetResult, row: dict) -> list[tuple]:
    """(unit, lĩnh vực) of a row, then (unit, None) for the unit's total; a row that is a unit has the second only."""
    if result.rows_are_units:
        return [(alias_key(row["label"]), None)]
    unit = alias_key(result.reporting_unit or "")
    return [(unit, match_key(row["label"])), (unit, None)]


def _not_found(name: str, kind: str | None, hidden: list[str]) -> str:
    if hidden:
        shown = ", ".join(f"\"{h}\"" for h in hidden)
        return (f"Tệp {name}: các trang tính đang hiện không có bảng số liệu nào; tệp có trang tính ẩn {shown} "
                "chưa được đọc. Nếu số liệu nằm ở đó, hãy đánh dấu \"Đọc cả trang tính ẩn\" (dòng lệnh: "
                "--include-hidden).")
    if kind is not None:
        return (f"Tệp {name}: không tìm thấy bảng \"{kinds.LABELS[kind]}\" — trong 30 dòng đầu của các trang tính "
                f"không có dòng tiêu đề gồm các cột {kinds.expected_headers(kind)}. Hãy dùng mẫu tải về ở trang này.")
    accepted = "; ".join(f"{kinds.LABELS[k]} (cột {kinds.expected_headers(k)})" for k in kinds.codes())
    return (f"Tệp {name}: không nhận ra loại số liệu — trong 30 dòng đầu của các trang tính không có dòng tiêu đề "
            f"của loại nào. Các loại nhận được: {accepted}.")


def _dossier_units(report: FileReport, unit: str | None):
    for result in report.sheets:
        if result.form is None or (not result.rows and has_errors(result.issues)):
            continue      # a table whose header could not be read: its own error says what to do
        if not result.rows_are_units and not result.reporting_unit:
            if unit:
                result.reporting_unit = unit
            else:
                result.add(ERROR, None, "không tìm thấy \"Đơn vị báo cáo: …\" ở đầu biểu. Hãy chọn đơn vị khi nạp tệp.")


def _check_against_history(con, report: FileReport):
    import queries  # the loader's only window on the warehouse besides store

    report.already_loaded = queries.rows(con, "batch_by_sha", sha256=report.sha256, kind=report.kind)
    if report.is_duplicate:
        batch_id, _, _, loaded_at = report.already_loaded[0]
        report.file_issues.append(Issue(INFO, None, None,
            f"Tệp {report.file_name} đã được nạp trước đó (lô số {batch_id}, {loaded_at:{MOMENT}}); "
            "không nạp lại."))
        return
    if report.kind != kinds.DOSSIERS:
        if not report.has_errors:
            report.replaces = kinds.table_kind(report.kind).replacement(con, report.tables)
        return
    aliases = store.known_units(con)
    field_names = store.linh_vuc_names(con) if any(not r.rows_are_units for r in report.sheets) else {}
    frames = []
    announced = set()     # a new unit is said once per file, not once per batch of a flat export
    for result in report.sheets:
        if result.period is None or has_errors(result.issues):
            continue
        _renamed_fields(result, aliases, field_names)
        names = store.unit_names_of(result)
        new = [display_name(n) for n in names if unit_key(n, aliases) not in aliases and alias_key(n) not in announced]
        announced.update(alias_key(n) for n in names)
        if new:
            shown = names_listed(new)
            result.add(WARNING, None, f"đơn vị mới sẽ được thêm vào danh mục: {shown}. Nếu đây là đơn vị đã có "
                                      "nhưng viết khác, hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")
        ids = [aliases[unit_key(n, aliases)] for n in names if unit_key(n, aliases) in aliases]
        if ids:
            frame = queries.run(con, "overlapping_batches", unit_ids=ids,
                                period_start=result.period.start, period_end=result.period.end)
            frames.append(frame)
            if not frame.empty:
                report.replacing.append(result)
        for linh_vuc, source_row, direction, this_value, other_value, other_label in store.continuity(
                con, result, aliases, field_names):
            what = f"lĩnh vực \"{linh_vuc}\"" if linh_vuc else "đơn vị"
            if direction == "trước":
                text = (f"V5 – {what}: số từ kỳ trước chuyển sang ({this_value}) khác số đang giải quyết cuối "
                        f"kỳ {other_label} đã lưu ({other_value}).")
            else:
                text = (f"V5 – {what}: số đang giải quyết cuối kỳ ({this_value}) khác số từ kỳ trước chuyển "
                        f"sang của kỳ {other_label} đã lưu ({other_value}).")
            col = result.columns.get("recv_carry" if direction == "trước" else "proc_total", "A")
            result.add(WARNING, f"{col}{source_row}", text)
    non_empty = [f for f in frames if not f.empty]
    if non_empty:
        import pandas as pd     # only here: the command line's dossier path never needs it

        report.replaces = pd.concat(non_empty, ignore_index=True)


def _renamed_fields(result: SheetResult, aliases: dict, field_names: dict):
    """Say which lĩnh vực will be stored under the name an analyst chose in the directory."""
    if result.rows_are_units or not field_names:
        return
    unit_id = aliases.get(unit_key(result.reporting_unit or "", aliases), -1)
    label_col = result.label_column or "B"
    for row in result.rows:
        stored = store.stored_linh_vuc(field_names, unit_id, row["label"])
        if stored == row["label"]:
            continue
        why = ("cách viết đơn vị đang dùng, chỉ khác chữ hoa, chữ thường" if stored.casefold() == row["label"].casefold()
               else "tên đã thống nhất ở trang Quản lý dữ liệu")
        result.add(INFO, f"{label_col}{row['row'] + 1}", f"lĩnh vực \"{row['label']}\" sẽ được lưu là \"{stored}\" ({why}).")


@requires("upload")
def commit_file(con, report: FileReport, loaded_by: str) -> list[store.StoredSheet]:
    """Store an inspected file; refuses a file with errors, skips one already loaded. The caller passes
    `by=<account>` (checked for the "upload" role before anything is written)."""
    if report.has_errors:
        raise RefusedFile(f"Tệp {report.file_name} có lỗi, không thể nạp.")
    if report.is_duplicate:
        return []
    if report.kind == kinds.DOSSIERS:
        return store.store_sheets(con, report.sheets, report.file_name, report.sha256, loaded_by)
    return kinds.table_kind(report.kind).store(con, report.tables, report.file_name, report.sha256, loaded_by)
