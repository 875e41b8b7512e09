"""Limits on what is stored: a label of unreasonable length or a count beyond any real figure is an error at
its cell, in Vietnamese, and nothing is stored."""

import io

import openpyxl

from vocabulary.issues import ERROR
from loaders.pipeline import inspect_file
from loaders.tables import NUMBER, TEXT, convert
from loaders.value_limits import out_of_range, too_long
from tests.fixtures import make_fixtures as mf

PERIOD = ["Kỳ báo cáo: Quý III năm 2025", "(Từ ngày 15/6/2025 đến ngày 14/9/2025)"]


def errors(report):
    return [(i.where(), i.message) for i in report.issues if i.level == ERROR]


def test_a_huge_label_and_impossible_counts_are_refused_at_their_cells(tmp_path):
    rows = [mf.row(1, "Hộ tịch", 10, 5, 1, 8, 6, 0, 2, 0),
            mf.row(2, "Chứng thực " + "x" * 600, 3, 2, 0, 3, 2, 0, 0, 0),
            mf.row(3, "Quốc tịch", 4, 1, 0, 3, 2, 0, 0, 0)]
    rows.append(mf.total("", "Tổng số", rows))

    def plant(ws):
        ws["D14"] = 1e300                  # a 300-digit count
        ws["E16"] = "1.000.000.000.000"    # a trillion, typed as text
        ws["F16"] = "1e400"                # overflows to infinity

    path = tmp_path / "lon.xlsx"
    mf.official_workbook(path, "Sở Tư pháp", PERIOD, rows, edit=plant)
    report = inspect_file(None, path.name, path.read_bytes())
    assert errors(report)[:4] == [
        ("Biểu 06!D14", "số quá lớn (vượt 1.000.000.000) — hãy kiểm tra ô (Tiếp nhận trực tuyến)."),
        ("Biểu 06!B15", "tên lĩnh vực / đơn vị: văn bản dài 611 ký tự, vượt giới hạn 500 ký tự — hãy kiểm tra ô "
                        "(có thể đã dán nhầm cả một đoạn văn bản)."),
        ("Biểu 06!E16", "số quá lớn (vượt 1.000.000.000) — hãy kiểm tra ô (Tiếp nhận trực tiếp, dịch vụ bưu chính)."),
        ("Biểu 06!F16", "không phải là số (Từ kỳ trước chuyển sang)."),
    ]
    assert not any(len(str(v)) > 100 for r in report.sheets[0].rows for v in r["counts"].values())


def test_table_cells_have_the_same_limits():
    assert convert("x" * 501, TEXT) == (None, "văn bản dài 501 ký tự, vượt giới hạn 500 ký tự — hãy kiểm tra ô (có thể "
                                              "đã dán nhầm cả một đoạn văn bản)")
    assert convert("x" * 500, TEXT) == ("x" * 500, None)
    assert convert(1e15, NUMBER) == (None, "số quá lớn (vượt 1.000.000.000) — hãy kiểm tra ô")
    assert convert("nan", NUMBER) == (None, "không phải là số")
    assert convert("99,5", NUMBER) == (99.5, None)
    assert out_of_range(10**9) is None and out_of_range(10**9 + 1) is not None
    assert too_long("a" * 4000, 4000) is None


def test_a_kpi_file_with_a_huge_unit_name_is_refused_at_the_cell():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Chỉ tiêu", "Đơn vị", "Năm", "Kỳ", "Tử số", "Mẫu số"])
    ws.append(["Hộp thư công vụ", "Sở " + "Tư pháp " * 80, 2025, "Quý III/2025", 42, 56])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = inspect_file(None, "kpi.xlsx", buffer.getvalue(), kind="kpis")
    assert ("Sheet!B2", "văn bản dài 642 ký tự, vượt giới hạn 500 ký tự — hãy kiểm tra ô (có thể đã dán nhầm cả một "
                        "đoạn văn bản) (cột \"Đơn vị\").") in errors(report)
