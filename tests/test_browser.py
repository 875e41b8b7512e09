"""End to end: the app served on loopback, opened in Debian's Chromium, looked at."""

import io

import openpyxl
import pytest

import queries
from loaders.pipeline import commit_file, inspect_file
from tests.e2e import browser_page, download_by_click, serve_app, wait_rendered
from tests.sample_db import ROOT
from tests.workbook_truth import totals
from vocabulary.numbers import number

SHOTS = ROOT / "tests" / "out"


@pytest.mark.long
def test_overview_in_chromium(sample_db):
    q4_2025 = totals(sorted((ROOT / "data/sample/2025").glob("*_2025_q4.xlsx")))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "tong-quan.png"
    with serve_app(sample_db) as url, browser_page() as page:
        page.goto(url + "/")
        wait_rendered(page)
        page.screenshot(path=str(shot), full_page=True)
        body = page.inner_text("body")
        charts = page.locator(".js-plotly-plot").count()
        assert "Tổng quan" in body
        assert "Kỳ gần nhất: Quý IV/2025" in body
        assert number(q4_2025["recv_total"]) in body
        assert charts == 2
        assert "Traceback" not in body
        # the filters are in the address: a link reproduces the view
        assert "ky=quy" in page.url and "tu=2021" in page.url and "den=2025" in page.url
    assert shot.stat().st_size > 30_000


@pytest.mark.long
def test_upload_in_chromium_then_see_it_on_the_charts(tmp_path):
    """An analyst uploads Q3/2025 through the real page and finds it as the latest quarter."""
    db = tmp_path / "upload.duckdb"
    con = queries.connect(db)
    good = ROOT / "tests/fixtures/good_official_formulas_tu_phap_q2_2025.xlsx"
    commit_file(con, inspect_file(con, good.name, good.read_bytes()), loaded_by="pytest")
    con.close()
    q3 = ROOT / "tests/fixtures/store_tu_phap_q3_2025.xlsx"     # Sở Tư pháp Q3/2025: 2.871 received
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve_app(db) as url, browser_page() as page:
        page.goto(url + "/")
        wait_rendered(page)
        assert "Kỳ gần nhất: Quý II/2025" in page.inner_text("body")
        page.goto(url + "/nap-du-lieu")
        wait_rendered(page)
        # the Biểu 06 template for the unit and quarter chosen, as the browser saves it
        page.get_by_text("Tải mẫu nhập liệu (.xlsx)").click()
        button = page.get_by_role("button", name="Tải mẫu biểu")
        button.wait_for(timeout=30000)
        download = download_by_click(page, button)
        template = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
        assert template.sheetnames == ["Hướng dẫn", "Biểu 06", "Danh mục"]
        assert template["Biểu 06"]["C14"].value == "=D14+E14+F14"
        page.locator("input[type=file]").set_input_files(str(q3))
        # the Q3 file carries 7 Hộ tịch dossiers where Q2 left 6 pending: a V5 warning to confirm
        page.get_by_text("Có cảnh báo — cần xác nhận").wait_for(timeout=30000)
        page.screenshot(path=str(SHOTS / "nap-du-lieu.png"), full_page=True)
        page.get_by_text("Tôi đã xem các cảnh báo").click()
        page.get_by_role("button", name="Nạp 1 tệp").click()
        page.get_by_text("Đã nạp xong").wait_for(timeout=30000)
        page.screenshot(path=str(SHOTS / "nap-du-lieu-xong.png"), full_page=True)
        page.goto(url + "/ho-so-tthc")
        wait_rendered(page)
        page.get_by_text("Cách tính và số liệu của kỳ gần nhất").click()
        page.wait_for_timeout(800)
        body = page.inner_text("body")
        # Q3/2025 on-time: (1.731 + 881) / 2.618 resolved = 99,77 %
        assert "Quý III/2025: 99,77\u00a0% = 2.612 / 2.618 hồ sơ" in body
        page.goto(url + "/")
        wait_rendered(page)
        body = page.inner_text("body")
        assert "Kỳ gần nhất: Quý III/2025" in body and "2.871" in body
