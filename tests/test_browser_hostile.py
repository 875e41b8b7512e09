"""End to end: a file of the crash class uploaded through the page in Chromium. The reader's child dies, the
analyst reads why, the server answers its health check, another session still works, and the same session
then loads a good file."""

import urllib.request

import pytest

import queries
from tests.e2e import browser_page, serve_app, wait_rendered
from tests.make_hostile_fixtures import HOSTILE
from tests.sample_db import ROOT
from tests.warehouse_state import snapshot

SHOTS = ROOT / "tests" / "out"


@pytest.mark.long
def test_a_file_that_kills_the_reader_leaves_the_server_and_the_session_working(tmp_path):
    db = tmp_path / "hostile.duckdb"
    queries.connect(db).close()
    crash = HOSTILE / "single_quoted_refs.xlsx"        # reserves 1.048.576 × 16.384 cells: the reader aborts
    good = ROOT / "tests/fixtures/store_tu_phap_q3_2025.xlsx"
    SHOTS.mkdir(parents=True, exist_ok=True)
    # the pre-check's row and cell limits lifted, so that the file reaches the reader and kills its process
    # and no demo: the warehouse stays empty, so the page opens at once instead of after the sample's first load
    lifted = {"CCHC_MAX_ROWS": "2000000", "CCHC_MAX_CELLS": str(10**12), "CCHC_DEMO": "0"}
    with serve_app(db, env=lifted) as url, browser_page() as page:
        other = page.context.new_page()                  # a second tab: its own Streamlit session
        page.goto(url + "/nap-du-lieu")
        wait_rendered(page)
        page.locator("input[type=file]").wait_for(state="attached", timeout=90000)
        page.locator("input[type=file]").set_input_files(str(crash))
        page.get_by_text("có cấu trúc bất thường, không đọc được").first.wait_for(state="attached", timeout=60000)
        page.screenshot(path=str(SHOTS / "nap-du-lieu-tep-doc-hai.png"), full_page=True)
        body = page.content()
        assert "Tệp single_quoted_refs.xlsx có cấu trúc bất thường" in body and "Traceback" not in body
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as response:
            assert response.status == 200
        other.goto(url + "/")                            # another user's session
        wait_rendered(other)
        assert "Tổng quan" in other.inner_text("body")
        # the same session goes on: a good file added and loaded (its unit is new: a warning to confirm)
        page.locator("input[type=file]").set_input_files(str(good))
        page.get_by_text("Tôi đã xem các cảnh báo").wait_for(timeout=60000)
        page.get_by_text("Tôi đã xem các cảnh báo").click()
        page.get_by_role("button", name="Nạp 1 tệp").wait_for(timeout=60000)
        page.get_by_role("button", name="Nạp 1 tệp").click()
        page.get_by_text("Đã nạp xong").wait_for(timeout=60000)
        assert "Traceback" not in page.inner_text("body")
    con = queries.connect(db, read_only=True)
    batches = snapshot(con)["load_batch"]
    con.close()
    # of the uploads only the good file is there
    assert [b for b in batches if "store_tu_phap_q3_2025.xlsx" in repr(b)] != []
    assert [b for b in batches if "single_quoted_refs" in repr(b)] == []
