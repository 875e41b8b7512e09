"""Dossier lists (kind "dossier_list") on the committed fixtures of each form (tests/fixtures/make_dossier_lists.py):
Biểu 06 derived by domain.md §8.2, counted by hand dossier by dossier (see the comment on each fixture row)."""

import subprocess
import sys
from pathlib import Path

import pytest

import queries
from loaders.pipeline import commit_file, inspect_file
from loaders.store import roll_back
from tests.fixtures.make_dossier_lists import PERSONAL

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "tests" / "fixtures" / "dossier_lists"
Q2 = {"date_from": "2025-03-15", "date_to": "2025-06-14", "unit_ids": None}      # every unit
COUNTS = ["recv_online", "recv_direct", "recv_postal", "recv_carry", "recv_total", "res_before", "res_ontime",
          "res_late", "res_total", "proc_ontime", "proc_late", "proc_total", "returned_withdrawn", "awaiting_supplement"]

# unit, lĩnh vực → counts in COUNTS order, Q2/2025 (15/3–14/6/2025)
EXPECTED = {
    # A01 A04 A06 A08 A10 online; A02 A05 A07(no channel) A11 direct; A12 postal; A17 A18 carried over.
    # A01 before; A02 (end = due) A04 (no due) on time; A18 late. A05 A07(no due) A08(ends 18/6) on time, A06 A17
    # late. A10 A11 A12 (paused) awaiting. A13, A14 (statuses 1, 3), A16 (ended 12/3), A19 (received 20/6) and the
    # data errors A20–A22 count nowhere.
    ("Sở Tư pháp", "Hộ tịch"): [5, 4, 1, 2, 12, 1, 2, 1, 4, 3, 2, 5, 0, 3],
    # A03 postal, late; A09 direct, withdrawn; A15 carried over, before
    ("Sở Tư pháp", "Chứng thực"): [0, 1, 1, 1, 3, 1, 0, 1, 2, 0, 0, 0, 1, 0],
    # B01 online before; B02 direct on time; B03 postal pending late; B04 online withdrawn; B05 online awaiting;
    # B06 direct ("processing") pending on time
    ("Sở Tài chính", "Ngân sách"): [3, 2, 1, 0, 6, 1, 1, 0, 2, 1, 1, 2, 1, 1],
    # C01 online on time (same day); C02 direct pending late; C03 carried over, late; C04 withdrawn without end: error
    ("Sở Y tế", "Khám bệnh, chữa bệnh"): [1, 1, 0, 1, 3, 0, 1, 1, 2, 0, 1, 1, 0, 0],
}


def load(con, name):
    path = LISTS / name
    report = inspect_file(con, name, path.read_bytes())
    assert report.kind == "dossier_list" and not report.has_errors, [str(i) for i in report.issues]
    return report, commit_file(con, report, loaded_by="pytest")


def counts(con, **params):
    frame = queries.run(con, "dossier_list_counts", **{**Q2, **params})
    return {(r["unit_name"], r["linh_vuc"]): [int(r[c]) for c in COUNTS] for r in frame.to_dict("records")}


@pytest.mark.parametrize("name, keys", [
    ("so_tu_phap_2025.xlsx", [("Sở Tư pháp", "Chứng thực"), ("Sở Tư pháp", "Hộ tịch")]),
    ("so_tai_chinh_2025.csv", [("Sở Tài chính", "Ngân sách")]),
    ("so_y_te_dong_bo.json", [("Sở Y tế", "Khám bệnh, chữa bệnh")]),
])
def test_each_form_gives_the_hand_counted_biểu_06(db, name, keys):
    load(db, name)
    assert counts(db) == {k: EXPECTED[k] for k in keys}


def test_every_row_balances_and_unit_ids_select(db):
    for name in ("so_tu_phap_2025.xlsx", "so_tai_chinh_2025.csv", "so_y_te_dong_bo.json"):
        load(db, name)
    found = counts(db)
    assert found == EXPECTED
    for row in found.values():
        values = dict(zip(COUNTS, row))
        assert values["recv_total"] == (values["res_total"] + values["returned_withdrawn"] + values["proc_total"]
                                        + values["awaiting_supplement"])
    unit_id = db.execute("SELECT unit_id FROM unit WHERE name = 'Sở Y tế'").fetchone()[0]
    assert list(counts(db, unit_ids=[unit_id])) == [("Sở Y tế", "Khám bệnh, chữa bệnh")]


def test_data_errors_are_reported_by_row_and_counted_nowhere(db):
    report, _ = load(db, "so_tu_phap_2025.xlsx")
    warnings = {i.cell: i.message for i in report.issues if i.level == "cảnh báo"}
    assert sorted(warnings) == ["F25", "F26", "F27"]            # A20, A21, A22 (header on row 5)
    assert warnings["F25"].startswith("trạng thái đã kết thúc") and warnings["F27"].startswith("trạng thái không nhận ra")
    stored = db.execute("SELECT code, data_error FROM dossier WHERE data_error IS NOT NULL ORDER BY code").fetchall()
    assert stored == [("A20", "no_end"), ("A21", "end_before_receipt"), ("A22", "unknown_status")]
    sync, _ = load(db, "so_y_te_dong_bo.json")
    assert [(i.cell, i.level) for i in sync.issues if i.level == "cảnh báo"] == [("mục 4", "cảnh báo")]


def test_personal_columns_are_said_dropped_and_no_personal_string_reaches_any_table(db):
    reports = [load(db, name)[0] for name in ("so_tu_phap_2025.xlsx", "so_tai_chinh_2025.csv", "so_y_te_dong_bo.json")]
    said = [i.message for r in reports for i in r.issues if "dữ liệu cá nhân" in i.message]
    assert "Chủ hồ sơ, Số điện thoại" in said[0] and "ChuHoSo, SoDienThoai, Email, DiaChi, TrichYeuHoSo" in said[1]
    assert "SoGiayToChuHoSo" in said[2]
    for (table,) in queries.rows(db, "backup_tables"):
        quoted = '"' + table.replace('"', '""') + '"'
        text = " ".join(str(v) for row in db.execute("SELECT * FROM " + quoted).fetchall() for v in row)
        for secret in PERSONAL + ("Trần Thị Cán Bộ", "bimat"):
            assert secret not in text, f"{secret!r} stored in {table}"


def test_a_later_export_replaces_the_earlier_record_and_rolls_back(db):
    _, first = load(db, "so_tai_chinh_2025.csv")
    report = inspect_file(db, "so_tai_chinh_2025_cap_nhat.csv", (LISTS / "so_tai_chinh_2025_cap_nhat.csv").read_bytes())
    assert list(report.replaces["Số hồ sơ được cập nhật"]) == ["6"]
    later = commit_file(db, report, loaded_by="pytest")
    assert later[0].replaced == [first[0].batch_id]
    # B05 resolved before its due date (20/5 < 25/5) instead of awaiting; B03 ended 20/6, still pending late at 14/6
    assert counts(db)[("Sở Tài chính", "Ngân sách")] == [3, 2, 1, 0, 6, 2, 1, 0, 3, 1, 1, 2, 1, 0]
    assert queries.rows(db, "batch_status", batch_id=first[0].batch_id)[0][1] == "replaced"
    assert db.execute("SELECT count(*) FROM dossier").fetchone()[0] == 12      # the earlier records kept
    roll_back(db, later[0].batch_id)
    assert counts(db)[("Sở Tài chính", "Ngân sách")] == EXPECTED[("Sở Tài chính", "Ngân sách")]
    assert queries.rows(db, "batch_status", batch_id=first[0].batch_id)[0][1] == "active"


def test_the_same_file_twice_is_already_loaded(db):
    load(db, "so_tai_chinh_2025.csv")
    again = inspect_file(db, "ban_sao.csv", (LISTS / "so_tai_chinh_2025.csv").read_bytes())
    assert again.is_duplicate and commit_file(db, again, loaded_by="pytest") == []
    assert db.execute("SELECT count(*) FROM dossier").fetchone()[0] == 6


def test_a_list_without_a_unit_column_takes_the_chosen_unit(db):
    text = "Mã hồ sơ;Ngày tiếp nhận;Trạng thái;Ngày hẹn trả\nX1;01/04/2025;Đang xử lý;10/04/2025\n"
    report = inspect_file(db, "khong_don_vi.csv", text.encode())
    assert report.kind == "dossier_list" and [i.level for i in report.issues if i.level == "lỗi"] == ["lỗi"]
    report = inspect_file(db, "khong_don_vi.csv", text.encode(), unit="Sở Nội vụ")
    commit_file(db, report, loaded_by="pytest")
    # X1: direct (no channel column), pending at 14/6 and late (due 10/4)
    assert counts(db)[("Sở Nội vụ", None)] == [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0]


def _cli(module, *args):
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, capture_output=True, text=True, check=False,
                          timeout=120)


def test_command_line_load_and_query(tmp_path):
    db_file = tmp_path / "cli.duckdb"
    loaded = _cli("loaders", LISTS / "so_tai_chinh_2025.csv", LISTS / "so_y_te_dong_bo.json", "--db", db_file)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert "ĐÃ NẠP" in loaded.stdout and PERSONAL[0] not in loaded.stdout
    shown = _cli("queries", "dossier_list_counts", "--db", db_file, "--param", "date_from=2025-03-15",
                 "--param", "date_to=2025-06-14", "--format", "csv")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.strip().splitlines()
    assert lines[0] == "unit_name,linh_vuc," + ",".join(COUNTS)
    assert lines[1:] == ["Sở Tài chính,Ngân sách,3,2,1,0,6,1,1,0,2,1,1,2,1,1",
                         "Sở Y tế,\"Khám bệnh, chữa bệnh\",1,1,0,1,3,0,1,1,2,0,1,1,0,0"]


@pytest.mark.parametrize("content, says", [
    (b'{"service": "DongBoHoSoMC", "data": [', "không phải JSON đọc được"),
    (b"[" * 100_000 + b"]" * 100_000, "không phải JSON đọc được"),
    (b'{"service": "DongBoHoSoMC", "data": {"MaHoSo": "X"}}', "không có danh sách \"data\""),
])
def test_a_broken_sync_payload_is_refused_with_its_reason(db, content, says):
    report = inspect_file(db, "goi.json", content)
    errors = [i.message for i in report.issues if i.level == "lỗi"]
    assert len(errors) == 1 and says in errors[0]
    assert db.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 0


def test_a_json_that_is_not_a_sync_payload_is_not_a_list(db):
    report = inspect_file(db, "khac.json", b'{"service": "KhacDichVu", "data": []}')
    assert report.kind is None and report.has_errors


def test_the_load_history_names_the_units_a_dossier_list_holds(db):
    load(db, "so_tu_phap_2025.xlsx")
    load(db, "so_y_te_dong_bo.json")
    history = queries.run(db, "batch_history", kind="dossier_list", status=None)
    assert list(zip(history["file_name"], history["units"])) == [("so_y_te_dong_bo.json", "Sở Y tế"),
                                                                 ("so_tu_phap_2025.xlsx", "Sở Tư pháp")]
