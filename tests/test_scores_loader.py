"""The scores kind: each index type loaded through parse/store, a bad file refused with every message by cell,
the template loaded back, replacement announced, one transaction, rollback restoring exactly the rows shown."""

import shutil

import pytest
from openpyxl import load_workbook
import io

import queries
from loaders import reference, scores
from vocabulary.issues import ERROR, WARNING
from loaders.store import roll_back
from loaders.workbook import read_sheets, sha256_of
from reports.score_template import score_template


@pytest.fixture(scope="module")
def reference_master(tmp_path_factory):
    """A warehouse with the reference data loaded, once for the module; tests write into copies of it."""
    path = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    con = queries.connect(path)
    reference.load_reference(con)
    con.close()
    return path


@pytest.fixture
def warehouse(reference_master, tmp_path):
    """A new warehouse with the reference data (frameworks, provinces, published scores) loaded."""
    path = tmp_path / "t.duckdb"
    shutil.copyfile(reference_master, path)
    con = queries.connect(path)
    yield con
    con.close()


def _parse(con, path):
    data = path.read_bytes()
    return scores.parse(path.name, read_sheets(path.name, data), con), data


def _load(con, path, by="pytest"):
    results, data = _parse(con, path)
    assert not [i for r in results for i in r.issues if i.level == ERROR]
    return scores.store(con, results, path.name, sha256_of(data), by)


def _stored(con, batch_id):
    return con.execute("""SELECT s.index_code, s.year, u.name, s.subject_kind, s.component_code, s.score, s.max_score,
                                 s.rank, s.rank_of, s.methodology_version
                          FROM index_score s JOIN unit u USING (unit_id) WHERE batch_id = ?
                          ORDER BY s.index_code, s.year, s.component_code NULLS FIRST""", [batch_id]).fetchall()


def test_department_par_scores_take_codes_and_maxima_from_the_framework_of_each_year(warehouse, fixtures_dir):
    results, _ = _parse(warehouse, fixtures_dir / "scores" / "good_par_cap_so.xlsx")
    assert results[0].summary == {"Chỉ số": "PAR INDEX", "Năm": "2022–2024", "Đối tượng": "1", "Số dòng": "8",
                                  "Điểm tổng": "1", "Điểm thành phần": "7"}
    assert [(i.level, i.message) for i in results[0].issues] == [
        (WARNING, "đơn vị mới sẽ được thêm vào danh mục: Sở Tư pháp. Nếu đây là đơn vị đã có nhưng viết khác, hãy "
                  "thêm cách viết này ở trang Quản lý dữ liệu rồi kiểm tra lại.")]
    stored = _load(warehouse, fixtures_dir / "scores" / "good_par_cap_so.xlsx")
    assert [(s.sheet, s.row_count, s.replaced) for s in stored] == [("Điểm", 8, [])]
    rows = _stored(warehouse, stored[0].batch_id)
    # 2022 is scored on the 2021–2022 demo framework (LV1 max 13), 2023–2024 on the one from 2023 (LV1 max 12);
    # "90,5" is ninety and a half, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH" is LV3 whatever its case
    assert rows == [
        ("PAR", 2022, "Sở Tư pháp", "so", "LV1", 11.5, 13.0, None, None, "QT-SO-2021-MH"),
        ("PAR", 2023, "Sở Tư pháp", "so", "LV1", 11.25, 12.0, None, None, "QT-SO-2023-MH"),
        ("PAR", 2023, "Sở Tư pháp", "so", "LV3", 12.0, 15.0, None, None, "QT-SO-2023-MH"),
        ("PAR", 2024, "Sở Tư pháp", "so", None, 90.5, 100.0, 2, 12, "QT-SO-2023-MH"),
        ("PAR", 2024, "Sở Tư pháp", "so", "LV1", 10.0, 12.0, None, None, "QT-SO-2023-MH"),
        ("PAR", 2024, "Sở Tư pháp", "so", "LV2", 6.5, 7.0, None, None, "QT-SO-2023-MH"),
        ("PAR", 2024, "Sở Tư pháp", "so", "LV3", 11.0, 15.0, None, None, "QT-SO-2023-MH"),
        ("PAR", 2024, "Sở Tư pháp", "so", "LV4", 8.0, 8.0, None, None, "QT-SO-2023-MH"),
    ]
    batch = warehouse.execute("SELECT kind, form, period_start, period_end, row_count, loaded_by FROM load_batch "
                              "WHERE batch_id = ?", [stored[0].batch_id]).fetchone()
    assert batch[0:2] == ("scores", "Bảng điểm chỉ số") and batch[4:] == (8, "pytest")
    assert (batch[2].year, batch[3].year) == (2022, 2024)


def test_sipas_papi_and_766_components_and_indices_without_components(warehouse, fixtures_dir):
    stored = _load(warehouse, fixtures_dir / "scores" / "good_sipas_papi_766.xlsx")
    rows = _stored(warehouse, stored[0].batch_id)
    by_index = {}
    for index_code, year, name, kind, component, score, maximum, rank, rank_of, version in rows:
        by_index.setdefault((index_code, year, name, kind, version), []).append((component, score, maximum))
    # SIPAS 2023: five elements in %, SIPAS-2022 version (2022–2023)
    assert by_index[("SIPAS", 2023, "Hải Dương", "tinh", "SIPAS-2022")] == [
        (None, 90.23, 100.0), ("YT1", 91.2, 100.0), ("YT2", 90.1, 100.0), ("YT3", 90.8, 100.0), ("YT4", 89.9, 100.0),
        ("YT5", 88.7, 100.0)]
    # PAPI 2023 for Bắc Giang as published: the eight dimensions add up to 44,3205, the published total is 44,3204
    # (each dimension rounded to 4 decimals) — within the loader's tolerance, so no warning
    papi = by_index[("PAPI", 2023, "Bắc Giang", "tinh", "PAPI-2018")]
    assert papi[0] == (None, 44.3204, 80.0)
    assert [c for c, _, _ in papi[1:]] == [f"D{i}" for i in range(1, 9)] and {m for _, _, m in papi[1:]} == {10.0}
    assert sum(s for _, s, _ in papi[1:]) == pytest.approx(44.3205, abs=1e-9)
    # the 766 groups of a department, maxima 18 / 20 / 22 / 22 / 18
    assert by_index[("IDX766", 2024, "Sở Y tế", "so", "IDX766-2022")] == [
        ("G1", 16.5, 18.0), ("G2", 19.0, 20.0), ("G3", 15.0, 22.0), ("G4", 14.25, 22.0), ("G5", 17.0, 18.0)]

    stored = _load(warehouse, fixtures_dir / "scores" / "good_dti_pci.csv")
    assert _stored(warehouse, stored[0].batch_id) == [
        ("DTI", 2023, "Quảng Trị", "tinh", None, 0.5512, 1.0, None, None, "DTI-3TC"),     # "0,5512" on the 0–1 scale
        ("PCI", 2023, "Quảng Trị", "tinh", None, 65.12, 100.0, 31, 63, "PCI"),
    ]


def test_a_bad_score_file_is_refused_with_every_problem_at_its_cell(warehouse, fixtures_dir):
    before = warehouse.execute("SELECT count(*) FROM index_score").fetchone()
    results, _ = _parse(warehouse, fixtures_dir / "scores" / "bad_scores.xlsx")
    found = [(i.level, i.where(), i.message) for i in results[0].issues]
    assert (ERROR, "Điểm!E4", "điểm 16,5 lớn hơn điểm tối đa 15 của \"Cải cách thủ tục hành chính\" theo khung Cấp sở "
                              "từ 2023 (minh họa) — hãy kiểm tra lại.") in found
    assert (ERROR, "Điểm!D5", "thành phần \"Cải cách hành chính công\" không có trong khung PAR INDEX (sở, ban, ngành) "
                              "Cấp sở từ 2023 (minh họa) áp dụng năm 2024 — các thành phần: Công tác chỉ đạo, điều "
                              "hành cải cách hành chính; Cải cách thể chế; Cải cách thủ tục hành chính; Cải cách tổ "
                              "chức bộ máy hành chính; Cải cách chế độ công vụ; Cải cách tài chính công; Xây dựng và "
                              "phát triển chính quyền điện tử, chính quyền số; Đánh giá của người dân, tổ chức (điều "
                              "tra xã hội học).") in found
    assert (ERROR, "Điểm!A7", "dòng 7 trùng với dòng 6: cùng chỉ số, năm, đối tượng và thành phần — hãy xóa một "
                              "dòng.") in found
    assert (ERROR, "Điểm!E8", "điểm 95 lớn hơn điểm tối đa 90 — hãy kiểm tra lại điểm hoặc điểm tối đa.") in found
    assert (WARNING, "Điểm!F8", "điểm tối đa 90 khác khung Cấp sở từ 2023 (minh họa) (100) — điểm tối đa trong tệp "
                                "được dùng.") in found
    assert (ERROR, "Điểm!A9", "chỉ số \"Chỉ số XYZ\" không có trong danh mục — hãy ghi một trong: PAR INDEX, SIPAS, "
                              "PAPI, Chỉ số 766, DTI, PCI.") in found
    assert (ERROR, "Điểm!E10", "điểm 0,5 nhỏ hơn mức thấp nhất 1 của \"Quản trị điện tử\" — hãy kiểm tra lại.") in found
    assert (ERROR, "Điểm!G11", "xếp hạng 70 lớn hơn tổng số được xếp hạng (63).") in found
    assert (WARNING, "Điểm!I11", "chưa ghi nguồn — nên ghi văn bản công bố hoặc đường dẫn để người xem đối "
                                 "chiếu.") in found
    # "6.713" typed as text is six thousand seven hundred thirteen (Vietnamese thousands): said how to fix it
    assert (ERROR, "Điểm!E12", "điểm 6713 lớn hơn điểm tối đa 10 của \"Kiểm soát tham nhũng trong khu vực công\" theo "
                               "khung 8 nội dung (từ 2018) — hãy kiểm tra lại. Nếu là 6,713, hãy viết dấu phẩy thập "
                               "phân (6,713): \"6.713\" được đọc là số hàng nghìn.") in found
    assert sum(1 for level, _, _ in found if level == ERROR) == 8
    with pytest.raises(ValueError):
        scores.store(warehouse, results, "bad_scores.xlsx", "0" * 64, "pytest")
    assert warehouse.execute("SELECT count(*) FROM index_score").fetchone() == before


def test_the_template_as_downloaded_and_filled_in_loads_back(warehouse, fixtures_dir):
    _load(warehouse, fixtures_dir / "scores" / "good_par_cap_so.xlsx")      # a department in the directory
    blank = score_template(warehouse, 2025)
    results = scores.parse("mau.xlsx", read_sheets("mau.xlsx", blank), warehouse)
    assert [(r.sheet, len(r.records), r.issues) for r in results] == [("Điểm chỉ số", 0, [])]   # rows to fill only
    workbook = load_workbook(io.BytesIO(blank))
    sheet = workbook["Điểm chỉ số"]
    header = [c.value for c in sheet[3]]
    assert header[:6] == ["Chỉ số *", "Năm *", "Đối tượng đánh giá *", "Loại đối tượng",
                          "Thành phần (trống = điểm tổng)", "Điểm"]
    listed = [(sheet.cell(r, 3).value, sheet.cell(r, 5).value, sheet.cell(r, 7).value) for r in range(4, 13)]
    assert listed[0] == ("Sở Tư pháp", None, 100) and listed[3] == ("Sở Tư pháp", "Cải cách thủ tục hành chính", 15)
    for r, score in zip(range(4, 13), (88, 10, 6, 13, 7, 9, 5, 14, 24)):   # total 88 = 10+6+13+7+9+5+14+24
        sheet.cell(r, 6).value = score
        sheet.cell(r, 10).value = "QĐ 12/QĐ-UBND ngày 15/01/2026"
    filled = io.BytesIO()
    workbook.save(filled)
    results = scores.parse("mau.xlsx", read_sheets("mau.xlsx", filled.getvalue()), warehouse)
    assert results[0].issues == [] and len(results[0].records) == 9
    stored = scores.store(warehouse, results, "mau.xlsx", sha256_of(filled.getvalue()), "pytest")
    assert [row[4:7] for row in _stored(warehouse, stored[0].batch_id)][:3] == [
        (None, 88.0, 100.0), ("LV1", 10.0, 12.0), ("LV2", 6.0, 7.0)]


def _shown(con):
    return con.execute("""SELECT index_code, year, unit_name, component_code, score, rank, batch_ids
                          FROM score_values WHERE unit_name = 'Sở Tư pháp' ORDER BY ALL""").fetchall()


def test_a_later_file_replaces_only_its_keys_and_rolling_it_back_restores_exactly(warehouse, fixtures_dir, tmp_path):
    first = _load(warehouse, fixtures_dir / "scores" / "good_par_cap_so.xlsx")[0].batch_id
    before = _shown(warehouse)
    correction = tmp_path / "dinh_chinh.csv"
    correction.write_text("Chỉ số,Năm,Đối tượng,Thành phần,Điểm,Nguồn\n"
                          "PAR INDEX,2024,Sở Tư pháp,Cải cách thể chế,\"5,75\",QĐ đính chính\n", encoding="utf-8")
    results, data = _parse(warehouse, correction)
    announced = scores.replacement(warehouse, results)
    assert announced.to_dict("records") == [{
        "Chỉ số": "PAR INDEX", "Năm": 2024, "Đối tượng": "Sở Tư pháp", "Thành phần": "Cải cách thể chế",
        "Điểm đang dùng": 6.5, "Điểm mới": 5.75, "Hạng đang dùng": None, "Hạng mới": None,
        "Lô đang dùng": first, "Tệp đang dùng": "good_par_cap_so.xlsx"}]
    second = scores.store(warehouse, results, correction.name, sha256_of(data), "pytest")[0]
    assert second.replaced == []                      # the first file keeps its other seven values
    status = dict(warehouse.execute("SELECT batch_id, status FROM load_batch WHERE batch_id IN (?, ?)",
                                    [first, second.batch_id]).fetchall())
    assert status == {first: "active", second.batch_id: "active"}
    shown = {(r[1], r[3]): r[4] for r in _shown(warehouse)}
    assert shown[(2024, "LV2")] == 5.75 and shown[(2024, "LV1")] == 10.0
    roll_back(warehouse, second.batch_id)
    assert _shown(warehouse) == before

    # a file holding every key of the first replaces it as a whole; undoing it brings the first back
    whole = tmp_path / "thay_the.xlsx"
    whole.write_bytes((fixtures_dir / "scores" / "good_par_cap_so.xlsx").read_bytes())
    workbook = load_workbook(whole)
    workbook.active["G5"] = 9.5                     # LV1 2024: 10 → 9,5
    workbook.save(whole)
    third = _load(warehouse, whole)[0]
    assert third.replaced == [first]
    assert {(r[1], r[3]): r[4] for r in _shown(warehouse)}[(2024, "LV1")] == 9.5
    assert roll_back(warehouse, third.batch_id) == [first]
    assert _shown(warehouse) == before


def test_the_same_file_is_stored_once(warehouse, fixtures_dir):
    assert _load(warehouse, fixtures_dir / "scores" / "good_dti_pci.csv")
    assert _load(warehouse, fixtures_dir / "scores" / "good_dti_pci.csv") == []
    assert warehouse.execute("SELECT count(*) FROM index_score WHERE index_code IN ('DTI', 'PCI')").fetchone() == (2,)


def test_a_sheet_without_the_score_header_is_not_this_kind(fixtures_dir):
    data = (fixtures_dir / "store_tu_phap_q3_2025.xlsx").read_bytes()
    assert scores.parse("bieu06.xlsx", read_sheets("bieu06.xlsx", data)) == []


def test_the_score_template_of_a_year_leaves_out_departments_merged_away_before_its_end(sample_db):
    con = queries.connect(sample_db)
    listed = {}
    for year in (2024, 2025):
        sheet = load_workbook(io.BytesIO(score_template(con, year)))["Điểm chỉ số"]
        listed[year] = {sheet.cell(r, 3).value for r in range(4, sheet.max_row + 1)} - {None}
    con.close()
    # Sở Kế hoạch và Đầu tư was merged into Sở Tài chính from 01/03/2025 (last day 28/02/2025): scored for 2024,
    # not for 2025; 11 departments in 2024 − 5 merged = 6
    assert "Sở Kế hoạch và Đầu tư" in listed[2024] and len(listed[2024]) == 11
    assert "Sở Kế hoạch và Đầu tư" not in listed[2025] and len(listed[2025]) == 6


def test_a_score_for_a_department_after_its_merger_is_a_warning_at_its_cell(sample_db, tmp_path):
    con = queries.connect(sample_db)
    path = tmp_path / "diem.csv"
    path.write_text("Chỉ số,Năm,Đối tượng,Điểm,Nguồn\n"
                    "PAR INDEX,2024,Sở Kế hoạch và Đầu tư,\"85,5\",QĐ 1\n"
                    "PAR INDEX,2025,Sở Kế hoạch và Đầu tư,\"86,5\",QĐ 2\n", encoding="utf-8")
    results, _ = _parse(con, path)
    con.close()
    assert not [i for r in results for i in r.issues if i.level == ERROR]
    # last day 28/02/2025: 2024 (ends 31/12/2024) is before it, 2025 (ends 31/12/2025) after → one warning, row 3
    assert [(i.level, i.where(), i.message) for r in results for i in r.issues if "sáp nhập" in i.message] == [(
        WARNING, "diem!C3", "đơn vị \"Sở Kế hoạch và Đầu tư\" đã sáp nhập vào \"Sở Tài chính\" từ 01/03/2025, nhưng "
        "số liệu ghi cho kỳ sau ngày đó. Nếu là số liệu sau sáp nhập, hãy ghi cho đơn vị mới; nếu đúng là số liệu của "
        "đơn vị cũ, có thể nạp như vậy.")]
