"""From a file's bytes to stored batches: inspect (read everything, collect every issue), then commit.

The same path serves the command line, the bundled sample data and the upload page:
`inspect_file` never writes; `commit_file` writes one transaction or nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from pathlib import Path


from accounts import requires
from loaders import kinds, store
from loaders.dossier_form import SheetResult, parse_sheet
from loaders.issues import ERROR, INFO, WARNING, Issue, has_errors
from loaders.periods import Period
from loaders.tables import TableResult
from loaders.units import alias_key, display_name
from loaders.reader_process import read_sheets_isolated
from loaders.workbook import UnreadableFile, sha256_of

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
    readable: bool = True                        # False: not a workbook we can open at all

    @property
    def issues(self) -> list[Issue]:
        return (self.file_issues + [i for s in self.sheets for i in s.issues]
                + [i for t in self.tables for i in t.issues])

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
                 unit: str | None = None, kind: str | None = None) -> FileReport:
    """Read and check a file completely, against the stored history when `con` is given. Writes nothing.

    The kind is recognised from the header rows unless `kind` is given (the analyst's correction);
    `period` and `unit` stand in for what a dossier report does not say.
    """
    name = Path(file_name).name
    report = FileReport(name, sha256_of(data), len(data))
    try:
        sheets = read_sheets_isolated(name, data)
    except UnreadableFile as exc:
        report.file_issues.append(exc.issue)
        report.readable = False
        return report
    dossier_sheets = []
    if kind in (None, kinds.DOSSIERS):
        for sheet in sheets:
            result = parse_sheet(name, sheet, sheets, period=period)
            if result is not None:
                dossier_sheets.append(result)
                report.grids[sheet.name] = sheet.rows[:REVIEW_ROWS]
        if dossier_sheets:
            report.recognised.append(kinds.DOSSIERS)
    tables = {}
    for code, module in kinds.TABLE_KIND_MODULES.items():
        if kind in (None, code):
            found = module.parse(name, sheets, con)
            if found:
                tables[code] = found
                report.recognised.append(code)
    report.kind = kind if kind in report.recognised else (report.recognised[0] if report.recognised else None)
    if report.kind is None:
        report.file_issues.append(Issue(ERROR, None, None, _not_found(name, kind)))
        return report
    if report.kind == kinds.DOSSIERS:
        report.sheets = dossier_sheets
        _dossier_units(report, unit)
    else:
        report.grids = {}
        report.tables = tables[report.kind]
        by_name = {s.name: s for s in sheets}
        for table in report.tables:
            report.grids[table.sheet] = by_name[table.sheet].rows[:REVIEW_ROWS]
    if con is not None:
        _check_against_history(con, report)
    return report


def _not_found(name: str, kind: str | None) -> str:
    if kind is not None:
        return (f"Tệp {name}: không tìm thấy bảng \"{kinds.LABELS[kind]}\" — trong 30 dòng đầu của các trang tính "
                f"không có dòng tiêu đề gồm các cột {kinds.expected_headers(kind)}. Hãy dùng mẫu tải về ở trang này.")
    accepted = "; ".join(f"{kinds.LABELS[k]} (cột {kinds.expected_headers(k)})" for k in kinds.codes())
    return (f"Tệp {name}: không nhận ra loại số liệu — trong 30 dòng đầu của các trang tính không có dòng tiêu đề "
            f"của loại nào. Các loại nhận được: {accepted}.")


def _dossier_units(report: FileReport, unit: str | None):
    for result in report.sheets:
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
            f"Tệp {report.file_name} đã được nạp trước đó (lô số {batch_id}, {loaded_at:%d/%m/%Y %H:%M}); "
            "không nạp lại."))
        return
    if report.kind != kinds.DOSSIERS:
        if not report.has_errors:
            report.replaces = kinds.table_kind(report.kind).replacement(con, report.tables)
        return
    aliases = store.known_units(con)
    field_names = store.linh_vuc_names(con)
    frames = []
    for result in report.sheets:
        if result.period is None or has_errors(result.issues):
            continue
        _renamed_fields(result, aliases, field_names)
        names = store.unit_names_of(result)
        new = [display_name(n) for n in names if alias_key(n) not in aliases]
        if new:
            shown = ", ".join(new[:5]) + (f" và {len(new) - 5} đơn vị khác" if len(new) > 5 else "")
            result.add(WARNING, None, f"đơn vị mới sẽ được thêm vào danh mục: {shown}. Nếu đây là đơn vị đã có "
                                      "nhưng viết khác, hãy thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")
        ids = [aliases[alias_key(n)] for n in names if alias_key(n) in aliases]
        if ids:
            frames.append(queries.run(con, "overlapping_batches", unit_ids=ids,
                                      period_start=result.period.start, period_end=result.period.end))
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
    unit_id = aliases.get(alias_key(result.reporting_unit or ""), -1)
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


def files_under(paths) -> list[Path]:
    """Every .xlsx/.csv file named or inside the folders named, in name order (history loads oldest first)."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".xlsx", ".csv", ".xls")
                            and not p.name.startswith(("~$", ".")))
        else:
            found.append(path)
    return found
