"""The consolidated Biểu số 06/VPCP/KSTT that the province sends up, as the form prints it (.xlsx).

One sheet "Biểu 06" laid out like the official form (domain.md §1.2, the shared examples): form code and
"Đơn vị báo cáo / Đơn vị nhận báo cáo" top left, Quốc hiệu top right, title, period and "Từ ngày … đến
ngày …", the 13 columns under a three-row merged header and the (1)–(13) row, rows by lĩnh vực or by unit
(grouped by level with "Cộng" subtotals), the "Tổng số" row, notes, place and date, signature block; A4
landscape fitted to the page width, Times New Roman, header rows repeated on every printed page.
A second sheet "Kiểm tra" lists the V1–V5 findings on what went in and the units that did not report.

Columns (3), (7), (11) and every subtotal/total are formulas. openpyxl writes a formula without its value,
which python-calamine (our loader) and any viewer that does not recalculate read as empty; so after saving,
the value of each formula cell — computed here from the same counts — is written into the sheet XML
(`<f>…</f><v>…</v>`), as Excel itself saves it. Excel and LibreOffice recalculate and find the same numbers.

Where the numbers come from is the analyst's choice (`SOURCES`): the units' own reports (stored Biểu 06 rows), or
Biểu 06 derived from the stored dossier lists (`bieu06_rows_from_dossiers`, any window, a month too); each names
its query, which returns the columns of `bieu06_rows`, and the note under the form says which was used.
"""

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from vocabulary.numbers import number, roman
from vocabulary.periods import Period, official
from vocabulary.clock import vietnam_now
from reports.slides import reported_level_ids
from loaders.text import match_key
from loaders.province import SETTING as HOME_SETTING

BY_UNIT, BY_LINH_VUC = "unit", "linh_vuc"
BY_LABELS = {BY_LINH_VUC: "Theo lĩnh vực", BY_UNIT: "Theo đơn vị"}
Run = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class Source:
    query: str          # returns the columns of bieu06_rows for ($date_from, $date_to, $unit_ids, $by)
    note: str           # printed under the form


# The hook for issue "Dossier-level data": add "dossiers": Source("bieu06_rows_from_dossiers", "Số liệu tính từ
# danh sách hồ sơ của hệ thống một cửa …") once that query exists; the CLI and the page offer every key here.
SOURCES = {
    "reports": Source("bieu06_rows", "Nguồn số liệu: tổng hợp từ báo cáo Biểu số 06 của các đơn vị đã nạp vào "
                                     "hệ thống."),
    "dossiers": Source("bieu06_rows_from_dossiers", "Nguồn số liệu: tính từ danh sách hồ sơ xuất từ hệ thống thông "
                                                    "tin giải quyết TTHC đã nạp vào hệ thống (mỗi hồ sơ đếm một lần "
                                                    "theo quy tắc của Biểu 06; hồ sơ rút, chờ bổ sung có trong cột (3) "
                                                    "nhưng không ở cột (7), (11))."),
}
SOURCE_LABELS = {"reports": "Báo cáo của các đơn vị", "dossiers": "Tính từ danh sách hồ sơ (hệ thống một cửa)"}

FORM_CODE = "Biểu số 06/VPCP/KSTT"
FORM_BASIS = "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"
TITLE = ("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT "
         "THỦ TỤC HÀNH CHÍNH")
SHEET, CHECK_SHEET = "Biểu 06", "Kiểm tra"
LABEL_HEADERS = {BY_LINH_VUC: "Lĩnh vực, công việc giải quyết theo cấp", BY_UNIT: "Tên cơ quan, đơn vị"}
# Level groups of a roll-up by unit (domain.md §1.2), in the order the form prints them.
LEVEL_GROUPS = (("Sở, ban, ngành cấp tỉnh", ("tinh", "so", "don_vi", "phong", "pvhcc")),
                ("UBND cấp huyện", ("huyen",)),
                ("UBND cấp xã", ("xa",)))
DEMO_NOTE = "DỮ LIỆU MINH HỌA — số liệu giả lập, không phải số liệu chính thức."
BLANK = "……………"

# Form columns (3)–(13) → canonical names, in order C…M; the three totals are formulas over their parts.
COUNT_ORDER = ("recv_total", "recv_online", "recv_offline", "recv_carry", "res_total", "res_before", "res_ontime",
               "res_late", "proc_total", "proc_ontime", "proc_late")
LETTER = dict(zip(COUNT_ORDER, "CDEFGHIJKLM"))
PARTS = {"recv_total": ("recv_online", "recv_offline", "recv_carry"),
         "res_total": ("res_before", "res_ontime", "res_late"),
         "proc_total": ("proc_ontime", "proc_late")}
HEADER = {"A10": "STT", "C10": "Số hồ sơ nhận giải quyết", "G10": "Số hồ sơ đã giải quyết",
          "K10": "Số lượng hồ sơ đang giải quyết", "C11": "Tổng số", "D11": "Trong đó", "F11": "Từ kỳ trước",
          "G11": "Tổng số", "H11": "Trước hạn", "I11": "Đúng hạn", "J11": "Quá hạn", "K11": "Tổng số",
          "L11": "Trong hạn", "M11": "Quá hạn", "D12": "Trực tuyến", "E12": "Trực tiếp, dịch vụ bưu chính"}
HEADER_MERGES = ("A10:A12", "B10:B12", "C10:F10", "C11:C12", "D11:E11", "F11:F12", "G10:J10", "G11:G12",
                 "H11:H12", "I11:I12", "J11:J12", "K10:M10", "K11:K12", "L11:L12", "M11:M12")
FIRST_DATA_ROW = 14

TNR = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
F12, F12B, F12I, F12BI = (Font(name=TNR, size=12), Font(name=TNR, size=12, bold=True),
                          Font(name=TNR, size=12, italic=True), Font(name=TNR, size=12, bold=True, italic=True))
F13BU, F13B, F14B = (Font(name=TNR, size=13, bold=True, underline="single"), Font(name=TNR, size=13, bold=True),
                     Font(name=TNR, size=14, bold=True))
LEFT = Alignment(vertical="center")
LEFT_WRAP = Alignment(vertical="center", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="center")
CENTRE_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
NUM = "#,##0"


def province(run: Run) -> str:
    """The province's name for the letterhead: the installation's home province (Quản lý dữ liệu → Cấu hình), else
    `$CCHC_PROVINCE`, else the blank form's dots for the office to fill in by hand."""
    found = run("setting_get", name=HOME_SETTING)
    if not found.empty and str(found["value"].iloc[0]).strip():
        return str(found["value"].iloc[0]).strip()
    return os.environ.get("CCHC_PROVINCE", "").strip() or BLANK


@dataclass
class Report:
    """What the form holds: its period, rows and the checks over what went in."""
    period: Period
    by: str
    source: str
    rows: pd.DataFrame
    checks: pd.DataFrame
    missing: list[tuple[str, str]]          # (unit, what it reported in the window)
    reporter: str
    recipient: str
    place: str
    signed_on: dt.date
    sample: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return file_name(self.period, self.by)


def file_name(period: Period, by: str) -> str:
    """"bieu06_tong_hop_nam_2025_linh_vuc.xlsx"."""
    return "bieu06_tong_hop_" + re.sub(r"[^a-z0-9]+", "_", match_key(f"{period.label} {by}")).strip("_") + ".xlsx"


def official_periods(year: int) -> dict[str, Period]:
    """The periods the form is sent for in `year` (15th → 14th cut-off), by label: Quý I … IV, 6 tháng, 9 tháng, Năm."""
    found = [official("quarter", year, q) for q in (1, 2, 3, 4)]
    found += [official("half", year), official("nine_months", year), official("year", year)]
    return {p.label: p for p in found}


def _vn_date(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def gather(run: Run, date_from: dt.date, date_to: dt.date, unit_ids: list[int] | None = None, by: str = BY_LINH_VUC,
           source: str = "reports", reporter: str | None = None, recipient: str = "Văn phòng Chính phủ",
           place: str | None = None, signed_on: dt.date | None = None, level: str = "so") -> Report:
    """Read everything the form prints for the window [date_from, date_to] through `run(name, **params)`:
    `queries.run` bound to a connection, or on a page `dashboard.query` bound to its cursor (which narrows
    `unit_ids` to what the signed-in viewer may see). No unit chosen: the units of `level` that report (issue 19:
    departments by default, as the pages; "toan_tinh" for the province's whole form)."""
    if unit_ids is None and source == "reports":
        unit_ids = reported_level_ids(run, level)
    if by not in (BY_UNIT, BY_LINH_VUC):
        raise ValueError(f"by must be {BY_UNIT!r} or {BY_LINH_VUC!r}")
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    window = dict(date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    rows = run(SOURCES[source].query, by=by, **window)
    # in the order of the Vietnamese alphabet's base letters (DuckDB orders by code point: "Bưu" before "Bảo")
    rows = rows.sort_values("row_label", key=lambda labels: labels.map(match_key), kind="stable",
                            ignore_index=True)
    checks = run("bieu06_checks", **window)
    period = Period(date_from, date_to)
    missing = missing_units(run, date_from, date_to, unit_ids, source, rows if by == BY_UNIT else None)
    sample = not run("sample_in_use").empty
    name = province(run)
    report = Report(period, by, source, rows, checks, missing,
                    reporter or f"Ủy ban nhân dân tỉnh {name}", recipient, place or name,
                    signed_on or vietnam_now().date(), sample)
    report.notes = _notes(run, report, window)
    return report


def missing_units(run: Run, date_from: dt.date, date_to: dt.date, unit_ids: list[int] | None = None,
                  source: str = "reports", by_unit: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(unit, what it has sent) for each unit due to report for the window that has not covered it: no report at
    all, or stored periods covering fewer days than it should (a unit set up inside the window is due from its
    first report; a dissolved one is not chased)."""
    window = dict(date_from=date_from, date_to=date_to, unit_ids=unit_ids)
    if by_unit is None:
        by_unit = run(SOURCES[source].query, by=BY_UNIT, **window)
    covered = dict(zip(by_unit["unit_id"], zip(by_unit["covered_days"], by_unit["basis"])))
    found = []
    for due in run("bieu06_units_due", **window).itertuples():
        reported = covered.get(due.unit_id)
        if reported is None:
            found.append((due.unit_name, "chưa có báo cáo nào trong kỳ"))
        elif int(reported[0]) < due.due_days:
            found.append((due.unit_name, f"mới có {reported[1]}"))
    return found


def _notes(run: Run, report: Report, window: dict) -> list[str]:
    notes = [SOURCES[report.source].note]
    bases = sorted({b for b in report.rows.get("basis", pd.Series(dtype=str)).dropna() for b in b.split("; ")})
    if any(" + " in b for b in bases):
        notes.append("Số liệu của kỳ được cộng từ các kỳ đã báo cáo (" + "; ".join(bases) + "): cột (4), (5), "
                     "(8)–(10) cộng các kỳ; cột (6) lấy ở kỳ đầu; cột (11)–(13) lấy ở kỳ cuối.")
    if report.by == BY_LINH_VUC:
        notes.append("Lĩnh vực chuyển giữa các đơn vị trong kỳ (sắp xếp tổ chức bộ máy) chỉ tính số từ kỳ trước "
                     "ở đầu kỳ và số đang giải quyết ở cuối kỳ một lần.")
    elif not report.rows.empty:
        whole = run(SOURCES[report.source].query, by=BY_LINH_VUC, **window)
        carry, pending = int(whole["recv_carry"].sum()), int(whole["proc_total"].sum())
        if carry != int(report.rows["recv_carry"].sum()) or pending != int(report.rows["proc_total"].sum()):
            notes.append(f"Đơn vị giải thể, sáp nhập trong kỳ ghi số tồn của mình; số hồ sơ chúng chuyển cho đơn vị "
                         f"mới được tính ở cả hai dòng. Không tính trùng: từ kỳ trước {number(carry)}, đang giải "
                         f"quyết cuối kỳ {number(pending)} hồ sơ.")
    if report.missing:
        notes.append(f"{number(len(report.missing))} đơn vị chưa báo cáo đủ cho kỳ này (xem trang \"{CHECK_SHEET}\").")
    if report.sample:
        notes.append(DEMO_NOTE)
    return notes


def _put(ws, ref: str, value, font=F12, align=LEFT, border=None, fmt=None, merge: str | None = None):
    if merge:
        ws.merge_cells(merge)
    for line in (ws[merge] if merge else ((ws[ref],),)):
        for cell in line:
            cell.font, cell.alignment = font, align
            if border is not None:
                cell.border = border
            if fmt is not None:
                cell.number_format = fmt
    if value is not None:
        ws[ref].value = value


class _Sheet:
    """The form's body: writes count rows and remembers the value of every formula it writes."""

    def __init__(self, ws):
        self.ws = ws
        self.cached: dict[str, int] = {}

    def count_row(self, r: int, stt: str, label: str, values: dict[str, int], formulas: dict[str, str] | None = None,
                  bold: bool = False):
        font = F12B if bold else F12
        _put(self.ws, f"A{r}", stt, font, CENTRE, BOX)
        _put(self.ws, f"B{r}", label, font, LEFT_WRAP, BOX)
        for name in COUNT_ORDER:
            ref = f"{LETTER[name]}{r}"
            if name in PARTS:
                formula = "=" + "+".join(f"{LETTER[p]}{r}" for p in PARTS[name])
            else:
                formula = (formulas or {}).get(name)
            _put(self.ws, ref, formula or int(values[name]), font, RIGHT, BOX, NUM)
            if formula:
                self.cached[ref] = int(values[name])
        self.ws.row_dimensions[r].height = 21 if len(label) <= 38 else 36


def _sum_of(rows: pd.DataFrame) -> dict[str, int]:
    return {name: int(rows[name].sum()) for name in COUNT_ORDER}


def _formulas(refs: list[int] | range) -> dict[str, str]:
    """The flow and part columns as a sum of rows: a range when contiguous, the cells listed otherwise."""
    refs = list(refs)
    contiguous = len(refs) > 1 and refs == list(range(refs[0], refs[-1] + 1))
    return {name: (f"=SUM({LETTER[name]}{refs[0]}:{LETTER[name]}{refs[-1]})" if contiguous
                   else "=" + "+".join(f"{LETTER[name]}{r}" for r in refs))
            for name in COUNT_ORDER if name not in PARTS}


def _body(sheet: _Sheet, report: Report) -> int:
    """The data, subtotal and total rows; returns the last row written."""
    r = FIRST_DATA_ROW
    rows = report.rows
    if rows.empty:
        _put(sheet.ws, f"A{r}", "Không có số liệu của các đơn vị đã chọn trong kỳ báo cáo.", F12I, LEFT, BOX,
             merge=f"A{r}:M{r}")
        return r
    if report.by == BY_LINH_VUC:
        for i, row in enumerate(rows.itertuples(index=False), start=1):
            sheet.count_row(r, str(i), row.row_label, row._asdict())
            r += 1
        subtotal_rows = None
        data_range = range(FIRST_DATA_ROW, r)
    else:
        subtotal_rows = []
        for g, (title, levels) in enumerate(g for g in LEVEL_GROUPS):
            members = rows[rows["unit_level"].isin(levels)]
            if members.empty:
                continue
            _put(sheet.ws, f"A{r}", roman(len(subtotal_rows) + 1), F12B, CENTRE, BOX)
            _put(sheet.ws, f"B{r}", title, F12B, LEFT_WRAP, BOX)
            for letter in "CDEFGHIJKLM":
                _put(sheet.ws, f"{letter}{r}", None, F12B, RIGHT, BOX)
            r += 1
            first = r
            for i, row in enumerate(members.itertuples(index=False), start=1):
                sheet.count_row(r, str(i), row.row_label, row._asdict())
                r += 1
            sheet.count_row(r, "", "Cộng", _sum_of(members), _formulas(range(first, r)), bold=True)
            subtotal_rows.append(r)
            r += 1
        others = rows[~rows["unit_level"].isin([lv for _, levels in LEVEL_GROUPS for lv in levels])]
        if not others.empty:   # a level the form has no group for: listed, never dropped
            raise ValueError(f"unit level not grouped: {sorted(others['unit_level'].unique())}")
        data_range = subtotal_rows
    sheet.count_row(r, "", "Tổng số", _sum_of(rows), _formulas(data_range), bold=True)
    sheet.ws.merge_cells(f"A{r}:B{r}")
    sheet.ws[f"A{r}"].value = "Tổng số"
    sheet.ws[f"A{r}"].alignment = CENTRE
    return r


def _form_sheet(ws, report: Report) -> dict[str, int]:
    ws.title = SHEET
    _put(ws, "A1", FORM_CODE, F12B, merge="A1:F1")
    _put(ws, "A2", FORM_BASIS, F12I, merge="A2:F2")
    _put(ws, "A3", f"Đơn vị báo cáo: {report.reporter}", merge="A3:F3")
    _put(ws, "A4", f"Đơn vị nhận báo cáo: {report.recipient}", merge="A4:F4")
    _put(ws, "H1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", F12B, CENTRE, merge="H1:M1")
    _put(ws, "H2", "Độc lập - Tự do - Hạnh phúc", F13BU, CENTRE, merge="H2:M2")
    _put(ws, "A6", TITLE, F14B, CENTRE_WRAP, merge="A6:M6")
    _put(ws, "A7", f"Kỳ báo cáo: {report.period.label}", F13B, CENTRE, merge="A7:M7")
    _put(ws, "A8", f"(Từ ngày {_vn_date(report.period.start)} đến ngày {_vn_date(report.period.end)})", F12I,
         CENTRE, merge="A8:M8")
    _put(ws, "J9", "Đơn vị tính: Số hồ sơ TTHC", F12I, RIGHT, merge="J9:M9")
    for span in HEADER_MERGES:
        _put(ws, span.split(":")[0], None, F12B, CENTRE_WRAP, BOX, merge=span)
    for ref, text in {**HEADER, "B10": LABEL_HEADERS[report.by]}.items():
        _put(ws, ref, text, F12B, CENTRE_WRAP, BOX)
    for i, letter in enumerate("ABCDEFGHIJKLM", start=1):
        _put(ws, f"{letter}13", f"({i})", F12I, CENTRE, BOX)

    sheet = _Sheet(ws)
    r = _body(sheet, report) + 2
    _put(ws, f"A{r}", "Ghi chú:", F12BI, merge=f"A{r}:M{r}")
    for note in report.notes:
        r += 1
        _put(ws, f"A{r}", note, F12BI if note == DEMO_NOTE else F12I, LEFT_WRAP, merge=f"A{r}:M{r}")
        ws.row_dimensions[r].height = 18 * (1 + len(note) // 150)
    r += 2
    d = report.signed_on
    _put(ws, f"H{r}", f"{report.place}, ngày {d.day} tháng {d.month} năm {d.year}", F12I, CENTRE, merge=f"H{r}:M{r}")
    _put(ws, f"A{r + 1}", "NGƯỜI LẬP BIỂU", F12B, CENTRE, merge=f"A{r + 1}:E{r + 1}")
    _put(ws, f"H{r + 1}", "THỦ TRƯỞNG ĐƠN VỊ", F12B, CENTRE, merge=f"H{r + 1}:M{r + 1}")
    _put(ws, f"A{r + 2}", "(Ký, ghi rõ họ tên)", F12I, CENTRE, merge=f"A{r + 2}:E{r + 2}")
    _put(ws, f"H{r + 2}", "(Ký tên, đóng dấu)", F12I, CENTRE, merge=f"H{r + 2}:M{r + 2}")

    ws.column_dimensions["A"].width = 6.7
    ws.column_dimensions["B"].width = 40.7
    for letter in "CDEFGHIJKLM":
        ws.column_dimensions[letter].width = 11.7
    for row, height in ((6, 39.75), (10, 36), (11, 24), (12, 51.75)):
        ws.row_dimensions[row].height = height
    _print_setup(ws, "10:13")
    return sheet.cached


def _print_setup(ws, title_rows: str):
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.5, 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = TNR
    ws.oddFooter.center.size = 10


CHECK_COLUMNS = {"check_code": ("Kiểm tra", 9), "unit_name": ("Đơn vị", 30), "linh_vuc": ("Lĩnh vực", 26),
                 "period_label": ("Kỳ", 13), "expected": ("Phải là", 10), "found": ("Ghi trong báo cáo", 11),
                 "message": ("Nội dung", 60), "file_name": ("Tệp", 30), "sheet": ("Trang tính", 11),
                 "source_row": ("Dòng", 7)}
CHECK_NAMES = {"V1": "(3) = (4) + (5) + (6)", "V2": "(7) = (8) + (9) + (10)", "V3": "(11) = (12) + (13)",
               "V4": "(3) = (7) + (11)", "V5": "(6) của kỳ này = (11) của kỳ trước"}


def _check_sheet(ws, report: Report):
    """The V1–V5 findings over the stored reports that went into the form, and who has not reported."""
    ws.title = CHECK_SHEET
    _put(ws, "A1", f"KIỂM TRA SỐ LIỆU ĐẦU VÀO — {report.period.label.upper()} "
                   f"(từ ngày {_vn_date(report.period.start)} đến ngày {_vn_date(report.period.end)})", F13B,
         merge="A1:J1")
    _put(ws, "A2", "Các phép kiểm tra: " + "; ".join(f"{code}: {text}" for code, text in CHECK_NAMES.items()) + ".",
         F12I, LEFT_WRAP, merge="A2:J2")
    ws.row_dimensions[2].height = 33
    r = 4
    _put(ws, f"A{r}", f"1. Kết quả kiểm tra: {number(len(report.checks))} phát hiện", F12B, merge=f"A{r}:J{r}")
    r += 1
    for i, (name, (title, width)) in enumerate(CHECK_COLUMNS.items(), start=1):
        _put(ws, f"{get_column_letter(i)}{r}", title, F12B, CENTRE_WRAP, BOX)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[r].height = 33       # two lines: "Chỉ trong báo cáo" does not fit its column on one
    for row in report.checks.itertuples(index=False):
        r += 1
        for i, name in enumerate(CHECK_COLUMNS, start=1):
            value = getattr(row, name)
            value = None if pd.isna(value) else (int(value) if isinstance(value, (int, float)) else str(value))
            _put(ws, f"{get_column_letter(i)}{r}", value, F12, LEFT_WRAP, BOX,
                 NUM if name in ("expected", "found") else None)
    if report.checks.empty:
        r += 1
        _put(ws, f"A{r}", "Không phát hiện sai lệch nào trong các báo cáo đã dùng.", F12I, LEFT, merge=f"A{r}:J{r}")
    r += 2
    _put(ws, f"A{r}", f"2. Đơn vị chưa báo cáo đủ cho kỳ: {number(len(report.missing))}", F12B, merge=f"A{r}:J{r}")
    for unit, what in report.missing:
        r += 1
        _put(ws, f"A{r}", f"- {unit}: {what}.", F12, LEFT, merge=f"A{r}:J{r}")
    if not report.missing:
        r += 1
        _put(ws, f"A{r}", "Tất cả các đơn vị đã báo cáo đủ.", F12I, LEFT, merge=f"A{r}:J{r}")
    _print_setup(ws, "5:5")


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v>[^<]*</v>)?</c>')


def with_cached_values(data: bytes, sheet_part: str, cached: dict[str, int]) -> bytes:
    """The workbook `data` with the value of each formula cell of `sheet_part` written after its formula."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == sheet_part:
                seen = set()

                def fill(m: re.Match) -> str:
                    seen.add(m.group(1))
                    return f'<c r="{m.group(1)}"{m.group(2)}><f>{m.group(3)}</f><v>{cached[m.group(1)]}</v></c>'

                part = _FORMULA_CELL.sub(fill, part.decode("utf-8")).encode("utf-8")
                if seen != set(cached):
                    raise RuntimeError(f"formula cells not matched: {sorted(seen ^ set(cached))[:5]}")
            target.writestr(info, part)
    return out.getvalue()


def workbook_bytes(report: Report) -> bytes:
    wb = Workbook()
    cached = _form_sheet(wb.active, report)
    _check_sheet(wb.create_sheet(CHECK_SHEET), report)
    wb.properties.title = FORM_CODE
    wb.properties.creator = report.reporter
    buffer = io.BytesIO()
    wb.save(buffer)
    return with_cached_values(buffer.getvalue(), "xl/worksheets/sheet1.xml", cached)
