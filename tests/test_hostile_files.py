"""Hostile and broken files: each refused before it is parsed, with its Vietnamese message naming the file,
and the warehouse file byte-for-byte unchanged (tests/fixtures/hostile/, made by tests/make_hostile_fixtures.py)."""

import hashlib
import tracemalloc

import pytest

import queries
from loaders.__main__ import main as cli_main
from vocabulary.issues import ERROR
from loaders.pipeline import RefusedFile, commit_file, inspect_file
from loaders.workbook import Limits, check_file, limits
from tests.make_hostile_fixtures import FORMULA_LABELS, HOSTILE

GOOD = "good_official_formulas_tu_phap_q2_2025.xlsx"
SAVE_AS = "Hãy mở tệp trong Excel, chọn Lưu thành (Save As) → \"Excel Workbook (*.xlsx)\" rồi tải lên tệp .xlsx."


def unreadable(name):
    return (f"Tệp {name} không đọc được như một bảng tính Excel (.xlsx): tệp hỏng, bị cắt ngắn hoặc không phải "
            ".xlsx. Hãy mở lại trong Excel, lưu lại rồi tải lên.")


# file → its one error message, with the default limits
REFUSED = {
    "macro.xlsm": "Tệp macro.xlsm là bảng tính có macro (.xlsm); vì an toàn, hệ thống không nhận tệp có macro. " + SAVE_AS,
    "vba_inside.xlsx": "Tệp vba_inside.xlsx chứa macro (VBA) dù mang đuôi .xlsx; vì an toàn, hệ thống không nhận tệp "
                       "có macro. " + SAVE_AS,
    "binary.xlsb": "Tệp binary.xlsb là bảng tính dạng nhị phân (.xlsb), không đọc được. " + SAVE_AS,
    "xlsb_renamed.xlsx": "Tệp xlsb_renamed.xlsx là bảng tính dạng nhị phân (.xlsb) được đổi tên thành .xlsx, không "
                         "đọc được. " + SAVE_AS,
    "ole_renamed.xlsx": "Tệp ole_renamed.xlsx không phải tệp .xlsx thật: đây là tệp Excel cũ (.xls) được đổi tên, hoặc "
                        "tệp Excel đã đặt mật khẩu mở. Hãy mở trong Excel, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng .xlsx.",
    "pdf_renamed.xlsx": unreadable("pdf_renamed.xlsx"),
    "empty.xlsx": unreadable("empty.xlsx"),
    "truncated_directory.xlsx": unreadable("truncated_directory.xlsx"),
    "truncated_half.xlsx": unreadable("truncated_half.xlsx"),
    # 20 MB of inflated sheet in a 29 KB file: 20 971 520 + 16 254 bytes of the other members / 29 619 = 709 times
    "zip_bomb.xlsx": "Tệp zip_bomb.xlsx khi giải nén chiếm 20 MB, gấp 709 lần tệp 29 KB (giới hạn 100 lần): có thể là "
                     "tệp \"bom nén\" độc hại hoặc chứa vùng dữ liệu thừa rất lớn. Tệp không được đọc. Hãy kiểm tra "
                     "nguồn gửi tệp; nếu đúng là báo cáo, mở trong Excel, xóa các dòng, cột, trang tính thừa, lưu lại "
                     "rồi tải lên.",
    # the directory says 13 KB; inflating stops at 13 KB and the CRC of those bytes does not match
    "lying_bomb.xlsx": unreadable("lying_bomb.xlsx"),
    "doctype.xlsx": "Tệp doctype.xlsx có thành phần xl/worksheets/sheet1.xml chứa khai báo DTD/ENTITY, điều không có "
                    "trong tệp Excel thật (có thể là tệp độc hại). Tệp không được đọc. " + SAVE_AS,
    "not_spreadsheet.xlsx": "Tệp not_spreadsheet.xlsx là tệp nén nhưng không phải bảng tính Excel (.xlsx) — có thể là "
                            "tệp Word, OpenDocument (.ods) hoặc .zip được đổi tên. " + SAVE_AS,
    # 10 members of the good workbook + 1 001 added
    "too_many_members.xlsx": "Tệp too_many_members.xlsx chứa 1.011 thành phần nén, quá nhiều cho một bảng tính (giới "
                             "hạn 1.000). Tệp không được đọc. " + SAVE_AS,
    # the default sheet + 60 added
    "too_many_sheets.xlsx": "Tệp too_many_sheets.xlsx có 61 trang tính, vượt giới hạn 50. Hãy chỉ giữ các trang tính "
                            "báo cáo, lưu lại rồi tải lên.",
    "too_many_rows.xlsx": "Trang tính \"Sheet\" của tệp too_many_rows.xlsx dùng đến dòng 60.001, vượt giới hạn 50.000 "
                          "dòng. Hãy xóa các dòng thừa ở cuối trang tính (hoặc tách tệp), lưu lại rồi tải lên.",
    # 200 rows × 16 384 columns (XFD) = 3 276 800 cells > 2 000 000
    "too_wide.xlsx": "Trang tính \"Sheet\" của tệp too_wide.xlsx dùng vùng 200 dòng × 16.384 cột, vượt giới hạn "
                     "2.000.000 ô. Hãy xóa các cột, dòng thừa (kể cả ô chỉ có định dạng), lưu lại rồi tải lên.",
    # The crash class: each made the reader reserve 22–549 GB and abort the process before these checks.
    # The good report's 67 shared strings, declared as two billion:
    "lying_shared_strings.xlsx": "Tệp lying_shared_strings.xlsx khai báo 2.000.000.000 chuỗi văn bản dùng chung nhưng "
                                 "chỉ chứa 67: cấu trúc tệp bất thường (có thể là tệp độc hại). Tệp không được đọc. "
                                 + SAVE_AS,
    # r='XFD1048576' in single quotes: row and column are read by an XML parser, not a pattern
    "single_quoted_refs.xlsx": "Trang tính \"Biểu 06\" của tệp single_quoted_refs.xlsx dùng đến dòng 1.048.576, vượt "
                               "giới hạn 50.000 dòng. Hãy xóa các dòng thừa ở cuối trang tính (hoặc tách tệp), lưu lại "
                               "rồi tải lên.",
    "row_past_limit_single_quotes.xlsx": "Trang tính \"Biểu 06\" của tệp row_past_limit_single_quotes.xlsx dùng đến "
                                         "dòng 120.000, vượt giới hạn 50.000 dòng. Hãy xóa các dòng thừa ở cuối trang "
                                         "tính (hoặc tách tệp), lưu lại rồi tải lên.",
    # 16 384 empty cells without a reference then one more on row 49 000: they count by position
    "cells_without_reference.xlsx": "Trang tính \"Biểu 06\" của tệp cells_without_reference.xlsx dùng vùng 49.000 "
                                    "dòng × 16.385 cột, vượt giới hạn 2.000.000 ô. Hãy xóa các cột, dòng thừa (kể cả ô "
                                    "chỉ có định dạng), lưu lại rồi tải lên.",
    "lying_dimension.xlsx": "Trang tính \"Biểu 06\" của tệp lying_dimension.xlsx khai báo vùng dữ liệu 1.048.576 dòng "
                            "× 16.384 cột nhưng chỉ có dữ liệu đến dòng 38, cột 13: cấu trúc tệp bất thường. Tệp không "
                            "được đọc. " + SAVE_AS,
}


def file_digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def warehouse(tmp_path, fixtures_dir):
    """A closed warehouse file holding one good report (9 rows), and the sha256 of its bytes."""
    path = tmp_path / "w.duckdb"
    con = queries.connect(path)
    report = inspect_file(con, GOOD, (fixtures_dir / GOOD).read_bytes())
    commit_file(con, report, loaded_by="pytest")
    con.close()
    return path, file_digest(path)


def errors_of(report):
    return [(i.where(), i.message) for i in report.issues if i.level == ERROR]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_is_refused_with_its_message_and_nothing_changes(warehouse, name):
    path, digest = warehouse
    con = queries.connect(path)
    report = inspect_file(con, name, (HOSTILE / name).read_bytes())
    assert errors_of(report) == [("", REFUSED[name])]
    assert report.sheets == [] and report.grids == {}
    with pytest.raises(RefusedFile):
        commit_file(con, report, loaded_by="pytest")
    con.close()
    assert file_digest(path) == digest
    assert not path.with_name(path.name + ".wal").exists()


def test_every_hostile_file_from_the_command_line(warehouse, capsys):
    path, digest = warehouse
    files = [str(HOSTILE / name) for name in sorted(REFUSED)]
    assert cli_main(files + ["--db", str(path)]) == 1
    out = capsys.readouterr().out
    for name in sorted(REFUSED):
        assert f"TỪ CHỐI  {HOSTILE / name}: " in out
        assert f"[lỗi] {REFUSED[name]}" in out
    assert f"Tổng: {len(REFUSED)} tệp, 0 nạp được, {len(REFUSED)} bị từ chối." in out
    assert "Traceback" not in out
    assert file_digest(path) == digest


@pytest.mark.parametrize("name", ["zip_bomb.xlsx", "lying_bomb.xlsx", "too_many_rows.xlsx", "too_wide.xlsx"])
def test_costly_files_are_refused_before_they_cost_memory(name):
    """Each inflates (or would allocate) tens of MB; refused while Python's allocations stay under 2 MB (the
    inflating is done 256 KB at a time and stops at the limit, and calamine never runs)."""
    data = (HOSTILE / name).read_bytes()
    tracemalloc.start()
    try:
        report = inspect_file(None, name, data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.has_errors
    assert peak < 2 * 1024 * 1024


def test_size_limit_comes_from_the_environment(warehouse, fixtures_dir, monkeypatch):
    path, digest = warehouse
    assert limits() == Limits()                     # defaults: 5 MB, 50 MB inflated, ratio 100, 50 sheets …
    assert Limits().file_bytes == 5 * 1024 * 1024
    monkeypatch.setenv("CCHC_MAX_FILE_MB", "0.005")                # 5 242 bytes
    data = (fixtures_dir / "store_noi_vu_q2_2025.xlsx").read_bytes()
    assert len(data) == 6_760                                       # 6,6 KB → shown rounded as 7 KB
    con = queries.connect(path)
    report = inspect_file(con, "store_noi_vu_q2_2025.xlsx", data)
    con.close()
    assert errors_of(report) == [("", "Tệp store_noi_vu_q2_2025.xlsx nặng 7 KB, vượt giới hạn 5 KB cho một tệp tải "
                                      "lên. Báo cáo Biểu 06 thường chỉ vài chục KB: hãy kiểm tra đã chọn đúng tệp, xóa "
                                      "các trang tính, hình ảnh không cần rồi lưu lại và tải lên.")]
    assert file_digest(path) == digest


def test_inflated_size_limit_and_csv_rows_from_the_environment(fixtures_dir, monkeypatch):
    monkeypatch.setenv("CCHC_MAX_UNCOMPRESSED_MB", "5")
    report = inspect_file(None, "zip_bomb.xlsx", (HOSTILE / "zip_bomb.xlsx").read_bytes())
    # counted while inflating: stops at the first 256 KB chunk past 5 MB = 5 242 880 + … → "hơn 5 MB" rounded
    message = errors_of(report)[0][1]
    assert message.startswith("Tệp zip_bomb.xlsx khi giải nén chiếm ") and "vượt giới hạn 5 MB" in message
    monkeypatch.setenv("CCHC_MAX_ROWS", "8")
    data = (fixtures_dir / "good_csv_bom.csv").read_bytes()
    assert data.count(b"\n") == 9             # 3 title lines, the header, 4 lĩnh vực and the total
    assert errors_of(inspect_file(None, "good_csv_bom.csv", data)) == [
        ("", "Tệp good_csv_bom.csv có 9 dòng, vượt giới hạn 8 dòng cho một tệp. Hãy tách thành nhiều tệp nhỏ hơn (ví "
             "dụ theo kỳ hoặc theo đơn vị).")]


def test_a_mistyped_limit_keeps_the_default(monkeypatch):
    monkeypatch.setenv("CCHC_MAX_FILE_MB", "năm")
    assert limits().file_mb == 5.0


def test_good_files_pass_the_checks(fixtures_dir):
    for path in sorted(fixtures_dir.glob("good_*")) + sorted(fixtures_dir.glob("store_*")):
        check_file(path.name, path.read_bytes())


def test_csv_that_the_csv_module_cannot_read_is_refused_not_crashed():
    huge_field = b'STT,"' + b"x" * 200_000 + b'"\r\n'       # over the csv module's 131 072-character field limit
    report = inspect_file(None, "huge.csv", huge_field)
    assert errors_of(report) == [("A1", "Tệp huge.csv, dòng 1: không đọc được như tệp CSV (một ô dài quá 131.072 ký "
                                        "tự). Hãy mở trong Excel và lưu lại dưới dạng \"CSV UTF-8 (Comma delimited)\".")]
    assert "field" not in str(report.issues)          # no English library text reaches the analyst


@pytest.mark.parametrize("name", ["formula_text_labels.xlsx", "formula_text_labels.csv"])
def test_formula_like_text_is_stored_as_plain_text(db, name):
    report = inspect_file(db, name, (HOSTILE / name).read_bytes())
    assert not report.has_errors, report.issues
    commit_file(db, report, loaded_by="pytest")
    stored = [r[0] for r in db.execute("SELECT linh_vuc FROM dossier_count ORDER BY source_row").fetchall()]
    assert stored == FORMULA_LABELS                    # exactly as typed, never evaluated ("=1+2" is not 3)


def test_a_reader_that_aborts_ends_its_own_process_not_ours(warehouse, monkeypatch, fixtures_dir):
    """With the pre-checks' row and cell limits lifted, the single-quoted reference makes the spreadsheet reader
    reserve 1.048.576 × 16.384 cells and abort: the child process dies, the analyst reads why, this process
    (the server) goes on and reads the next file."""
    path, digest = warehouse
    monkeypatch.setenv("CCHC_MAX_ROWS", "2000000")
    monkeypatch.setenv("CCHC_MAX_CELLS", str(10**12))
    con = queries.connect(path)
    report = inspect_file(con, "single_quoted_refs.xlsx", (HOSTILE / "single_quoted_refs.xlsx").read_bytes())
    assert errors_of(report) == [("", "Tệp single_quoted_refs.xlsx có cấu trúc bất thường, không đọc được (trình đọc "
                                      "bảng tính dừng bất thường khi xử lý tệp). Tệp không được nạp, dữ liệu đã lưu "
                                      "không thay đổi. Nếu đây là báo cáo thật, hãy mở tệp trong Excel, chép các ô cần "
                                      "thiết sang một bảng tính mới, lưu dưới dạng .xlsx rồi tải lên; nếu không rõ nguồn "
                                      "gửi, đừng mở tệp.")]
    good = inspect_file(con, "store_tu_phap_q3_2025.xlsx", (fixtures_dir / "store_tu_phap_q3_2025.xlsx").read_bytes())
    assert not good.has_errors and [r["label"] for r in good.sheets[0].rows] == ["Hộ tịch", "Lý lịch tư pháp", "Quốc tịch"]
    con.close()
    assert file_digest(path) == digest


def test_a_reader_over_its_time_or_memory_is_stopped_with_a_message(monkeypatch, fixtures_dir):
    data = (fixtures_dir / GOOD).read_bytes()
    monkeypatch.setenv("CCHC_READER_WALL_SECONDS", "0.001")
    report = inspect_file(None, GOOD, data)
    assert [m for _, m in errors_of(report)] == [
        f"Tệp {GOOD} có cấu trúc bất thường, không đọc được (đọc quá 0,001 giây). Tệp không được nạp, dữ liệu đã lưu "
        "không thay đổi. Nếu đây là báo cáo thật, hãy mở tệp trong Excel, chép các ô cần thiết sang một bảng tính mới, "
        "lưu dưới dạng .xlsx rồi tải lên; nếu không rõ nguồn gửi, đừng mở tệp."]
    monkeypatch.delenv("CCHC_READER_WALL_SECONDS")
    # 40.000 rows × 13 numbers: some 20 MB as the reader's cells and as Python values, over an 8 MB budget
    big = numbers_workbook(40_000, 13)
    monkeypatch.setenv("CCHC_READER_MEMORY_MB", "8")
    report = inspect_file(None, "lon.xlsx", big)
    assert [m[:58] for _, m in errors_of(report)] == ["Tệp lon.xlsx có cấu trúc bất thường, không đọc được (trình"]
    monkeypatch.delenv("CCHC_READER_MEMORY_MB")
    assert len(inspect_file(None, "lon.xlsx", big).file_issues) == 1       # read now: only "no kind recognised"
    assert not inspect_file(None, GOOD, data).has_errors


def numbers_workbook(rows: int, cols: int) -> bytes:
    """A plain .xlsx of `rows` × `cols` numbers, its XML written directly (openpyxl takes seconds for this)."""
    import io
    import zipfile
    letters = [chr(65 + c) for c in range(cols)]
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{x}{r}"><v>{r + c}</v></c>' for c, x in enumerate(letters))
                   + "</row>" for r in range(1, rows + 1))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {ns} {rel}><sheets><sheet name="Số" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet {ns}><sheetData>{body}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def test_merged_ranges_past_the_sheet_are_cut_to_it():
    from loaders.workbook import Sheet, _merged_within
    rows = [["a", "b", "c"], ["d", "e", "f"]]
    assert _merged_within([((0, 0), (1_048_575, 16_383)), ((5, 0), (6, 2)), ((1, 1), (1, 2))], rows) == [
        ((0, 0), (1, 2)), ((1, 1), (1, 2))]
    assert Sheet("x", rows).width == 3


def test_a_dossier_list_that_kills_its_reader_is_refused_and_nothing_is_stored(warehouse, fixtures_dir):
    """A real-shaped dossier list (vendor Excel) with one cell written at XFD1048576 in single quotes. The sheet
    reader refuses it (rows); the list reader, which has larger limits, is tried in its own limited child, where
    the structure check refuses the area before fastexcel could reserve it. The analyst reads the refusal,
    nothing is stored, and a good list then loads in the same process."""
    import io
    import zipfile

    source = fixtures_dir / "dossier_lists" / "so_tu_phap_2025.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as crafted:
        for info in original.infolist():
            body = original.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", b"<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>"
                                                     b"</sheetData>")
            crafted.writestr(info, body)
    path, digest = warehouse
    con = queries.connect(path)
    report = inspect_file(con, "danh_sach_doc_hai.xlsx", buffer.getvalue())
    assert errors_of(report) == [("", "Trang tính \"Danh sách hồ sơ\" của tệp danh_sach_doc_hai.xlsx dùng đến dòng 1.048.576, vượt "
                                      "giới hạn 50.000 dòng. Hãy xóa các dòng thừa ở cuối trang tính (hoặc tách tệp), "
                                      "lưu lại rồi tải lên.")]
    good = inspect_file(con, source.name, source.read_bytes())
    assert good.kind == "dossier_list" and not good.has_errors
    con.close()
    assert file_digest(path) == digest
