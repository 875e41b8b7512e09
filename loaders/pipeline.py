"""From a file's bytes to stored batches: inspect (read everything, collect every issue), then commit.

The same path serves the command line, the bundled sample data and the upload page:
`inspect_file` never writes; `commit_file` writes one transaction or nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders import store
from loaders.dossier_form import SheetResult, parse_sheet
from loaders.issues import ERROR, INFO, WARNING, Issue, has_errors
from loaders.periods import Period
from loaders.units import alias_key, display_name
from loaders.workbook import UnreadableFile, read_sheets, sha256_of


@dataclass
class FileReport:
    file_name: str
    sha256: str
    size: int
    sheets: list[SheetResult] = field(default_factory=list)
    file_issues: list[Issue] = field(default_factory=list)
    already_loaded: list[tuple] = field(default_factory=list)  # (batch_id, file, sheet, loaded_at) same content
    grids: dict[str, list[list]] = field(default_factory=dict)  # sheet → its first rows as read, for review
    replaces: pd.DataFrame | None = None         # active batches this file would replace

    @property
    def issues(self) -> list[Issue]:
        return self.file_issues + [i for s in self.sheets for i in s.issues]

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
        return sum(len(s.rows) for s in self.sheets)


REVIEW_ROWS = 400   # rows of a sheet kept to show the analyst where the issues are


class RefusedFile(Exception):
    """A commit was asked for a file that has errors."""


def inspect_file(con, file_name: str, data: bytes, period: Period | None = None,
                 unit: str | None = None) -> FileReport:
    """Read and check a file completely, against the stored history when `con` is given. Writes nothing."""
    name = Path(file_name).name
    report = FileReport(name, sha256_of(data), len(data))
    try:
        sheets = read_sheets(name, data)
    except UnreadableFile as exc:
        report.file_issues.append(exc.issue)
        return report
    for sheet in sheets:
        result = parse_sheet(name, sheet, sheets, period=period)
        if result is not None:
            report.sheets.append(result)
            report.grids[sheet.name] = sheet.rows[:REVIEW_ROWS]
    if not report.sheets:
        report.file_issues.append(Issue(ERROR, None, None,
            f"Tệp {name}: không tìm thấy biểu số liệu hồ sơ TTHC (Biểu số 06/VPCP/KSTT) — trong 30 dòng đầu của các "
            "trang tính không có dòng tiêu đề \"Số hồ sơ nhận giải quyết\" và \"Số hồ sơ đã giải quyết\"."))
        return report
    for result in report.sheets:
        if not result.rows_are_units and not result.reporting_unit:
            if unit:
                result.reporting_unit = unit
            else:
                result.add(ERROR, None, "không tìm thấy \"Đơn vị báo cáo: …\" ở đầu biểu. Hãy chọn đơn vị khi nạp tệp.")
    if con is not None:
        _check_against_history(con, report)
    return report


def _check_against_history(con, report: FileReport):
    import queries  # the loader's only window on the warehouse besides store

    report.already_loaded = queries.rows(con, "batch_by_sha", sha256=report.sha256, kind=store.KIND_DOSSIERS)
    if report.is_duplicate:
        batch_id, _, _, loaded_at = report.already_loaded[0]
        report.file_issues.append(Issue(INFO, None, None,
            f"Tệp {report.file_name} đã được nạp trước đó (lô số {batch_id}, {loaded_at:%d/%m/%Y %H:%M}); "
            "không nạp lại."))
        return
    aliases = store.known_units(con)
    frames = []
    for result in report.sheets:
        if result.period is None or has_errors(result.issues):
            continue
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
                con, result, aliases):
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
    report.replaces = pd.concat(non_empty, ignore_index=True) if non_empty else None


def commit_file(con, report: FileReport, loaded_by: str) -> list[store.StoredSheet]:
    """Store an inspected file; refuses a file with errors, skips one already loaded."""
    if report.has_errors:
        raise RefusedFile(f"Tệp {report.file_name} có lỗi, không thể nạp.")
    if report.is_duplicate:
        return []
    return store.store_sheets(con, report.sheets, report.file_name, report.sha256, loaded_by)


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
