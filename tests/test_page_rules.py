"""The rules that pages used to hold (issue 16 §5), now in charts/ and vocabulary/, on small frames shaped as the
queries return them: which subject a score page opens on, a subject's own years and total, the plan page's
scope line and quarter names, the dossier page's definitions and legend, the merger date of the manage page."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from charts import dossiers, manage, plan, scores

SUBJECTS = pd.DataFrame({  # query score_subjects, in name order
    "unit_id": [7, 3, 5, 9],
    "name": ["Sở Công Thương", "Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Tư pháp"],
    "valid_to": [None, None, pd.Timestamp("2025-02-28"), None],
    "years": [4, 6, 8, 6],
})
SERIES = pd.DataFrame({  # query score_series: the subject's own years and one carried over from before a merger
    "year": [2021, 2022, 2023, 2024, 2022],
    "relation": ["chinh", "chinh", "chinh", "chinh", "truoc_sap_nhap"],
    "score": [81.5, 84.25, 86.0, 88.75, 79.0],
    "rank": [12, 9, 8, 5, 20],
})


def test_a_score_page_opens_on_the_home_province_else_the_longest_running_unit():
    assert scores.default_subject(SUBJECTS, "Sở Tư pháp") == "9"           # the home one, where it is a subject
    # Otherwise the unit with the most years among those still in existence: unit 5 has 8 but ended on 28/2/2025;
    # 3 and 9 have 6 each, and 3 comes first in name order.
    assert scores.default_subject(SUBJECTS, "Quảng Trị") == "3"
    ended = SUBJECTS.assign(valid_to=pd.Timestamp("2025-02-28"))         # none left: the longest of all
    assert scores.default_subject(ended, "Quảng Trị") == "5"


def test_a_subjects_own_years_and_total_leave_out_rows_carried_over_a_merger():
    assert scores.scored_years(SERIES) == [2024, 2023, 2022, 2021]
    assert scores.total_of(SERIES, 2022)["score"] == 84.25                # not the 79,0 of the predecessor
    assert scores.total_of(SERIES, 2020) is None
    assert scores.years_caption("Sở Tư pháp", SERIES).startswith(
        "Sở Tư pháp: 4 năm có điểm hoặc hạng (2021, 2022, 2023, 2024). ")
    assert scores.PAR_GROUP_RULE == ("Xếp nhóm như Bộ Nội vụ công bố: nhóm A đạt từ 90 % trở lên, nhóm B từ 80 % đến "
                                     "dưới 90 %.")


@dataclass(frozen=True)
class Filters:       # the fields of the frame's shared filters that the scope line reads
    unit_ids: tuple | None
    unit_names: tuple


def test_the_plan_pages_scope_line_names_the_chosen_units_without_reading_text_back():
    as_of = date(2026, 9, 30)
    assert plan.scope_caption(Filters((9, 3), ("Sở Tư pháp", "Sở Khoa học và Công nghệ")), 2026, as_of) == (
        "Phạm vi: Sở Tư pháp, Sở Khoa học và Công nghệ · năm 2026, số liệu các kỳ kết thúc đến 30/09/2026")
    assert plan.scope_caption(Filters(None, ()), 2026, as_of) == (
        "Phạm vi: tất cả đơn vị · năm 2026, số liệu các kỳ kết thúc đến 30/09/2026")
    assert plan.scope_caption(None, 2025, date(2025, 12, 31)).startswith("Phạm vi: tất cả đơn vị · năm 2025,")
    assert [plan.quarter_label(2026, q) for q in (1, 2, 3, 4)] == ["Quý I/2026", "Quý II/2026", "Quý III/2026",
                                                                  "Quý IV/2026"]


def test_the_dossier_pages_definitions_and_legend_come_from_the_charts():
    assert {k: d.choice for k, d in dossiers.ON_TIME.items()} == {
        "default": "Mặc định (đã giải quyết)", "qd766": "Theo QĐ 766", "due": "Hồ sơ đến hạn"}
    assert dossiers.RANKING_LEGEND == "xanh ≥ 98 %, vàng 95–98 %, đỏ < 95 %"
    assert dossiers.ON_TIME_HELP.split("\n\n")[0] == (
        "**Trước và đúng hạn / đã giải quyết**: (trước hạn + đúng hạn) / số đã giải quyết — cột (8)+(9) / (7)")


def test_the_manage_page_proposes_the_day_the_departments_were_reorganised():
    assert manage.DEPARTMENT_MERGER == date(2025, 3, 1)
    assert "ví dụ các sở hợp nhất từ 01/03/2025" in manage.LINEAGE_NOTE
