"""The data-quality table: each finding with the file, sheet and row to open."""

import pandas as pd

from charts.format import shown_as_text
from vocabulary.numbers import number

FINDING_COLUMNS = {
    "check_code": "Kiểm tra", "unit_name": "Đơn vị", "linh_vuc": "Lĩnh vực", "period_label": "Kỳ",
    "file_name": "Tệp", "sheet": "Trang tính", "source_row": "Dòng", "difference": "Chênh lệch",
    "message": "Nội dung",
}


def findings_table(findings: pd.DataFrame):
    shown = shown_as_text(findings[list(FINDING_COLUMNS)].rename(columns=FINDING_COLUMNS),
                          {"Chênh lệch": number, "Dòng": number}, {"Lĩnh vực": "(cả đơn vị)"})
    return shown.style.hide(axis="index")
