"""Blank workbooks in the official form, for offices that do not have one: filled in, they load unchanged.

The dossier template is Biểu số 06/VPCP/KSTT as TT 01/2020/TT-VPCP lays it out (merged 3-row header,
column numbers, a "Tổng số" row with SUM formulas), an instructions sheet, and a hidden "Danh mục"
sheet that feeds drop-down lists (units for "Đơn vị báo cáo", lĩnh vực for column (2)). Count cells
start at 0, so the template as downloaded already loads (a period of zeros) — and Excel recomputes
the formulas when the analyst types the numbers.
"""

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from vocabulary.periods import Period
from reports.excel import as_text
from vocabulary.clock import vietnam_today

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUPS = [("C10:F10", "Số hồ sơ nhận giải quyết"), ("G10:J10", "Số hồ sơ đã giải quyết"),
          ("K10:M10", "Số lượng hồ sơ đang giải quyết")]
SUBHEADERS = {"C": "Tổng số", "D": "Trong đó", "F": "Từ kỳ trước", "G": "Tổng số", "H": "Trước hạn",
              "I": "Đúng hạn", "J": "Quá hạn", "K": "Tổng số", "L": "Trong hạn", "M": "Quá hạn"}
INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN BIỂU SỐ 06/VPCP/KSTT",
    "",
    "1. Chọn tên đơn vị báo cáo ở ô C3 trong danh sách (hoặc gõ đúng tên đơn vị).",
    "2. Kiểm tra kỳ báo cáo ở dòng 7–8: ngày bắt đầu và kết thúc theo quy ước chốt số liệu (15 tháng trước "
    "đến 14 tháng cuối kỳ).",
    "3. Mỗi dòng là một lĩnh vực (cột 2). Có thể thêm dòng trước dòng \"Tổng số\" và chọn lĩnh vực trong danh sách.",
    "4. Chỉ nhập số nguyên ≥ 0 vào các cột (4), (5), (6), (8), (9), (10), (12), (13). Các cột (3), (7), (11) và "
    "dòng \"Tổng số\" tự tính bằng công thức; không xoá công thức.",
    "5. Kiểm tra: (3) = (4) + (5) + (6); (7) = (8) + (9) + (10); (11) = (12) + (13); (3) = (7) + (11) "
    "(trừ hồ sơ trả lại, rút).",
    "6. Lưu tệp dạng .xlsx và nạp ở trang \"Nạp dữ liệu\" của bảng điều khiển CCHC.",
]


def _cell(ws, ref, value=None, bold=False, size=11, align="center", fill=None, border=True, wrap=True):
    cell = ws[ref]
    if value is not None:
        cell.value = value
    cell.font = Font(name=FONT, bold=bold, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if border:
        cell.border = BOX
    if fill:
        cell.fill = fill
    return cell


def dossier_template(unit: str, period: Period, linh_vuc: list[str], units: list[str],
                     all_linh_vuc: list[str], receiving: str = "Văn phòng UBND tỉnh") -> bytes:
    """Biểu 06 for `unit` and `period`, one zero row per lĩnh vực, drop-downs from the directory."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 06"
    lists = wb.create_sheet("Danh mục")
    for i, name in enumerate(units, start=1):          # stored names: "=…" stays text (as_text)
        lists.cell(i, 1, as_text(name))
    for i, name in enumerate(all_linh_vuc, start=1):
        lists.cell(i, 2, as_text(name))
    lists.sheet_state = "hidden"

    widths = {"A": 6, "B": 38, **{c: 11 for c in "CDEFGHIJKLM"}}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for ref, text in [("A1", "Biểu số 06/VPCP/KSTT"),
                      ("A2", "Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020"),
                      ("A4", f"Đơn vị nhận báo cáo: {receiving}")]:
        ws.merge_cells(f"{ref}:F{ref[1:]}")
        _cell(ws, ref, text, bold=ref == "A1", align="left", border=False)
    # the unit's name stands in its own cell, so that the drop-down list can fill it
    ws.merge_cells("A3:B3")
    _cell(ws, "A3", "Đơn vị báo cáo:", align="left", border=False)
    ws.merge_cells("C3:F3")
    _cell(ws, "C3", as_text(unit), align="left", border=False, bold=True)
    for ref, text in [("H1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("H2", "Độc lập - Tự do - Hạnh phúc")]:
        ws.merge_cells(f"{ref}:M{ref[1:]}")
        _cell(ws, ref, text, bold=True, border=False)
    for row, text, bold in [(6, "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
                                 "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", True),
                            (7, f"Kỳ báo cáo: {period.label}", False),
                            (8, f"(Từ ngày {period.start.day}/{period.start.month}/{period.start.year} đến ngày "
                                f"{period.end.day}/{period.end.month}/{period.end.year})", False)]:
        ws.merge_cells(f"A{row}:M{row}")
        _cell(ws, f"A{row}", text, bold=bold, size=12 if bold else 11, border=False)
    ws.merge_cells("J9:M9")
    _cell(ws, "J9", "Đơn vị tính: Số hồ sơ TTHC", align="right", border=False)

    for ref, text in [("A10", "STT"), ("B10", "Lĩnh vực, công việc giải quyết theo cấp")]:
        ws.merge_cells(f"{ref}:{ref[0]}12")
        _cell(ws, ref, text, bold=True, fill=HEADER_FILL)
    for merged, text in GROUPS:
        ws.merge_cells(merged)
        _cell(ws, merged.split(":")[0], text, bold=True, fill=HEADER_FILL)
    ws.merge_cells("D11:E11")
    for col, text in SUBHEADERS.items():
        if col != "D" and col != "E":
            ws.merge_cells(f"{col}11:{col}12")
        _cell(ws, f"{col}11", text, bold=True, fill=HEADER_FILL)
    _cell(ws, "D12", "Trực tuyến", bold=True, fill=HEADER_FILL)
    _cell(ws, "E12", "Trực tiếp, dịch vụ bưu chính", bold=True, fill=HEADER_FILL)
    for row in range(10, 13):
        for col in "ABCDEFGHIJKLM":
            ws[f"{col}{row}"].border = BOX
    for i, col in enumerate("ABCDEFGHIJKLM", start=1):
        _cell(ws, f"{col}13", f"({i})", size=10)

    first = 14
    for i, name in enumerate(linh_vuc or [""]):
        r = first + i
        _cell(ws, f"A{r}", i + 1)
        _cell(ws, f"B{r}", as_text(name), align="left")
        for col in "DEFHIJLM":
            _cell(ws, f"{col}{r}", 0).number_format = "#,##0"
        _cell(ws, f"C{r}", f"=D{r}+E{r}+F{r}").number_format = "#,##0"
        _cell(ws, f"G{r}", f"=SUM(H{r}:J{r})").number_format = "#,##0"
        _cell(ws, f"K{r}", f"=L{r}+M{r}").number_format = "#,##0"
    last = first + max(len(linh_vuc), 1) - 1
    total = last + 1
    ws.merge_cells(f"A{total}:B{total}")
    _cell(ws, f"A{total}", "Tổng số", bold=True)
    ws[f"B{total}"].border = BOX
    for col in "CDEFGHIJKLM":
        _cell(ws, f"{col}{total}", f"=SUM({col}{first}:{col}{last})", bold=True).number_format = "#,##0"
    _cell(ws, f"A{total + 2}", "Ghi chú: số liệu nhập từ mẫu biểu của bảng điều khiển CCHC.", align="left",
          border=False, wrap=False)
    _cell(ws, f"H{total + 4}", f"……, ngày … tháng … năm {vietnam_today().year}", border=False, wrap=False)
    _cell(ws, f"A{total + 5}", "NGƯỜI LẬP BIỂU", bold=True, border=False, wrap=False)
    _cell(ws, f"H{total + 5}", "THỦ TRƯỞNG ĐƠN VỊ", bold=True, border=False, wrap=False)

    if units:
        unit_list = DataValidation(type="list", formula1=f"='Danh mục'!$A$1:$A${len(units)}", allow_blank=True,
                                   showErrorMessage=False)
        unit_list.prompt, unit_list.promptTitle = "Chọn tên đơn vị trong danh mục", "Đơn vị báo cáo"
        ws.add_data_validation(unit_list)
        unit_list.add("C3")
    if all_linh_vuc:
        field_list = DataValidation(type="list", formula1=f"='Danh mục'!$B$1:$B${len(all_linh_vuc)}",
                                    allow_blank=True, showErrorMessage=False)
        ws.add_data_validation(field_list)
        field_list.add(f"B{first}:B{last + 50}")
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                            errorTitle="Số hồ sơ không hợp lệ", error="Nhập số nguyên lớn hơn hoặc bằng 0.")
    ws.add_data_validation(counts)
    counts.add(f"D{first}:F{last}")
    counts.add(f"H{first}:J{last}")
    counts.add(f"L{first}:M{last}")

    ws.print_title_rows = "10:13"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.freeze_panes = "C14"

    guide = wb.create_sheet("Hướng dẫn", 0)
    guide.column_dimensions["A"].width = 120
    for i, line in enumerate(INSTRUCTIONS, start=1):
        cell = guide.cell(i, 1, line)
        cell.font = Font(name=FONT, bold=i == 1, size=13 if i == 1 else 11)
        cell.alignment = Alignment(wrap_text=True)
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def table_template(sheet_title: str, heading: str, columns: list, instructions: list[str],
                   rows: list[dict] | None = None, lists: dict[str, list[str]] | None = None,
                   number_formats: dict[str, str] | None = None) -> bytes:
    """A one-table template (scores, KPIs, targets, plan tasks) that `loaders.tables.read_table` reads back.

    `columns` are the kind's `loaders.tables.Column`s (header = its first accepted text, "*" marks a
    required value); `rows` pre-fill records by canonical name; `lists` give drop-down values per column
    (kept on a hidden "Danh mục" sheet); the instructions sheet comes first, the table sheet is active.
    """
    rows, lists, number_formats = rows or [], lists or {}, number_formats or {}
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    _cell(ws, "A1", heading, bold=True, size=13, border=False)
    header_row, first = 3, 4
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        title = column.title + ("" if column.blank_ok else " *")
        _cell(ws, f"{letter}{header_row}", title, bold=True, fill=HEADER_FILL)
        ws.column_dimensions[letter].width = max(12, min(48, len(column.title) + 6))
    for r, record in enumerate(rows, start=first):
        for i, column in enumerate(columns, start=1):
            cell = _cell(ws, f"{get_column_letter(i)}{r}", as_text(record.get(column.name)),
                         align="left" if column.type == "text" else "right")
            if column.name in number_formats:
                cell.number_format = number_formats[column.name]
    last = first + max(len(rows), 1) + 200
    if lists:
        catalogue = wb.create_sheet("Danh mục")
        catalogue.sheet_state = "hidden"
        for j, (name, values) in enumerate(lists.items(), start=1):
            for k, value in enumerate(values, start=1):
                catalogue.cell(k, j, as_text(value))
            position = next(i for i, c in enumerate(columns, start=1) if c.name == name)
            letter = get_column_letter(position)
            choice = DataValidation(type="list", allow_blank=True, showErrorMessage=False,
                                    formula1=f"='Danh mục'!${get_column_letter(j)}$1:${get_column_letter(j)}${max(len(values), 1)}")
            ws.add_data_validation(choice)
            choice.add(f"{letter}{first}:{letter}{last}")
    ws.freeze_panes = f"A{first}"
    guide = wb.create_sheet("Hướng dẫn", 0)
    guide.column_dimensions["A"].width = 120
    for i, line in enumerate(instructions, start=1):
        cell = guide.cell(i, 1, line)
        cell.font = Font(name=FONT, bold=i == 1, size=13 if i == 1 else 11)
        cell.alignment = Alignment(wrap_text=True)
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
