"""The consolidated Biểu 06: the official layout, formulas with cached values, the yearly rules over any window,
and the round trip — the workbook loads back through `python -m loaders` into a fresh database with every count
equal to what was written."""

import datetime as dt
import functools
import os
import subprocess
import sys

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import queries
from reports import bieu06
from tests.sample_db import ROOT, departments

YEAR_2025 = (dt.date(2024, 12, 15), dt.date(2025, 12, 14))
HALF_2025 = (dt.date(2024, 12, 15), dt.date(2025, 6, 14))
COUNTS = bieu06.COUNT_ORDER


def _cli(module, *args):
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DB"}
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)


def _report(db, window, **kw):
    con = queries.connect(db, read_only=True)
    return bieu06.gather(functools.partial(queries.run, con), *window, signed_on=dt.date(2025, 12, 16), **kw), con


@pytest.fixture
def year_by_linh_vuc(sample_db, tmp_path):
    report, con = _report(sample_db, YEAR_2025)
    # the form with no unit chosen is the departments' (issue 19), as the dossier page shows by default
    page = queries.run(con, "dossier_yearly_totals", year_from=2025, year_to=2025, unit_ids=departments(con)).iloc[0]
    con.close()
    path = tmp_path / "bieu06_2025.xlsx"
    path.write_bytes(bieu06.workbook_bytes(report))
    return report, page, path


def _grid(path, sheet=bieu06.SHEET):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_the_year_totals_equal_the_dossier_page_and_the_workbook_reads_them_as_numbers(year_by_linh_vuc):
    report, page, path = year_by_linh_vuc
    grid = _grid(path)
    total_row = next(r for r in grid if r[0] == "Tổng số")
    # the "Hồ sơ TTHC" page's yearly totals (dossier_yearly_totals), column by column, as calamine reads them
    assert total_row[2:] == [float(page[c]) for c in COUNTS]
    assert total_row[2] == 40925.0 and total_row[2] == total_row[3] + total_row[4] + total_row[5]
    assert total_row[6] == total_row[7] + total_row[8] + total_row[9]
    assert total_row[10] == total_row[11] + total_row[12]
    # 71 lĩnh vực, numbered 1…71, between the (1)…(13) row and the totals
    numbers_row = grid.index(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)",
                              "(13)"])
    assert numbers_row == 12 and grid[13][0] == "1" and grid[13 + 70][0] == "71" and grid[13 + 71][0] == "Tổng số"


def test_the_form_prints_as_the_official_layout(year_by_linh_vuc):
    _, _, path = year_by_linh_vuc
    ws = openpyxl.load_workbook(path)[bieu06.SHEET]
    assert ws["A1"].value == "Biểu số 06/VPCP/KSTT"
    # the sample's installation serves Quảng Trị (its home-province setting)
    assert ws["A3"].value == "Đơn vị báo cáo: Ủy ban nhân dân tỉnh Quảng Trị"
    assert ws["A4"].value == "Đơn vị nhận báo cáo: Văn phòng Chính phủ"
    assert (ws["H1"].value, ws["H2"].value) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert ws["A6"].value.startswith("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    assert ws["A7"].value == "Kỳ báo cáo: Năm 2025"
    assert ws["A8"].value == "(Từ ngày 15/12/2024 đến ngày 14/12/2025)"
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert set(bieu06.HEADER_MERGES) <= merged and "H1:M1" in merged
    assert (ws["C10"].value, ws["G10"].value, ws["K10"].value) == (
        "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số lượng hồ sơ đang giải quyết")
    assert (ws["D12"].value, ws["E12"].value, ws["F11"].value) == ("Trực tuyến", "Trực tiếp, dịch vụ bưu chính",
                                                                   "Từ kỳ trước")
    # formulas in (3), (7), (11) and in the totals row (plain openpyxl reads the formula text)
    assert (ws["C14"].value, ws["G14"].value, ws["K14"].value) == ("=D14+E14+F14", "=H14+I14+J14", "=L14+M14")
    assert ws["D85"].value == "=SUM(D14:D84)" and ws["A85"].value == "Tổng số" and "A85:B85" in merged
    assert ws.print_title_rows == "$10:$13"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert {ws[ref].font.name for ref in ("A1", "H1", "A6", "C10", "B14", "D85")} == {"Times New Roman"}
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "NGƯỜI LẬP BIỂU" in texts and "THỦ TRƯỞNG ĐƠN VỊ" in texts
    assert "Quảng Trị, ngày 16 tháng 12 năm 2025" in texts
    assert bieu06.SOURCES["reports"].note in texts and bieu06.DEMO_NOTE in texts
    # the cached value sits beside each formula (what Excel saves and calamine reads)
    values = openpyxl.load_workbook(path, data_only=True)[bieu06.SHEET]
    assert values["C85"].value == 40925 and values["D85"].value == values["D14"].value + sum(
        values[f"D{r}"].value for r in range(15, 85))


def test_the_workbook_loads_back_with_every_count_equal(year_by_linh_vuc, tmp_path):
    report, _, path = year_by_linh_vuc
    fresh = tmp_path / "fresh.duckdb"
    done = _cli("loaders", path, "--db", fresh)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "71 dòng" in done.stdout and "Năm 2025 (15/12/2024 – 14/12/2025)" in done.stdout
    con = queries.connect(fresh, read_only=True)
    stored = con.execute("SELECT linh_vuc, " + ", ".join(COUNTS) + " FROM dossier_count ORDER BY linh_vuc").df()
    con.close()
    written = report.rows.set_index("row_label")[list(COUNTS)].sort_index()
    assert len(stored) == 71
    assert stored.set_index("linh_vuc")[list(COUNTS)].sort_index().astype(int).equals(written.astype(int))


def test_six_months_of_one_department_follow_the_flow_and_stock_rules(sample_db, tmp_path):
    """examples/README.md: Sở Tư pháp 6 tháng đầu năm 2025 = Q1 + Q2 flows, Q1 carry, Q2 pending:
    5187 | 4014 | 969 | 204 | 4906 | 3063 | 1829 | 14 | 281 | 266 | 15."""
    out = tmp_path / "sotp.xlsx"
    done = _cli("reports", "bieu06", "--db", sample_db, "--from", "2024-12-15", "--to", "2025-06-14",
                "--units", "sở tư pháp", "--by", "unit", "--out", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Đã ghi {out}: 6 tháng đầu năm 2025, 1 dòng, tổng số hồ sơ nhận giải quyết 5.187")
    grid = _grid(out)
    assert grid[13][:2] == ["I", "Sở, ban, ngành cấp tỉnh"]
    assert grid[14][:2] == ["1", "Sở Tư pháp"]
    assert grid[14][2:] == [5187, 4014, 969, 204, 4906, 3063, 1829, 14, 281, 266, 15]
    assert grid[15][1] == "Cộng" and grid[15][2:] == grid[14][2:]
    assert grid[16][0] == "Tổng số" and grid[16][2:] == grid[14][2:]


def test_by_unit_groups_with_subtotals_and_loads_back_per_unit(sample_db, tmp_path):
    report, con = _report(sample_db, HALF_2025, by="unit")
    con.close()
    path = tmp_path / "units.xlsx"
    path.write_bytes(bieu06.workbook_bytes(report))
    ws = openpyxl.load_workbook(path)[bieu06.SHEET]
    assert ws["B10"].value == "Tên cơ quan, đơn vị"
    n = len(report.rows)
    cong, total = 14 + 1 + n, 14 + 2 + n
    assert ws[f"B{cong}"].value == "Cộng" and ws[f"D{cong}"].value == f"=SUM(D15:D{14 + n})"
    assert ws[f"D{total}"].value == f"=D{cong}"
    fresh = tmp_path / "fresh.duckdb"
    done = _cli("loaders", path, "--db", fresh)
    assert done.returncode == 0, done.stdout + done.stderr
    con = queries.connect(fresh, read_only=True)
    stored = con.execute("SELECT u.name, " + ", ".join(f"c.{c}" for c in COUNTS)
                         + " FROM dossier_count c JOIN unit u USING (unit_id) ORDER BY u.name").df()
    con.close()
    assert stored.set_index("name").sort_index().astype(int).equals(
        report.rows.set_index("row_label")[list(COUNTS)].sort_index().astype(int))


def test_a_unit_that_has_not_reported_the_whole_window_is_listed_on_the_check_sheet(sample_db, tmp_path):
    # five quarters asked, four stored (the sample ends with Q4/2025)
    report, con = _report(sample_db, (dt.date(2024, 12, 15), dt.date(2026, 3, 14)), by="unit")
    con.close()
    assert ("Sở Tư pháp", "mới có Quý I/2025 + Quý II/2025 + Quý III/2025 + Quý IV/2025") in report.missing
    assert len(report.missing) == 6           # the six departments of 2025; the dissolved ones are not chased
    path = tmp_path / "b.xlsx"
    path.write_bytes(bieu06.workbook_bytes(report))
    checks = [r[0] for r in _grid(path, bieu06.CHECK_SHEET) if r[0]]
    assert "2. Đơn vị chưa báo cáo đủ cho kỳ: 6" in checks
    assert "- Sở Tư pháp: mới có Quý I/2025 + Quý II/2025 + Quý III/2025 + Quý IV/2025." in checks
    assert "1. Kết quả kiểm tra: 0 phát hiện" in checks


def test_libreoffice_prints_it_on_a4_landscape_with_all_13_columns_on_each_page(year_by_linh_vuc, tmp_path):
    """`make report-tools` installs libreoffice-calc; the PDF is what an office prints from the workbook."""
    _, page, path = year_by_linh_vuc
    done = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "bieu06_2025.pdf"
    assert pdf.is_file(), done.stdout + done.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.304 pts (A4)" in info       # landscape
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, pages + 1)]
    form = [t for t in texts if not t.startswith("KIỂM TRA SỐ LIỆU ĐẦU VÀO")]
    assert len(form) >= 2 and len(texts) - len(form) == 1      # the check sheet prints on its own page
    for text in form:              # fitted to the width: every page carries (1)…(13), the print titles
        assert "(1)" in text and "(13)" in text and "Số lượng hồ sơ đang giải quyết" in text
    total_line = next(line for line in form[-1].splitlines() if "Tổng số" in line and "40" in line)
    assert total_line.split()[2].replace(",", "").replace(".", "") == str(int(page["recv_total"]))
    assert "THỦ TRƯỞNG ĐƠN VỊ" in form[-1]


def test_the_dossier_page_offers_the_form_for_the_periods_of_the_last_year(sample_db):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "dossiers.py"), default_timeout=90).run()
    assert not at.exception
    assert "Tải Biểu 06" in [b.label for b in at.get("download_button")]
    period = at.selectbox(key="p_b06_period")
    assert period.label == "Kỳ báo cáo năm 2025" and period.value == "Năm 2025"
    assert period.options == ["Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025", "6 tháng đầu năm 2025",
                              "9 tháng năm 2025", "Năm 2025"]
    assert at.radio(key="p_b06_by").options == ["Theo lĩnh vực", "Theo đơn vị"]


def test_derived_from_dossier_lists_the_form_holds_the_hand_counted_figures_and_says_its_source(db, tmp_path,
                                                                                                monkeypatch):
    """The consolidated form from the dossier lists of tests/fixtures/dossier_lists (counted by hand in
    tests/test_dossier_list.py), for Q2/2025: Sở Tư pháp's Hộ tịch row is (3) 12 = online 5 + direct 4 + postal 1
    + carried 2; (7) 4 = 1 before + 2 on time + 1 late; (11) 5 = 3 + 2 (3 awaiting supplement in (3) only)."""
    import functools
    import io

    import openpyxl

    from loaders.pipeline import commit_file, inspect_file
    from reports import bieu06
    from tests.sample_db import ROOT
    monkeypatch.delenv("CCHC_PROVINCE", raising=False)
    lists = ROOT / "tests" / "fixtures" / "dossier_lists"
    for name in ("so_tu_phap_2025.xlsx", "so_tai_chinh_2025.csv"):
        commit_file(db, inspect_file(db, name, (lists / name).read_bytes()), loaded_by="pytest")
    report = bieu06.gather(functools.partial(queries.run, db), dt.date(2025, 3, 15), dt.date(2025, 6, 14),
                           source="dossiers")
    rows = {r["row_label"]: [int(r[c]) for c in ("recv_total", "recv_online", "recv_offline", "recv_carry",
                                                   "res_total", "res_before", "res_ontime", "res_late", "proc_total",
                                                   "proc_ontime", "proc_late")]
            for r in report.rows.to_dict("records")}
    assert rows == {"Chứng thực": [3, 0, 2, 1, 2, 1, 0, 1, 0, 0, 0],
                    "Hộ tịch": [12, 5, 5, 2, 4, 1, 2, 1, 5, 3, 2],
                    "Ngân sách": [6, 3, 3, 0, 2, 1, 1, 0, 2, 1, 1]}
    sheet = openpyxl.load_workbook(io.BytesIO(bieu06.workbook_bytes(report)))["Biểu 06"]
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str))
    assert "tính từ danh sách hồ sơ xuất từ hệ thống thông tin giải quyết TTHC" in text
    # no home province set and no $CCHC_PROVINCE: the letterhead keeps the blank form's dots to fill in by hand
    assert sheet["A3"].value == "Đơn vị báo cáo: Ủy ban nhân dân tỉnh ……………"
