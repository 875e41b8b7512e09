"""End to end: the app served on loopback, opened in Debian's Chromium, looked at."""

from pathlib import Path

from charts.format import number
from tests.e2e import browser_page, serve_app, wait_rendered
from tests.sample_db import ROOT, sample_db, sample_db_master  # noqa: F401  (fixtures)
from tests.workbook_truth import totals

SHOTS = ROOT / "tests" / "out"


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
