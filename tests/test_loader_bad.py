"""Bad fixtures: each is refused with its asserted Vietnamese message and cell, by the pipeline and by
the command line, and the warehouse (already holding a loaded file) is left exactly as it was."""

from datetime import date

import pytest

from loaders.__main__ import main as cli_main
from vocabulary.issues import ERROR
from loaders.periods import parse_user_period
from loaders.pipeline import RefusedFile, commit_file, inspect_file
from tests.warehouse_state import snapshot

GOOD = "good_official_formulas_tu_phap_q2_2025.xlsx"

# file → every ERROR it gets, as (sheet!cell, message)
BAD = {
    "bad_negative_count.xlsx": [
        ("Biểu 06!F16", "số âm (-3) không hợp lệ (Từ kỳ trước chuyển sang). Số hồ sơ phải ≥ 0."),
    ],
    "bad_text_in_count.xlsx": [
        ("Biểu 06!D15", "\"mười\" không phải là số (Tiếp nhận trực tuyến). Hãy nhập số hồ sơ (số nguyên ≥ 0)."),
    ],
    "bad_parts_do_not_add_up.xlsx": [
        ("Biểu 06!C14", "V1 – \"Tổ chức, biên chế\": Tổng số hồ sơ nhận giải quyết là 16 nhưng tổng các thành phần "
                        "là 15 ((3) = (4) + (5) + (6)). Hãy kiểm tra lại các ô của dòng 14."),
        ("Biểu 06!G15", "V2 – \"Công chức, viên chức\": Tổng số đã giải quyết là 40 nhưng tổng các thành phần là 41 "
                        "((7) = (8) + (9) + (10)). Hãy kiểm tra lại các ô của dòng 15."),
        ("Biểu 06!K17", "V3 – \"Tôn giáo\": Tổng số đang giải quyết là 3 nhưng tổng các thành phần là 2 "
                        "((11) = (12) + (13)). Hãy kiểm tra lại các ô của dòng 17."),
    ],
    "bad_total_disagrees.xlsx": [
        ("Biểu 06!J19", "dòng tổng \"Tổng số\": Giải quyết quá hạn là 3 nhưng cộng các dòng chi tiết được 1. "
                        "Có dòng bị thiếu, thừa hoặc nhập sai."),
    ],
    "bad_no_period.xlsx": [
        ("Biểu 06", "không tìm thấy kỳ báo cáo (ví dụ \"Từ ngày 15/6/2024 đến ngày 14/9/2024\" hoặc "
                    "\"Quý III năm 2024\"). Hãy nhập kỳ báo cáo khi nạp tệp."),
    ],
    "bad_missing_column.xlsx": [
        ("Biểu 06!A10:L12", "không tìm thấy cột \"Đang giải quyết quá hạn\" trong dòng tiêu đề. "
                            "Hãy dùng đúng mẫu Biểu số 06/VPCP/KSTT."),
    ],
    "bad_duplicate_linh_vuc.xlsx": [
        ("Biểu 06!B17", "\"Thi đua, khen thưởng\" xuất hiện hai lần (dòng 16 và dòng 17). Hãy gộp thành một dòng."),
    ],
    "bad_old_format.xls": [
        ("", "Tệp bad_old_format.xls là định dạng Excel cũ (.xls). Hãy mở tệp trong Excel và lưu lại dưới dạng "
             ".xlsx rồi tải lên lại."),
    ],
    "bad_html_renamed.xlsx": [
        ("", "Tệp bad_html_renamed.xlsx không đọc được như một bảng tính Excel (.xlsx): tệp hỏng, bị cắt ngắn "
             "hoặc không phải .xlsx. Hãy mở lại trong Excel, lưu lại rồi tải lên."),
    ],
    "bad_truncated.xlsx": [
        ("", "Tệp bad_truncated.xlsx không đọc được như một bảng tính Excel (.xlsx): tệp hỏng, bị cắt ngắn "
             "hoặc không phải .xlsx. Hãy mở lại trong Excel, lưu lại rồi tải lên."),
    ],
}


@pytest.fixture
def loaded_db(db, fixtures_dir):
    """A warehouse already holding one good file (9 rows, batch 1)."""
    report = inspect_file(db, GOOD, (fixtures_dir / GOOD).read_bytes())
    commit_file(db, report, loaded_by="pytest")
    assert db.execute("SELECT count(*), sum(recv_total) FROM dossier_count").fetchone() == (9, 2885)
    return db


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_refused_with_its_message(loaded_db, db_file, fixtures_dir, capsys, name):
    before = snapshot(loaded_db)
    report = inspect_file(loaded_db, name, (fixtures_dir / name).read_bytes())

    errors = [(i.where(), i.message) for i in report.issues if i.level == ERROR]
    assert errors == BAD[name]
    assert report.has_errors
    with pytest.raises(RefusedFile, match=f"Tệp {name} có lỗi, không thể nạp."):
        commit_file(loaded_db, report, loaded_by="pytest")

    assert cli_main([str(fixtures_dir / name), "--db", str(db_file)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"TỪ CHỐI  {fixtures_dir / name}: ")
    for where, message in BAD[name]:
        assert (f"[lỗi] {where}: {message}" if where else f"[lỗi] {message}") in out
    assert "Tổng: 1 tệp, 0 nạp được, 1 bị từ chối." in out
    assert "Traceback" not in out

    assert snapshot(loaded_db) == before


def test_negative_count_message_reads_like_the_design(fixtures_dir):
    report = inspect_file(None, "bad_negative_count.xlsx", (fixtures_dir / "bad_negative_count.xlsx").read_bytes())
    assert [str(i) for i in report.issues] == [
        "[lỗi] Biểu 06!F16: số âm (-3) không hợp lệ (Từ kỳ trước chuyển sang). Số hồ sơ phải ≥ 0."]
    # the other rows were read; the refused one is not among them
    assert [r["label"] for r in report.sheets[0].rows] == ["Tổ chức, biên chế", "Công chức, viên chức", "Tôn giáo",
                                                          "Văn thư, lưu trữ"]


def test_parts_that_do_not_add_up_also_warn_on_v4(fixtures_dir):
    name = "bad_parts_do_not_add_up.xlsx"
    report = inspect_file(None, name, (fixtures_dir / name).read_bytes())
    assert [(i.level, i.where()) for i in report.issues] == [
        ("lỗi", "Biểu 06!C14"), ("cảnh báo", "Biểu 06!C14"),
        ("lỗi", "Biểu 06!G15"), ("cảnh báo", "Biểu 06!C15"),
        ("lỗi", "Biểu 06!K17"), ("cảnh báo", "Biểu 06!C17"),
    ]


def test_no_period_loads_once_the_period_is_supplied(loaded_db, fixtures_dir):
    name = "bad_no_period.xlsx"
    period = parse_user_period("Quý I/2024")
    assert (period.start, period.end) == (date(2023, 12, 15), date(2024, 3, 14))
    report = inspect_file(loaded_db, name, (fixtures_dir / name).read_bytes(), period=period)
    assert not report.has_errors
    assert report.sheets[0].period_source == "supplied"
    stored = commit_file(loaded_db, report, loaded_by="pytest")
    assert [(s.batch_id, s.row_count, s.replaced) for s in stored] == [(2, 5, [])]
    assert loaded_db.execute("""
        SELECT u.name, b.period_start, b.period_end, count(*), sum(d.recv_total), sum(d.proc_total)
        FROM dossier_count d JOIN load_batch b USING (batch_id) JOIN unit u USING (unit_id)
        WHERE batch_id = 2 GROUP BY ALL""").fetchall() == [
        ("Sở Nội vụ", date(2023, 12, 15), date(2024, 3, 14), 5, 199, 15)]


def test_no_period_loads_from_the_command_line_with_period(db_file, fixtures_dir, capsys):
    path = fixtures_dir / "bad_no_period.xlsx"
    assert cli_main([str(path), "--db", str(db_file), "--period", "Quý I/2024"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (f"ĐÃ NẠP   {path}: [Biểu 06] 5 dòng, Sở Nội vụ tỉnh Hà Tĩnh, "
                                   "Quý I/2024 (15/12/2023 – 14/03/2024)")


def test_formula_totals_saved_without_values_say_to_open_and_save_in_excel():
    """A template filled by a program (openpyxl) keeps its total formulas without values: the message says so."""
    import io

    from openpyxl import load_workbook

    from loaders.periods import parse_user_period
    from loaders.pipeline import inspect_file
    from reports.templates import dossier_template
    data = dossier_template("Sở Tư pháp", parse_user_period("Quý II/2025"), ["Hộ tịch"], ["Sở Tư pháp"], ["Hộ tịch"])
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Biểu 06"]
    ws["D14"], ws["E14"], ws["H14"], ws["L14"] = 5, 3, 4, 4      # C14 = D+E+F stays a formula with no value
    buffer = io.BytesIO()
    wb.save(buffer)
    report = inspect_file(None, "mau.xlsx", buffer.getvalue())
    first = report.issues[0]
    assert (first.level, first.where()) == ("lỗi", "Biểu 06!C14")
    assert first.message == (
        "V1 – \"Hộ tịch\": ô Tổng số hồ sơ nhận giải quyết đang trống nhưng các thành phần cộng lại là 8 "
        "((3) = (4) + (5) + (6)). Nếu ô này là công thức, tệp chưa được tính lại: hãy mở tệp bằng Excel (hoặc "
        "LibreOffice), lưu lại rồi tải lên; nếu không, hãy điền số tổng.")


def test_a_row_of_numbers_is_converted_at_once_only_when_every_count_is_whole_and_in_range():
    """`dossier_form._whole_counts`, the common case of a row: whole numbers 0 … 10⁹ (floats as calamine gives
    them, or ints) at once; a fraction, a negative, a number too large, NaN or infinity leaves the row to the cell
    by cell reading, which names the cell (the messages above)."""
    from loaders.dossier_form import _whole_counts

    fields = ["recv_total", "recv_online", "recv_offline"]
    assert _whole_counts(fields, (12.0, 7, 5.0)) == {"recv_total": 12, "recv_online": 7, "recv_offline": 5}
    assert _whole_counts(fields, (0.0, -0.0, 1e9)) == {"recv_total": 0, "recv_online": 0, "recv_offline": 10 ** 9}
    for row in ((12.0, 7.5, 5.0), (12.0, -1.0, 5.0), (12.0, 7.0, 1e9 + 1), (12.0, float("nan"), 5.0),
                (12.0, float("inf"), 5.0), (3, -2, 1)):
        assert _whole_counts(fields, row) is None, row
