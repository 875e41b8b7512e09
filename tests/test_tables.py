"""The shared table reader: header found by text, cells typed the Vietnamese way, every problem by cell."""

from datetime import date

from vocabulary.issues import ERROR
from loaders.tables import DATE, INTEGER, NUMBER, TEXT, Column, convert, read_table
from loaders.workbook import Sheet, read_sheets
from reports.templates import table_template

COLUMNS = [
    Column("unit", ("Đơn vị", "Tên đơn vị")),
    Column("year", ("Năm",), INTEGER),
    Column("score", ("Điểm", "Điểm đạt được"), NUMBER),
    Column("due", ("Thời hạn",), DATE, required=False, blank_ok=True),
    Column("note", ("Ghi chú",), TEXT, required=False, blank_ok=True),
]


def test_numbers_are_read_as_vietnamese_readers_write_them():
    assert convert("1.234", NUMBER) == (1234.0, None)
    assert convert("1 234", NUMBER) == (1234.0, None)
    assert convert("98,5", NUMBER) == (98.5, None)
    assert convert("91.87", NUMBER) == (91.87, None)      # English-style decimal in published tables
    assert convert("1.234,5", NUMBER) == (1234.5, None)
    assert convert("75 %", NUMBER) == (75.0, None)
    assert convert("2021", INTEGER) == (2021, None)
    assert convert(2021.0, TEXT) == ("2021", None)
    assert convert("15/3/2025", DATE) == (date(2025, 3, 15), None)
    assert convert("abc", NUMBER) == (None, "\"abc\" không phải là số")
    assert convert("12,5", INTEGER) == (None, "\"12,5\" phải là số nguyên")
    assert convert("31/2/2025", DATE) == (None, "\"31/2/2025\" không phải là ngày (dd/mm/yyyy)")
    assert convert("  ", NUMBER) == (None, None)


def test_header_found_below_a_title_in_any_order_and_spelling():
    sheet = Sheet("Điểm", [
        ["BẢNG ĐIỂM CHỈ SỐ", None, None],
        [None, None, None],
        ["NĂM", "Điểm đạt được", "Tên\nđơn vị"],
        [2023, "91,5", "Sở Tư pháp"],
        [None, None, None],
        [2024, "x", None],
        ["Quảng Trị, ngày 5 tháng 1 năm 2025", None, None],
        ["NGƯỜI LẬP BIỂU", None, None],
    ])
    result = read_table("scores", "diem.xlsx", sheet, COLUMNS)
    assert result.header_row == 2
    assert result.columns == {"year": "A", "score": "B", "unit": "C"}
    assert result.records[0] == {"_row": 4, "year": 2023, "score": 91.5, "unit": "Sở Tư pháp", "due": None,
                                 "note": None}
    assert len(result.records) == 2
    assert [(i.level, i.where(), i.message) for i in result.issues] == [
        (ERROR, "Điểm!B6", "\"x\" không phải là số (cột \"Điểm\")."),
        (ERROR, "Điểm!C6", "ô trống ở cột \"Đơn vị\" — hãy điền giá trị."),
    ]


def test_a_sheet_without_the_header_is_not_this_kind():
    assert read_table("scores", "x.xlsx", Sheet("S", [["STT", "Tên"], [1, "a"]]), COLUMNS) is None


def test_template_reads_back_unchanged():
    data = table_template("Điểm", "ĐIỂM CHỈ SỐ", COLUMNS, ["HƯỚNG DẪN", "Điền mỗi dòng một đơn vị."],
                          rows=[{"unit": "Sở Y tế", "year": 2024, "score": 88.25, "due": date(2025, 6, 30)}],
                          lists={"unit": ["Sở Y tế", "Sở Tư pháp"]})
    sheets = read_sheets("mau.xlsx", data)
    assert [s.name for s in sheets] == ["Hướng dẫn", "Điểm", "Danh mục"]
    result = read_table("scores", "mau.xlsx", sheets[1], COLUMNS)
    assert result.issues == []
    assert result.records == [{"_row": 4, "unit": "Sở Y tế", "year": 2024, "score": 88.25,
                               "due": date(2025, 6, 30), "note": None}]
    assert read_table("scores", "mau.xlsx", sheets[0], COLUMNS) is None
