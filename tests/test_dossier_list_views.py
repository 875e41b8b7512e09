"""Hồ sơ chi tiết on the committed list fixtures: the QĐ 766 indicators, the dossiers behind a number with their
working days late, due and overdue lists, and the explanations of a derived Biểu 06 that differs from the report —
values counted by hand from tests/fixtures/make_dossier_lists.py."""

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

import queries
from charts import dossier_list as views
from loaders.pipeline import commit_file, inspect_file
from reports.excel import table_xlsx
from tests.test_dossier_list import LISTS, Q2


def load(con, *names):
    for name in names:
        report = inspect_file(con, name, (LISTS / name).read_bytes())
        commit_file(con, report, loaded_by="pytest")


def test_766_indicators_from_the_sync_payload(db):
    load(db, "so_y_te_dong_bo.json")
    row = queries.run(db, "dossier_list_766", **Q2).iloc[0].to_dict()
    # C01 on time (ended on its due day); C02 pending at 14/6, due 12/6: late; C03 ended 20/3, due 20/1: late
    assert (row["on_time_num"], row["on_time_den"]) == (1, 3)
    # received in the period: C01 (online), C02 (direct); C03 was carried over
    assert (row["online_num"], row["received_count"]) == (1, 2)
    assert (row["digitised_num"], row["digitised_den"]) == (2, 2)       # HoSoCoThanhPhanSoHoa = 1
    assert (row["reused_num"], row["reused_den"]) == (1, 2)             # only C01 re-uses a document
    assert (row["e_result_num"], row["e_result_den"]) == (2, 2)         # C01, C03 carry a result
    # C01: received Thu 20/3, ended Tue 1/4/2025: 21/3, 24–28/3, 31/3, 1/4 = 8 working days
    assert (row["resolved_count"], row["working_days_sum"]) == (1, 8)
    assert pd.isna(row["payment_num"]) and pd.isna(row["payment_den"])  # no fee column: no data, not 0
    rates = views.indicator_rates(row)
    assert rates["2.1"] == pytest.approx(100 / 3) and rates["2.2"] == 8 and rates["3.6"] is None
    table = views.indicators_table(row, pd.DataFrame(columns=["component_code"]))
    shown = dict(zip(table["Chỉ số"].str[:3], table["Giá trị"]))
    assert shown == {"2.1": "33,33\u00a0%", "2.2": "8,0 ngày", "3.3": "50,00\u00a0%", "3.6": "không có dữ liệu",
                     "4.1": "100,00\u00a0%", "4.2": "100,00\u00a0%", "4.3": "50,00\u00a0%"}


def test_766_a_stopped_dossier_ends_when_stopped_and_2_2_counts_what_ended_after_the_period(db):
    from loaders import working_days
    report = inspect_file(db, "so_noi_vu_ban_tin.csv", (LISTS / "so_noi_vu_ban_tin.csv").read_bytes())
    commit_file(db, report, loaded_by="pytest")
    working_days.refresh(db)
    june = {"date_from": date(2025, 6, 1), "date_to": date(2025, 6, 30), "unit_ids": None}
    row = queries.run(db, "dossier_list_766", **june).iloc[0].to_dict()
    # June 2025 (tests/fixtures/make_bulletin_dossiers.py): N10 (due 20/5), N11 (due 10/6), N13 (awaiting, due
    # 2/6) still open at 30/6: late; N15 open at 30/6, due 20/6: late; N14 stopped on 5/6, due 6/6: on time;
    # N16 (no due date, 5 working days allowed): 9 working days 9/6→20/6 less 4 waiting for its supplement: on time
    assert (row["on_time_num"], row["on_time_den"]) == (2, 6)
    # 2.2: N15, received Tue 3/6, resolved Wed 2/7/2025 (after June): 4–6/6, 9–13, 16–20, 23–27, 30/6, 1–2/7 = 21;
    # N16: 10–13/6, 16–20/6 = 9 (the supplement wait is not subtracted from the processing time)
    assert (row["resolved_count"], row["working_days_sum"]) == (2, 30)
    stored = queries.run(db, "dossier_list_rows", measure="res_ontime", linh_vuc=None, **june)
    assert list(stored["code"]) == ["N16"]


def test_766_points_follow_the_threshold_rule():
    whatif = pd.DataFrame([{"component_code": "3.3", "threshold_pct": 50.0, "max_points": 4.0, "points_now": 4.0}])
    row = {"online_num": 1, "received_count": 2}
    table = views.indicators_table(row, whatif)
    online = table[table["Chỉ số"].str.startswith("3.3")].iloc[0]
    assert (online["Giá trị"], online["Ngưỡng đạt điểm tối đa"], online["Điểm"]) == ("50,00\u00a0%", "50\u00a0%",
                                                                                      "4,00 / 4,00")


def test_the_dossiers_behind_a_count_with_working_days_late(db):
    from loaders import working_days
    load(db, "so_tu_phap_2025.xlsx")
    working_days.refresh(db)
    late = queries.run(db, "dossier_list_rows", measure="res_late", linh_vuc=None, **Q2)
    # A03: due Thu 10/4, ended Tue 15/4/2025 → 11/4, 14/4, 15/4 = 3; A18: due Fri 14/3, ended Sat 15/3 → 0
    assert list(zip(late["code"], late["days_late"])) == [("A03", 3), ("A18", 0)]
    pending = queries.run(db, "dossier_list_rows", measure="proc_late", linh_vuc="Hộ tịch", **Q2)
    assert sorted(pending["code"]) == ["A06", "A17"]
    # A06: due Tue 10/6, pending at Sat 14/6 → 11/6, 12/6, 13/6 = 3
    assert int(pending.set_index("code").loc["A06", "days_late"]) == 3
    counts = queries.run(db, "dossier_list_counts", **Q2)
    for measure in views.MEASURES:                      # every count lists exactly its dossiers
        listed = queries.run(db, "dossier_list_rows", measure=measure, linh_vuc=None, **Q2)
        assert len(listed) == counts[measure].sum(), measure


def test_the_list_downloads_with_formula_like_text_neutralised(db):
    rows = views.dossier_rows(pd.DataFrame([{"code": "=HYPERLINK(\"x\")", "unit_name": "Sở Tư pháp",
                                             "procedure_name": "+84 thủ tục", "linh_vuc": "Hộ tịch", "channel": 2,
                                             "status": 10, "received_at": pd.Timestamp("2025-04-01"),
                                             "due_at": pd.Timestamp("2025-04-10"), "ended_at": pd.Timestamp("2025-04-15"),
                                             "days_late": 3}]))
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(rows, views.ROW_COLUMNS, "Quá hạn"))).active
    values = [c.value for c in sheet[2]]
    assert values[:3] == ["'=HYPERLINK(\"x\")", "Sở Tư pháp", "'+84 thủ tục"]
    assert values[4:] == ["Trực tuyến", "01/04/2025", "10/04/2025", "15/04/2025", 3, "Đã trả kết quả"]
    assert all(c.data_type != "f" for c in sheet[2])


def test_due_soon_and_overdue_by_working_days(db):
    from loaders import working_days
    load(db, "so_tu_phap_2025.xlsx")
    working_days.refresh(db)
    rows = queries.run(db, "dossier_list_due", as_of=date(2025, 6, 14), days=3, unit_ids=None)
    # overdue: A17 (due 1/3), A06 (due 10/6: 3 working days ago); A05 and A08 fall due Fri 20/6, 5 working days on
    assert list(rows["code"]) == ["A17", "A06"] and set(rows["state"]) == {"qua_han"}
    assert int(rows.iloc[1]["working_days_left"]) == -3
    rows = queries.run(db, "dossier_list_due", as_of=date(2025, 6, 14), days=5, unit_ids=None)
    assert sorted(rows[rows["state"] == "sap_den_han"]["code"]) == ["A05", "A08"]
    assert list(views.due_by_unit(rows).itertuples(index=False)) == [("Sở Tư pháp", 2, 2)]


def _frame(**counts):
    base = dict.fromkeys(views.COMPARED, 0)
    return pd.DataFrame([{"unit_name": "Sở A", "linh_vuc": "Hộ tịch", **base, **counts}])


def test_differences_are_explained():
    reported = _frame(recv_total=10, recv_online=10, res_total=8, res_before=8, proc_total=2, proc_ontime=2)
    # 3 withdrawn dossiers the report counted resolved, 2 awaiting a supplement it counted in process
    derived = _frame(recv_total=10, recv_online=10, res_total=5, res_before=5).assign(
        recv_direct=0, recv_postal=0, returned_withdrawn=3, awaiting_supplement=2)
    facts = pd.DataFrame([{"unit_name": "Sở A", "linh_vuc": "Hộ tịch", "data_errors": 1, "ended_after_cutoff": 0,
                           "late_before_period": 0}])
    frame = views.compare(derived, reported, facts)
    text = frame.iloc[0]["explanation"]
    assert frame.iloc[0]["differs"]
    assert "3 hồ sơ công dân rút" in text and "2 hồ sơ chờ bổ sung" in text and "1 hồ sơ lỗi dữ liệu" in text
    shown = views.comparison_table(frame).data
    assert shown.iloc[0]["Đã giải quyết"] == "8 → 5" and shown.iloc[0]["Tiếp nhận"] == "10"
    assert views.explanation_lines(frame) == [f"**Sở A — Hộ tịch**: {text}"]
    assert views.comparison_summary(frame).startswith("1 dòng đơn vị × lĩnh vực của các đơn vị có cả báo cáo và hồ sơ: "
                                                      "0 khớp, 1 khác (trong đó 0 chỉ có báo cáo, 0 chỉ có hồ sơ)")
    only = views.compare(derived.assign(unit_name="Sở B"), reported, facts)
    assert views.unmatched_units(only) == (["Sở B"], ["Sở A"])


def test_a_long_list_is_cut_for_the_grid_and_says_so():
    # 2.345 overdue dossiers: the grid gets the first 2.000 (the list's own order), the caption says how many
    # exist; a list within the limit shows whole, with no caption
    rows = pd.DataFrame({"code": [f"H{i:05d}" for i in range(2345)], "unit_name": "Sở Y tế",
                         "working_days_left": [-(2345 - i) for i in range(2345)]})
    grid = views.rows_table(rows, views.DUE_COLUMNS)
    assert len(grid) == 2000
    assert list(grid.columns) == ["Mã hồ sơ", "Đơn vị", "Số ngày làm việc còn lại"]
    assert grid.iloc[0].tolist() == ["H00000", "Sở Y tế", "-2.345"]
    assert grid.iloc[-1]["Mã hồ sơ"] == "H01999"
    assert views.grid_note(2345) == ("Bảng hiển thị 2.000 hồ sơ đầu tiên trong số 2.345 (theo thứ tự của bảng); "
                                     "tải tệp .xlsx để xem đủ.")
    assert views.grid_note(2000) is None
    assert len(views.rows_table(rows.head(12), views.DUE_COLUMNS)) == 12


def test_the_sync_payload_gives_the_first_supplement_request_and_its_answer():
    from loaders.dossier_list import _portal_lists
    found = _portal_lists([{"DanhSachHoSoBoSung": [
        {"NgayBoSung": "20250612080000", "NgayTiepNhanBoSung": "20250616090000"},
        {"NgayBoSung": "20250610080000", "NgayTiepNhanBoSung": "20250611080000"}]}, {"DanhSachHoSoBoSung": []}, {}])
    assert found["supplement_count"] == ["2", "0", None]
    assert found["supplement_first_at"] == ["20250610080000", None, None]
    assert found["supplement_answered_at"] == ["20250611080000", None, None]


def test_units_reporting_without_lists_are_named_thirty_at_most():
    assert views.report_only_text(["Sở A", "Sở B"]) == "**Có báo cáo nhưng chưa nạp danh sách hồ sơ (2 đơn vị):** Sở A, Sở B"
    names = [f"Sở {n:04d}" for n in range(1, 1235)]
    text = views.report_only_text(names)
    assert text.startswith("**Có báo cáo nhưng chưa nạp danh sách hồ sơ (1.234 đơn vị):** Sở 0001, Sở 0002, ")
    assert text.endswith(", Sở 0030 và 1.204 đơn vị khác")                  # 1.234 − 30
