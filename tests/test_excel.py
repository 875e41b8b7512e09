"""Tables handed out as .xlsx keep numbers as numbers and never carry a formula from the data."""

import io

import openpyxl
import pandas as pd

from reports.excel import neutralise, table_xlsx


def test_text_that_looks_like_a_formula_stays_text():
    assert neutralise("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise("+84 91") == "'+84 91"
    assert neutralise("-") == "'-"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Sở Tư pháp") == "Sở Tư pháp"
    assert neutralise(-3) == -3


def test_table_xlsx_headers_numbers_and_injection():
    frame = pd.DataFrame({"unit_name": ["=cmd|' /C calc'!A0", "Sở Y tế"], "on_time_pct": [99.5, None],
                          "res_total": [1234, 0], "ignored": [1, 2]})
    data = table_xlsx(frame, {"unit_name": "Đơn vị", "res_total": "Đã giải quyết", "on_time_pct": "Tỷ lệ đúng hạn"},
                      "Xếp hạng 2024")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.title == "Xếp hạng 2024"
    assert [c.value for c in ws[1]] == ["Đơn vị", "Đã giải quyết", "Tỷ lệ đúng hạn"]
    assert ws["A2"].value == "'=cmd|' /C calc'!A0" and ws["A2"].data_type == "s"
    assert ws["B2"].value == 1234 and ws["C2"].value == 99.5
    assert ws["C3"].value is None
    assert ws["C2"].number_format == "0.00"
