"""A file's kind is recognised from its header row, can be corrected, and every kind's template loads back."""

from pathlib import Path

import queries
from loaders import kinds
from vocabulary.issues import ERROR
from loaders.pipeline import commit_file, inspect_file
from loaders.store import roll_back
from reports.plan_templates import kpi_template, plan_tasks_template, targets_template
from reports.score_template import score_template

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"


def test_each_kind_is_recognised_from_its_own_file(fixtures_dir):
    files = {
        "dossiers": fixtures_dir / "good_official_formulas_tu_phap_q2_2025.xlsx",
        "scores": SAMPLE / "chi_so" / "chi_so_cap_so_quang_tri_minh_hoa.xlsx",
        "kpis": SAMPLE / "ke_hoach" / "so_lieu_kpi_2021.xlsx",
        "targets": SAMPLE / "ke_hoach" / "chi_tieu_2025.xlsx",
        "plan_tasks": fixtures_dir / "ke_hoach_nhiem_vu_cchc_2021.xlsx",
    }
    for kind, path in files.items():
        report = inspect_file(None, path.name, path.read_bytes())
        assert (report.kind, report.recognised) == (kind, [kind]), path.name
        assert report.row_count > 0


def test_templates_are_recognised_and_load_back(db):
    templates = {
        "scores": score_template(None),
        "kpis": kpi_template([], ["Sở Tư pháp"], 2025),
        "targets": targets_template([], [], ["Sở Tư pháp"], 2025),
        "plan_tasks": plan_tasks_template("Sở Tư pháp", 2026, ["Sở Tư pháp"]),
    }
    for kind, data in templates.items():
        report = inspect_file(db, f"mau_{kind}.xlsx", data)
        assert report.kind == kind
        assert not report.has_errors, (kind, report.issues)


def test_the_analyst_corrects_the_kind(db, fixtures_dir):
    data = (SAMPLE / "ke_hoach" / "chi_tieu_2025.xlsx").read_bytes()
    wrong = inspect_file(db, "chi_tieu_2025.xlsx", data, kind="scores")
    assert wrong.kind is None
    assert [(i.level, i.message) for i in wrong.issues] == [(ERROR, (
        "Tệp chi_tieu_2025.xlsx: không tìm thấy bảng \"Điểm chỉ số\" — trong 30 dòng đầu của các trang tính "
        f"không có dòng tiêu đề gồm các cột {kinds.expected_headers('scores')}. Hãy dùng mẫu tải về ở trang này."))]
    right = inspect_file(db, "chi_tieu_2025.xlsx", data, kind="targets")
    assert (right.kind, right.has_errors) == ("targets", False)


def test_a_file_of_no_kind_says_what_is_accepted():
    import io

    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(["Họ tên", "Ngày sinh"])
    wb.active.append(["Nguyễn Văn A", "1/1/1990"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = inspect_file(None, "danh_sach.xlsx", buffer.getvalue())
    assert report.kind is None and report.readable
    message = report.issues[0].message
    assert message.startswith("Tệp danh_sach.xlsx: không nhận ra loại số liệu — trong 30 dòng đầu")
    for label in kinds.LABELS.values():
        assert label in message


def test_a_table_kind_loads_and_rolls_back_through_the_pipeline(db):
    data = (SAMPLE / "ke_hoach" / "chi_tieu_2025.xlsx").read_bytes()

    def current():
        return db.execute("SELECT kpi_code, unit_id, year, comparator, value FROM target_current ORDER BY ALL").fetchall()
    before = current()
    report = inspect_file(db, "chi_tieu_2025.xlsx", data)
    stored = commit_file(db, report, loaded_by="pytest")
    assert len(stored) == 1 and stored[0].row_count == report.row_count
    assert current() != before
    again = inspect_file(db, "chi_tieu_2025.xlsx", data)
    assert again.is_duplicate and again.issues[0].message.startswith("Tệp chi_tieu_2025.xlsx đã được nạp trước đó")
    roll_back(db, stored[0].batch_id)
    assert current() == before


def test_history_shows_each_kind_with_its_units_and_rows(db, fixtures_dir):
    from charts.manage import batch_rows_table, rows_query
    files = [SAMPLE / "chi_so" / "chi_so_cap_so_quang_tri_minh_hoa.xlsx", SAMPLE / "ke_hoach" / "so_lieu_kpi_2021.xlsx",
             SAMPLE / "ke_hoach" / "chi_tieu_2025.xlsx", fixtures_dir / "ke_hoach_nhiem_vu_cchc_2021.xlsx"]
    for path in files:
        report = inspect_file(db, path.name, path.read_bytes())
        commit_file(db, report, loaded_by="pytest")
    history = queries.run(db, "batch_history", kind=None, status=None)
    assert sorted(history["kind"]) == ["kpis", "plan_tasks", "scores", "targets"]
    for row in history.itertuples():
        assert row.units, row.kind                      # every kind names the units it reports on
        stored = queries.run(db, rows_query(row.kind), batch_id=row.batch_id)
        assert len(stored) == row.row_count, row.kind
        shown = batch_rows_table(stored, row.kind)
        assert not shown.isin(["None", "nan", None]).any().any(), row.kind     # a missing value reads "—"
