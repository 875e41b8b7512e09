"""What the analyst reviews before loading: the rows read, the issues, and the sheet with problem cells marked."""

import re

import pandas as pd

from charts.format import table_style
from vocabulary.numbers import number
from vocabulary.columns import COUNT_LABELS, REQUIRED_COUNTS
from vocabulary.issues import ERROR, WARNING, column_letter
from vocabulary.dates import DAY, MOMENT

LEVEL_LABELS = {ERROR: "Lỗi", WARNING: "Cảnh báo", "thông tin": "Thông tin"}
_REF = re.compile(r"^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$")
_SHOWN_COUNTS = REQUIRED_COUNTS


def status_of(report) -> tuple[str, str]:
    """(icon, Vietnamese status) of an inspected file."""
    if report.has_errors:
        return ":material/error:", "Có lỗi — không thể nạp"
    if report.is_duplicate:
        return ":material/content_copy:", "Đã nạp trước đó — bỏ qua"
    if report.has_warnings:
        return ":material/warning:", "Có cảnh báo — cần xác nhận"
    if report.replaces is not None:
        return ":material/swap_horiz:", "Thay thế số liệu đã nạp — cần xác nhận"
    return ":material/check_circle:", "Hợp lệ — sẵn sàng nạp"


def sheet_summary(sheet) -> list[str]:
    """Lines describing what was recognised in a sheet."""
    form = {"06/VPCP/KSTT": "Biểu số 06/VPCP/KSTT", "II.06a/VPCP/KSTT": "Biểu số II.06a/VPCP/KSTT (mẫu cũ)",
            "system-export": "bảng xuất từ hệ thống một cửa"}.get(sheet.form, sheet.form or "?")
    if sheet.form is None:
        return [f"Trang tính **{sheet.sheet}**: có dạng Biểu số 06 nhưng không đọc được dòng tiêu đề"]
    if sheet.flat:       # one batch of many: one line, the unit and period its rows carry
        period = f"{sheet.period.label} ({sheet.period.dates_text()})" if sheet.period else "chưa xác định"
        return [f"Trang tính **{sheet.sheet}**, lô theo dòng: {sheet.reporting_unit or 'chưa xác định'} · {period} · "
                f"{number(len(sheet.rows))} dòng số liệu"]
    unit = "theo từng đơn vị (bảng tổng hợp)" if sheet.rows_are_units else (sheet.reporting_unit or "chưa xác định")
    if sheet.period:
        source = {"dates": "ghi trong biểu", "label": "suy từ tên kỳ, quy ước 15→14", "supplied": "do người nạp nhập"}
        period = f"{sheet.period.label} ({sheet.period.dates_text()}, {source.get(sheet.period_source, '')})"
    else:
        period = "chưa xác định"
    totals = {None: "không có dòng tổng", True: "dòng tổng khớp với các dòng chi tiết",
              False: "dòng tổng KHÔNG khớp với các dòng chi tiết"}[sheet.totals_match]
    rows = f"{number(len(sheet.rows))} dòng số liệu"
    if any(i.level == ERROR and i.cell for i in sheet.issues):
        rows = f"{number(len(sheet.rows))} dòng không có lỗi (dòng có ô lỗi không được tính)"
        if sheet.totals_match:
            totals = "dòng tổng chỉ đối chiếu được các cột không có lỗi"
    return [f"Trang tính **{sheet.source}**: {form}",
            f"Đơn vị: {unit} · Kỳ báo cáo: {period}",
            f"{rows} · {totals}"]


def result_title(sheet) -> str:
    """Which batch a table of read rows belongs to, when a file gives several."""
    if sheet.flat:
        return f"{sheet.sheet}: {sheet.reporting_unit} · {sheet.period.label if sheet.period else 'chưa xác định'}"
    return sheet.source


def table_summary(table, label: str) -> list[str]:
    """Lines describing a table-kind sheet: its kind, what the kind recognised, how many records."""
    facts = " · ".join(f"{key}: {value}" for key, value in table.summary.items())
    lines = [f"Trang tính **{table.sheet}**: {label}", f"{number(len(table.records))} dòng số liệu"]
    return lines[:1] + ([facts] if facts else []) + lines[1:]


def table_rows(table, columns) -> pd.DataFrame:
    """The records of a table-kind sheet with the template's column titles and the Excel row."""
    present = [c for c in columns if c.name in table.columns]
    records = [{"Dòng": r["_row"], **{c.title: _plain(r.get(c.name)) for c in present}} for r in table.records]
    return pd.DataFrame.from_records(records, columns=["Dòng"] + [c.title for c in present])


def _plain(value):
    """A record value as the analyst typed it: dates dd/mm/yyyy, decimals with a comma."""
    if hasattr(value, "strftime"):
        return f"{value:{DAY}}"
    if isinstance(value, float):
        decimals = 0 if value.is_integer() else min(4, len(repr(value).split(".")[-1]))
        return number(value, decimals)
    return value


def parsed_rows(sheet):
    """The canonical rows as they would be stored, with Vietnamese headers and the Excel row (counts 1.234)."""
    first = "Đơn vị" if sheet.rows_are_units else "Lĩnh vực"
    counts = [COUNT_LABELS[c] for c in _SHOWN_COUNTS]
    records = [{"Dòng": r["row"] + 1, first: r["label"], **{COUNT_LABELS[c]: r["counts"].get(c) for c in _SHOWN_COUNTS}}
               for r in sheet.rows]
    return table_style(pd.DataFrame.from_records(records, columns=["Dòng", first] + counts), counts=counts, ids=["Dòng"])


def issues_frame(issues) -> pd.DataFrame:
    return pd.DataFrame([{"Mức": LEVEL_LABELS.get(i.level, i.level), "Vị trí": i.where(), "Nội dung": i.message}
                         for i in issues], columns=["Mức", "Vị trí", "Nội dung"])


def _cells(ref: str):
    """Every (row, col) 0-based covered by "F16" or "A10:L12"."""
    match = _REF.match(ref or "")
    if not match:
        return []
    c1, r1, c2, r2 = match.groups()

    def col(letters):
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n - 1
    c2, r2 = c2 or c1, r2 or r1
    return [(r, c) for r in range(int(r1) - 1, int(r2)) for c in range(col(c1), col(c2) + 1)]


def _shown(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"     # long titles would push the counts off screen


def sheet_with_issues(grid: list[list], issues, sheet_name: str, max_rows: int = 60):
    """The sheet as Excel shows it (letters, row numbers), issue cells in red (error) or amber (warning).

    The rows shown start a few rows above the first marked cell, so the problem is in view.
    """
    marks = {}
    for issue in issues:
        if issue.sheet == sheet_name:
            for cell in _cells(issue.cell):
                if marks.get(cell) != ERROR:
                    marks[cell] = issue.level
    wanted = sorted({r for r, _ in marks})
    first = max(0, wanted[0] - 6) if wanted else 0
    last = min(len(grid), max(first + max_rows, (wanted[-1] + 3) if wanted else 0))
    width = max((len(r) for r in grid[first:last]), default=0)
    frame = pd.DataFrame([[_shown(v) for v in (row + [""] * (width - len(row)))] for row in grid[first:last]],
                         columns=[column_letter(c) for c in range(width)], index=range(first + 1, last + 1))

    def colour(data: pd.DataFrame):
        styles = pd.DataFrame("", index=data.index, columns=data.columns)
        for (r, c), level in marks.items():
            if first <= r < last and c < width:
                styles.iat[r - first, c] = ("background-color: #f8c9c2; font-weight: 600" if level == ERROR
                                            else "background-color: #fbe3b0")
        return styles
    return frame.style.apply(colour, axis=None)


def hidden_sheets_text(report) -> str:
    """The checkbox that reads a file's hidden sheets too."""
    names = ", ".join(f"\"{name}\"" for name in report.hidden_sheets)
    return f"Đọc cả trang tính ẩn ({names})"


def needs_overrides(report) -> bool:
    """The analyst must type a period or a unit: the file gives none."""
    # a table whose header could not be read (no rows) needs another file, not a period or a unit
    return any(s.rows and (s.period is None or (not s.rows_are_units and not s.reporting_unit)) for s in report.sheets)


def replacement_frame(report) -> pd.DataFrame:
    """Old batches this file replaces beside the file's own totals, for the analyst to compare.
    (A table kind's loader builds its own comparison.)"""
    if report.tables:
        return report.replaces
    replacing = report.replacing or report.sheets     # a file of many batches: only those replacing stored ones
    new_received = sum(r["counts"]["recv_total"] for s in replacing for r in s.rows)
    new_resolved = sum(r["counts"]["res_total"] for s in replacing for r in s.rows)
    old = report.replaces
    rows = [{"Số liệu": f"Lô cũ số {b} — {f}", "Nạp lúc": f"{t:{MOMENT}}",
             "Hồ sơ nhận giải quyết": number(rt), "Đã giải quyết": number(st)}
            for b, f, t, rt, st in zip(old["batch_id"], old["file_name"], old["loaded_at"], old["recv_total"],
                                       old["res_total"])]
    rows.append({"Số liệu": f"Tệp mới — {report.file_name}", "Nạp lúc": "(chưa nạp)",
                 "Hồ sơ nhận giải quyết": number(new_received), "Đã giải quyết": number(new_resolved)})
    return pd.DataFrame(rows)


def load_line(file_name: str, report, stored) -> str:
    """One line of the after-load summary."""
    if not stored:
        return f"{file_name}: đã có từ trước, không nạp lại."
    parts = []
    for sheet, result in zip(stored, report.sheets or report.tables):
        replaced = f", thay thế lô {', '.join(map(str, sheet.replaced))}" if sheet.replaced else ""
        if getattr(result, "period", None):
            # the batches of a flat export differ by unit as well as by period
            period = (f", {result.reporting_unit}" if getattr(result, "flat", False) else "") + f", {result.period.label}"
        else:       # a table kind: the first facts it recognised (plan, year, unit…)
            period = "".join(f", {key.lower()} {value}" for key, value in list(getattr(result, "summary", {}).items())[:2])
        parts.append(f"lô số {sheet.batch_id}: {number(sheet.row_count)} dòng{period}{replaced}")
    return f"{file_name}: " + "; ".join(parts) + "."


def not_loaded_line(file_name: str, report) -> str:
    """Why a chosen file was not loaded, for the after-load summary."""
    if report.has_errors:
        return f"{file_name}: không nạp — tệp có lỗi (xem các ô được đánh dấu)."
    if report.is_duplicate:
        return f"{file_name}: không nạp — đã nạp trước đó."
    return f"{file_name}: không nạp — chưa xác nhận cảnh báo hoặc việc thay thế."


def confirmation_text(report) -> str:
    """What the analyst confirms before a file with warnings, or one that replaces stored data, is loaded."""
    parts = []
    if report.has_warnings:
        parts.append("đã xem các cảnh báo và xác nhận số liệu đúng như báo cáo")
    if report.replaces is not None:
        parts.append("đồng ý thay thế số liệu đã nạp cho cùng đơn vị và kỳ")
    return "Tôi " + " và ".join(parts) + "."


def home_province_note(home: str | None) -> str:
    """What the upload page says about the province the installation serves (loaders/province.py)."""
    if home is None:
        return (":material/location_off: Chưa đặt tỉnh theo dõi: tên tỉnh trong tên đơn vị chưa được kiểm tra. Quản trị "
                "viên đặt ở trang Quản lý dữ liệu → Cấu hình.")
    return (f":material/location_on: Hệ thống này theo dõi **tỉnh {home}**. Báo cáo của đơn vị tỉnh khác (ví dụ \"Sở Tư "
            "pháp tỉnh Hà Tĩnh\", hoặc đơn vị thuộc UBND tỉnh khác) bị từ chối, trừ cách viết đã được quản trị viên "
            "gán cho một đơn vị ở trang Quản lý dữ liệu.")
