"""The Biểu 06 template: official layout, drop-downs from the directory, and it loads back unchanged."""

import io

import openpyxl

from vocabulary.periods import official
from loaders.pipeline import inspect_file
from reports.templates import dossier_template


def _template():
    return dossier_template("Sở Tư pháp", official("quarter", 2025, 3), ["Hộ tịch", "Chứng thực", "Luật sư"],
                            units=["Sở Tư pháp", "Sở Y tế"], all_linh_vuc=["Chứng thực", "Hộ tịch", "Luật sư", "Dược"])


def test_template_loads_back_unchanged():
    report = inspect_file(None, "mau_bieu_06.xlsx", _template())
    assert not report.has_errors, report.issues
    sheet = report.sheets[0]
    assert sheet.form == "06/VPCP/KSTT"
    assert sheet.reporting_unit == "Sở Tư pháp"
    assert (sheet.period.start.isoformat(), sheet.period.end.isoformat(), sheet.period_source) == (
        "2025-06-15", "2025-09-14", "dates")
    assert [r["label"] for r in sheet.rows] == ["Hộ tịch", "Chứng thực", "Luật sư"]
    assert all(v == 0 for r in sheet.rows for v in r["counts"].values())


def test_template_layout_formulas_and_lists():
    wb = openpyxl.load_workbook(io.BytesIO(_template()))
    assert wb.sheetnames == ["Hướng dẫn", "Biểu 06", "Danh mục"]
    ws = wb["Biểu 06"]
    assert ws["C10"].value == "Số hồ sơ nhận giải quyết" and ws["D12"].value == "Trực tuyến"
    assert [ws.cell(13, c).value for c in (1, 13)] == ["(1)", "(13)"]
    assert ws["C14"].value == "=D14+E14+F14" and ws["G15"].value == "=SUM(H15:J15)"
    assert ws["A17"].value == "Tổng số" and ws["M17"].value == "=SUM(M14:M16)"
    assert ws["A8"].value == "(Từ ngày 15/6/2025 đến ngày 14/9/2025)"
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert lists["C3"] == "='Danh mục'!$A$1:$A$2"
    assert lists["B14:B66"] == "='Danh mục'!$B$1:$B$4"
    assert wb["Danh mục"].sheet_state == "hidden"
    assert "Biểu số 06/VPCP/KSTT".upper() in wb["Hướng dẫn"]["A1"].value
