"""The data-quality table: each finding with the file, sheet and row to open."""

import pandas as pd

from charts.format import fill_missing, number

FINDING_COLUMNS = {
    "check_code": "Kiểm tra", "unit_name": "Đơn vị", "linh_vuc": "Lĩnh vực", "period_label": "Kỳ",
    "file_name": "Tệp", "sheet": "Trang tính", "source_row": "Dòng", "difference": "Chênh lệch",
    "message": "Nội dung",
}


def findings_table(findings: pd.DataFrame):
    shown = fill_missing(findings[list(FINDING_COLUMNS)].rename(columns=FINDING_COLUMNS), {"Lĩnh vực": "(cả đơn vị)"})
    return shown.style.hide(axis="index").format({"Chênh lệch": lambda v: number(v), "Dòng": lambda v: number(v)},
                                                 na_rep="—")
