"""The score workbook template: an instructions sheet, the score table, drop-down lists of indices, subject
kinds, units and framework components. Filled in, it loads through `loaders.scores.parse` unchanged.

With a warehouse, the rows to fill are pre-listed for `year`: every department with scores (or dossier
data) on the PAR cấp sở framework in force — its total and each lĩnh vực, the maximum already written.
Rows left without a score are skipped when the file is loaded.
"""

from datetime import date

import queries
from loaders.scores import COLUMNS
from vocabulary.indices import INDICES, SUBJECT_KINDS
from reports.templates import table_template

SHEET = "Điểm chỉ số"
INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN BẢNG ĐIỂM CHỈ SỐ (PAR INDEX, SIPAS, PAPI, CHỈ SỐ 766, DTI, PCI)",
    "",
    "1. Mỗi dòng là một giá trị: điểm tổng của một đối tượng trong một năm (để trống cột \"Thành phần\"), hoặc điểm "
    "của một thành phần (lĩnh vực PAR INDEX, yếu tố SIPAS, nội dung PAPI, nhóm chỉ số 766).",
    "2. \"Chỉ số\": chọn trong danh sách (PAR INDEX, SIPAS, PAPI, Chỉ số 766, DTI, PCI). \"Năm\": năm được đánh giá "
    "(PAR INDEX 2024 công bố tháng 4/2025 là năm 2024).",
    "3. \"Đối tượng đánh giá\": tên tỉnh, bộ, sở hoặc đơn vị như trong danh mục. \"Loại đối tượng\": Tỉnh, thành phố / "
    "Bộ, ngành / Sở, ban, ngành / Đơn vị khác (để trống thì nhận theo danh mục đơn vị).",
    "4. \"Thành phần\": tên đúng như khung chỉ số của năm đó (chọn trong danh sách). Khung cấp sở do tỉnh ban hành và "
    "thay đổi theo năm; khung đi kèm bảng điều khiển là KHUNG MINH HỌA.",
    "5. \"Điểm\": số đạt được, dấu phẩy thập phân (91,87) hoặc dấu chấm như nguồn công bố (91.87). Không vượt "
    "\"Điểm tối đa\"; để trống \"Điểm tối đa\" thì lấy theo khung (PAR INDEX 100 %, PAPI 80, mỗi nội dung PAPI 10).",
    "6. \"Xếp hạng\" và \"Trên tổng số\": thứ hạng như văn bản công bố (ví dụ 12 trên 63). Được để trống điểm nếu "
    "nguồn chỉ công bố thứ hạng.",
    "7. \"Nguồn\": số, ngày văn bản công bố hoặc đường dẫn. Mỗi giá trị chỉ ghi một dòng; dòng trùng bị từ chối.",
    "8. Nạp lại cùng chỉ số, năm, đối tượng và thành phần sẽ thay thế giá trị cũ (có thể hoàn tác ở trang Quản lý "
    "dữ liệu). Các dòng chỉ có tên mà chưa có điểm được bỏ qua.",
]
PREFILL_INDEX = "PAR"
PREFILL_LEVEL = "so"


def score_template(con=None, year: int | None = None) -> bytes:
    """The template; with `con` and `year`, the department rows of the PAR cấp sở framework pre-listed."""
    lists = {"index_code": [i.label for i in INDICES.values()], "subject_kind": list(SUBJECT_KINDS.values())}
    rows = []
    if con is not None:
        framework = queries.run(con, "score_framework", index_code=None, level=None)
        lists["component"] = sorted({n for n in framework["component_name"].dropna()})
        gone = _merged_away(con, year)
        lists["subject"] = sorted({name for _, unit_id, name, _ in queries.rows(con, "score_subject_lookup")
                                   if unit_id not in gone})
        if year is not None:
            rows = _prefilled(con, year, gone)
    return table_template(SHEET, f"BẢNG ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH{f' NĂM {year}' if year else ''}", COLUMNS,
                          INSTRUCTIONS, rows=rows, lists=lists, number_formats={"score": "0.00", "max_score": "0.##"})


def _merged_away(con, year: int | None) -> set[int]:
    """The units whose last day falls before the end of `year` (a year's score is of the units at its end:
    Sở Kế hoạch và Đầu tư, merged into Sở Tài chính from 01/03/2025, has no 2025 score)."""
    if year is None:
        return set()
    return {unit_id for unit_id, _, last_day, *_ in queries.rows(con, "unit_ends") if last_day < date(year, 12, 31)}


def _prefilled(con, year: int, gone: set[int]) -> list[dict]:
    fields = queries.run(con, "score_framework_for", index_codes=[PREFILL_INDEX], levels=[PREFILL_LEVEL], years=[year])
    version = fields["version"].iloc[0] if not fields.empty else None
    if version is None:
        return []
    departments = queries.rows(con, "score_subjects", index_code=PREFILL_INDEX, subject_kind=PREFILL_LEVEL)
    names = [name for unit_id, name, *_ in departments if unit_id not in gone]
    if not names:
        names = [name for unit_id, name, level, *_ in queries.rows(con, "dossier_units")
                 if level == PREFILL_LEVEL and unit_id not in gone]
    label, kind = INDICES[PREFILL_INDEX].label, SUBJECT_KINDS[PREFILL_LEVEL]
    total_max = _value(fields["scale_max"].iloc[0])
    components = [(c, _value(m)) for c, m in zip(fields["component_name"], fields["max_points"]) if isinstance(c, str)]
    rows = []
    for name in names:
        rows.append({"index_code": label, "year": year, "subject": name, "subject_kind": kind, "max_score": total_max})
        rows += [{"index_code": label, "year": year, "subject": name, "subject_kind": kind, "component": c,
                  "max_score": m} for c, m in components]
    return rows


def _value(number):
    """A framework maximum for a cell: None where it is not published."""
    return None if number is None or number != number else float(number)
