"""The plan's task list: the real appendix (merged headers, areas merged down, a task over two rows, its
"Hiện tại" figures), our template, area rows; deadlines; status by date and as an analyst sets it."""

import io
from datetime import date

import openpyxl
import pytest

import queries
from loaders import plan_tasks
from vocabulary.issues import ERROR, INFO, WARNING
from loaders.store import roll_back
from loaders.workbook import read_sheets
from reports.plan_templates import plan_tasks_template
from tests.plan_fixtures import PLAN_FIXTURES, load, parsed

APPENDIX = "ke_hoach_nhiem_vu_cchc_2021.xlsx"


def test_the_real_appendix_is_read_task_by_task(fixtures_dir):
    (result,) = parsed(plan_tasks, fixtures_dir / APPENDIX)
    tasks = result.records
    assert len(tasks) == 26
    per_area = {}
    for t in tasks:
        per_area[t["_area_code"]] = per_area.get(t["_area_code"], 0) + 1
    assert per_area == {"I": 5, "II": 1, "III": 3, "IV": 2, "V": 4, "VI": 4, "VII": 7}   # docs/domain.md "Example workbooks"
    by_key = {t["_key"]: t for t in tasks}
    assert by_key["I.1"]["_area"] == "Công tác chỉ đạo điều hành CCHC"      # merged down over rows 10–14
    assert {t["_owner"] for t in tasks} == {"Sở Khoa Học và Công Nghệ tỉnh Quảng Bình"}
    assert {t["_year"] for t in tasks} == {2021}
    # the BCCI task is written over rows 35–36: one task, both current/required pairs
    bcci = by_key["VII.7"]
    assert bcci["_row"] == 35 and bcci["lead_unit"] == "Các phòng, đơn vị có TTHC phát sinh"
    assert bcci["current_level"] == ("0% hồ sơ giải quyết TTHC được tiếp nhận hồ sơ qua dịch vụ BCCI;\n"
                                     "6,7% tỷ lệ kết quả giải quyết TTHC được trả qua dịch vụ BCCI")
    assert by_key["VII.5"]["current_level"] == "Có 42/56 tài khoản Hộp thư công vụ hoạt động (chiếm 75%)"
    assert by_key["I.2"]["current_level"] == "0" and by_key["I.2"]["_deadline"] == date(2021, 10, 31)
    assert by_key["I.4"]["_deadline"] == date(2021, 12, 31)      # "Quý IV/2021"
    assert by_key["IV.1"]["_deadline"] == date(2021, 11, 30)     # "Tháng 11/2021"
    assert [(i.level, i.where()) for i in result.issues] == [(WARNING, "Phụ lục!H16")]   # no deadline in the source
    # "Hiện tại" figures of a document dated tháng 9/2021: as of 15/12/2020 – 14/9/2021
    figures = {code: (num, den, pct) for t in tasks for code, num, den, pct, _, period in t["_kpis"]}
    # I.2's "Hiện tại" is a bare 0 (no inspection yet): not a percentage, so no "Kiểm tra CCHC 0,00 %";
    # VII.3's "0%" is one
    assert figures == {"digitised": (None, None, 0.0),
                       "mailbox_active": (42, 56, None), "dossier_online": (33, 90, None),
                       "bcci_receipt": (None, None, 0.0), "bcci_return": (None, None, 6.7)}
    periods = {period for t in tasks for *_, period in t["_kpis"]}
    assert {(p.start, p.end, p.label) for p in periods} == {(date(2020, 12, 15), date(2021, 9, 14), "9 tháng năm 2021")}


def test_the_appendix_stored_gives_the_plans_gap_in_accounts(db, fixtures_dir):
    (stored,) = load(db, plan_tasks, fixtures_dir / APPENDIX)
    assert stored.row_count == 26
    plans = queries.run(db, "plan_task_plans", unit_ids=None)
    assert (plans.iloc[0]["owner_name"], plans.iloc[0]["plan_year"], plans.iloc[0]["task_count"]) == (
        "Sở Khoa Học và Công Nghệ", 2021, 26)
    status = queries.run(db, "kpi_status", year=2021, as_of=date(2021, 9, 30), unit_ids=None,
                         amber_points=5.0).set_index("kpi_code")
    mailbox = status.loc["mailbox_active"]
    # 42 of 56 accounts active = 75 %; the plan requires 100 %: 56 − 42 = 14 accounts to bring online
    assert (mailbox["numerator"], mailbox["denominator"], mailbox["gap_units"]) == (42, 56, 14)
    assert status.loc["bcci_return", "actual_pct"] == 6.7 and status.loc["bcci_return", "value_basis"] == "reported"
    assert status.loc["dossier_online", "actual_pct"] == pytest.approx(100 * 33 / 90)   # 36,67 % ≥ 30 %: met
    assert status.loc["dossier_online", "status"] == "green"
    roll_back(db, stored.batch_id)
    assert queries.run(db, "plan_task_plans", unit_ids=None).empty and queries.run(db, "kpi_values", year=2021, unit_ids=None).empty


@pytest.mark.parametrize("text, plan_year, expected", [
    ("Tháng 10/2021", 2021, date(2021, 10, 31)), ("Tháng 2/2024", 2024, date(2024, 2, 29)),
    ("Quý IV/2021", 2021, date(2021, 12, 31)), ("Quý I", 2026, date(2026, 3, 31)),
    ("Trước 30/12/2021", 2021, date(2021, 12, 30)), ("Từ nay đến cuối năm 2021", 2021, date(2021, 12, 31)),
    ("Hàng năm", 2025, date(2025, 12, 31)), ("2022-2023", 2022, date(2023, 12, 31)), ("Năm 2022", 2021, date(2022, 12, 31)),
    ("6 tháng đầu năm 2025", 2025, date(2025, 6, 30)), ("Tháng 12", 2025, date(2025, 12, 31)),
    ("Theo kế hoạch", 2025, None), (None, 2025, None), (date(2025, 5, 20), 2025, date(2025, 5, 20)),
])
def test_deadlines_are_read_as_the_last_day_they_allow(text, plan_year, expected):
    assert plan_tasks.parse_deadline(text, plan_year) == expected


def _tasks(con, today, due_days=30):
    frame = queries.run(con, "plan_task_list", today=today, due_days=due_days, plan_year=None, unit_ids=None)
    return frame.set_index("task_key")


def test_task_status_follows_today_and_the_deadline(db):
    load(db, plan_tasks, PLAN_FIXTURES / "plan_tasks.xlsx")
    # I.1 done (file), deadline 31/1/2020; I.2 no status, "Quý III/2020" → 30/9/2020;
    # VII.1 no status, 31/12/2099; VII.2 "Đang thực hiện", 31/12/2099
    before = _tasks(db, date(2019, 12, 1))
    assert dict(before["status"]) == {"I.1": "done", "I.2": "not_started", "VII.1": "not_started",
                                      "VII.2": "in_progress"}
    soon = _tasks(db, date(2020, 9, 10))
    assert soon.loc["I.2", "status"] == "in_progress" and bool(soon.loc["I.2", "due_soon"])
    assert soon.loc["I.2", "days_left"] == 20                       # 10/9 → 30/9
    assert not soon.loc["VII.1", "due_soon"]
    after = _tasks(db, date(2020, 10, 1))
    assert after.loc["I.2", "status"] == "late" and after.loc["I.2", "days_overdue"] == 1
    assert after.loc["I.1", "status"] == "done"                     # done stays done past its deadline
    assert after.loc["VII.1", "status"] == "in_progress"


def test_an_analyst_sets_a_status_and_who_and_when_are_kept(db):
    load(db, plan_tasks, PLAN_FIXTURES / "plan_tasks.xlsx")
    owner = int(queries.run(db, "plan_task_plans", unit_ids=None).iloc[0]["owner_unit_id"])
    plan_tasks.set_task_status(db, owner, 2020, "I.2", "done", "Trần Thị B", "đã ban hành kế hoạch kiểm tra")
    plan_tasks.set_task_status(db, owner, 2020, "VII.1", "late", "Trần Thị B")
    tasks = _tasks(db, date(2026, 11, 22))
    assert tasks.loc["I.2", "status"] == "done" and tasks.loc["I.2", "set_by"] == "Trần Thị B"
    assert tasks.loc["I.2", "set_note"] == "đã ban hành kế hoạch kiểm tra"
    assert tasks.loc["VII.1", "status"] == "late"                   # set late before its 2099 deadline
    history = queries.run(db, "plan_task_status_history", owner_unit_id=owner, plan_year=2020, task_key="I.2")
    assert list(history["status"]) == ["done"] and history.iloc[0]["set_at"] is not None
    with pytest.raises(plan_tasks.UnknownTask):
        plan_tasks.set_task_status(db, owner, 2020, "IX.9", "done", "Trần Thị B")
    leads = queries.run(db, "plan_task_lead_counts", today=date(2026, 11, 22), due_days=30, plan_year=2020,
                        unit_ids=None).set_index("lead_unit")
    assert (leads.loc["Sở Y tế", "late"], leads.loc["Sở Y tế", "in_progress"]) == (1, 1)
    areas = queries.run(db, "plan_task_area_counts", today=date(2026, 11, 22), due_days=30, plan_year=None,
                        unit_ids=None).set_index("area_code")
    assert list(areas.index) == ["I", "VII"]
    assert (areas.loc["I", "tasks"], areas.loc["I", "done"], areas.loc["VII", "late"]) == (2, 2, 1)


def test_reloading_a_plan_replaces_it_and_keeps_the_statuses_set(db):
    (first,) = load(db, plan_tasks, PLAN_FIXTURES / "plan_tasks.xlsx")
    owner = int(queries.run(db, "plan_task_plans", unit_ids=None).iloc[0]["owner_unit_id"])
    plan_tasks.set_task_status(db, owner, 2020, "I.2", "done", "Trần Thị B")
    results = parsed(plan_tasks, PLAN_FIXTURES / "plan_tasks.xlsx", db)
    results[0].records[1]["task"] = "Kiểm tra CCHC 35% đơn vị"
    preview = plan_tasks.replacement(db, results)
    assert preview.to_dict("records") == [{
        "Đơn vị": "Sở Tư pháp", "Năm": 2020, "Nhiệm vụ đang dùng": 4, "Nhiệm vụ mới": 4,
        "Trạng thái đã cập nhật (giữ theo mã nhiệm vụ)": 1, "Tệp đang dùng": "plan_tasks.xlsx"}]
    (second,) = plan_tasks.store(db, results, "plan_tasks_v2.xlsx", "0" * 64, "pytest")
    assert second.replaced == [first.batch_id]
    tasks = _tasks(db, date(2026, 11, 22))
    assert tasks.loc["I.2", "task"] == "Kiểm tra CCHC 35% đơn vị" and tasks.loc["I.2", "status"] == "done"
    roll_back(db, second.batch_id)
    assert _tasks(db, date(2026, 11, 22)).loc["I.2", "task"] == "Kiểm tra CCHC 30% đơn vị"


def test_areas_written_as_rows_of_their_own(db):
    (result,) = parsed(plan_tasks, PLAN_FIXTURES / "plan_area_rows.xlsx", db)
    assert [(t["_key"], t["_area"], t["task"], t["_deadline"]) for t in result.records] == [
        ("I.1", "CẢI CÁCH THỂ CHẾ", "Rà soát văn bản QPPL", date(2024, 12, 31)),
        ("I.2", "CẢI CÁCH THỂ CHẾ", "Kiểm tra văn bản QPPL", date(2024, 12, 31)),
        ("II.1", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Số hóa hồ sơ TTHC", None)]
    assert [i.where() for i in result.issues if i.level != WARNING or "thời điểm" in i.message] == ["Kế hoạch!E9"]
    assert not [i for i in result.issues if i.level == ERROR]
    assert {t["_year"] for t in result.records} == {2024}


def test_the_template_loads_back_empty_then_filled(db):
    data = plan_tasks_template("Sở Tư pháp", 2026, ["Sở Tư pháp", "Sở Y tế"])
    (empty,) = plan_tasks.parse("mau.xlsx", read_sheets("mau.xlsx", data), db)
    assert empty.records == [] and empty.issues == []        # the seven area rows alone
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Nhiệm vụ"]
    assert [sheet.cell(r, 3).value for r in range(4, 11)] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    for col, value in enumerate([2026, "Sở Tư pháp", "VII", plan_tasks.AREAS["VII"], "Kích hoạt Hộp thư công vụ",
                                 "42/56", "100%", "Văn phòng Sở", "", "Quý II/2026", "Đang thực hiện"], start=1):
        sheet.cell(11, col, value)
    buffer = io.BytesIO()
    book.save(buffer)
    (filled,) = plan_tasks.parse("mau.xlsx", read_sheets("mau.xlsx", buffer.getvalue()), db)
    assert [i for i in filled.issues if i.level == ERROR] == []
    assert [(t["_key"], t["_owner"], t["_deadline"], t["_status"]) for t in filled.records] == [
        ("VII.1", "Sở Tư pháp", date(2026, 6, 30), "in_progress")]


def test_the_template_offers_the_units_as_plan_owner_like_the_lead_unit():
    book = openpyxl.load_workbook(io.BytesIO(plan_tasks_template("", 2026, ["Sở Tư pháp", "Sở Y tế"])))
    sheet = book["Nhiệm vụ"]
    header = [c.value for c in sheet[3]]
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        lists[header[openpyxl.utils.column_index_from_string(column) - 1]] = validation.formula1
    owner, lead = lists["Đơn vị ban hành kế hoạch *"], lists["Chủ trì *"]
    catalogue = book["Danh mục"]

    def values(formula):
        return [c.value for (c,) in catalogue[formula.split("!")[1].replace("$", "")]]
    assert values(owner) == values(lead) == ["Sở Tư pháp", "Sở Y tế"]


def test_a_plan_owner_matched_to_a_directory_unit_of_another_spelling_is_said_at_its_cell(sample_db, fixtures_dir):
    con = queries.connect(sample_db)
    (result,) = parsed(plan_tasks, fixtures_dir / APPENDIX, con)
    con.close()
    # A2:C2 "SỞ KHOA HỌC VÀ CÔNG NGHỆ" under "UBND TỈNH QUẢNG BÌNH" → written "Sở Khoa Học và Công Nghệ tỉnh Quảng
    # Bình"; the alias ignores the trailing "tỉnh …": the sample's (Quảng Trị) "Sở Khoa học và Công nghệ"
    assert [(i.level, i.where(), i.message) for i in result.issues if i.level == INFO] == [(
        INFO, "Phụ lục!A2", "đơn vị ban hành kế hoạch \"Sở Khoa Học và Công Nghệ tỉnh Quảng Bình\" được nhận là \"Sở "
        "Khoa học và Công nghệ\" trong danh mục (cách viết khác; phần tên tỉnh ở cuối không được so). Nếu đây là đơn "
        "vị khác — ví dụ của một tỉnh trước sáp nhập — hãy thêm đơn vị đó ở trang \"Quản lý dữ liệu\" trước khi nạp.")]
    assert result.summary["Đơn vị"] == ("Sở Khoa Học và Công Nghệ tỉnh Quảng Bình → Sở Khoa học và Công nghệ "
                                       "(danh mục)")
    assert "Kiểm tra CCHC" not in result.summary["Số liệu hiện tại (9 tháng năm 2021)"]
