"""The Biểu 06 offered on "Hồ sơ TTHC" follows the sidebar's level (issue 19), downloaded in Chromium as a user does.

Hand rule and figures: at ?cap=xa with no unit chosen the form is the 78 communes' for "Năm 2025" (the default
period): received = the Q3 workbook's "Tổng số" received (its carry-over included) + Q4's new receipts (online and
offline), resolved = Q3 + Q4 resolved — from data/sample/cap_xa/bieu06_cap_xa_2025_q{3,4}.xlsx read by openpyxl:
137.058 received and 134.010 resolved (the departments' form of the same year: 40.925 received)."""

import pytest
from python_calamine import CalamineWorkbook

from tests.e2e import browser_page, download_by_click, serve_app, wait_rendered
from tests.sample_db import ROOT
from tests.workbook_truth import totals

CAP_XA = ROOT / "data" / "sample" / "cap_xa"


@pytest.mark.long
def test_the_bieu06_download_is_the_communes_form_at_the_commune_level(sample_db, tmp_path):
    q3, q4 = totals([CAP_XA / "bieu06_cap_xa_2025_q3.xlsx"]), totals([CAP_XA / "bieu06_cap_xa_2025_q4.xlsx"])
    received = q3["recv_total"] + q4["recv_online"] + q4["recv_offline"]
    resolved = q3["res_total"] + q4["res_total"]
    with serve_app(sample_db) as url, browser_page() as page:
        page.goto(url + "/ho-so-tthc?cap=xa")
        wait_rendered(page)
        page.get_by_text("Biểu 06 tổng hợp (.xlsx)").click()
        button = page.get_by_role("button", name="Tải Biểu 06")
        button.wait_for(timeout=30000)
        assert "Đơn vị: các xã, phường." in page.inner_text("body")
        download = download_by_click(page, button)
        path = tmp_path / download.suggested_filename
        download.save_as(path)
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Biểu 06").to_python()
    total = next(r for r in grid if r[0] == "Tổng số")
    assert (total[2], total[6]) == (float(received), float(resolved)) == (137058.0, 134010.0)
