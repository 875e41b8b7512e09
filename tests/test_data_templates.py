"""The upload templates of the dossier-level kinds are read back by their own kinds: a dossier list filled in the
template gives the hand-counted Biểu 06, and the working-day template, pre-filled with the corrections in force,
loads back to the same calendar."""

import datetime as dt
import io

from openpyxl import load_workbook

import queries
from loaders import working_days
from loaders.pipeline import commit_file, inspect_file
from reports.data_templates import dossier_list_template, working_days_template

COUNTS = ["recv_online", "recv_direct", "recv_postal", "recv_carry", "recv_total", "res_before", "res_ontime",
          "res_late", "res_total", "proc_ontime", "proc_late", "proc_total", "returned_withdrawn", "awaiting_supplement"]


def _load(con, name, data):
    report = inspect_file(con, name, data)
    assert not report.has_errors, [str(i) for i in report.issues]
    return report, commit_file(con, report, loaded_by="pytest")


def test_a_dossier_list_filled_in_its_template_loads_and_counts(db):
    book = load_workbook(io.BytesIO(dossier_list_template(["Sở Tư pháp", "Sở Y tế"], ["Hộ tịch", "Chứng thực"])))
    assert book.sheetnames == ["Hướng dẫn", "Hồ sơ", "Danh mục"] and book.active.title == "Hồ sơ"
    sheet = book["Hồ sơ"]
    assert [c.value for c in sheet[3]] == [
        "Mã hồ sơ *", "Đơn vị tiếp nhận", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Hình thức nộp",
        "Ngày tiếp nhận *", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Trạng thái *", "Thời hạn giải quyết (ngày)",
        "Số lần yêu cầu bổ sung"]
    # Q2/2025 (15/3–14/6): T1 online, resolved before its due date; T2 direct, resolved late; T3 postal, still
    # processing past its due date; T4 carried over (received 1/3), withdrawn on 20/3
    rows = [("T1", "Sở Tư pháp", "1.000001", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến", dt.date(2025, 4, 1),
             dt.date(2025, 4, 5), dt.date(2025, 4, 3), "Đã trả kết quả"),
            ("T2", "Sở Tư pháp", "1.000001", "Đăng ký khai sinh", "Hộ tịch", "Trực tiếp", dt.date(2025, 4, 2),
             dt.date(2025, 4, 5), dt.date(2025, 4, 9), "Đã xử lý xong"),
            ("T3", "Sở Tư pháp", "1.000001", "Đăng ký khai sinh", "Hộ tịch", "Bưu chính công ích", dt.date(2025, 6, 1),
             dt.date(2025, 6, 10), None, "Đang xử lý"),
            ("T4", "Sở Tư pháp", "1.000002", "Chứng thực bản sao", "Hộ tịch", "Trực tiếp", dt.date(2025, 3, 1),
             dt.date(2025, 3, 25), dt.date(2025, 3, 20), "Công dân yêu cầu rút hồ sơ")]
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    report, _ = _load(db, "danh_sach_ho_so.xlsx", buffer.getvalue())
    assert report.kind == "dossier_list"
    found = queries.run(db, "dossier_list_counts", date_from=dt.date(2025, 3, 15), date_to=dt.date(2025, 6, 14),
                        unit_ids=None)
    assert [(r["unit_name"], r["linh_vuc"], [int(r[c]) for c in COUNTS]) for r in found.to_dict("records")] == [
        ("Sở Tư pháp", "Hộ tịch", [1, 1, 1, 1, 4, 1, 0, 1, 2, 0, 1, 1, 1, 0])]


def test_the_working_day_template_carries_the_corrections_in_force_and_loads_back(db):
    working_days.refresh(db)                   # as a load of dossiers does: stores the shipped corrections
    shipped = queries.run(db, "working_day_overrides")
    assert len(shipped) == 3                   # the 2026 corrections of domain.md §8.4 (data/reference/)
    data = working_days_template(shipped.to_dict("records"))
    sheet = load_workbook(io.BytesIO(data))["Ngày làm việc"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=6, max_col=2)] == [
        [dt.datetime(2026, 1, 2), "không"], [dt.datetime(2026, 1, 10), "có"], [dt.datetime(2026, 11, 24), "có"]]
    report, _ = _load(db, "ngay_lam_viec.xlsx", data)
    assert report.kind == "working_days"
    again = queries.run(db, "working_day_overrides")
    assert list(zip(again["day"].dt.date, again["is_working"])) == [
        (dt.date(2026, 1, 2), False), (dt.date(2026, 1, 10), True), (dt.date(2026, 11, 24), True)]
