"""bench/pages_bench.py's browser visit (headless Chromium): it ends when the run has ended and every element the
script sent is drawn — a chart in a tab not shown included, never waiting for it to come into view — and its
"first chart" is the first chart drawn where the visitor sees it."""

from playwright.sync_api import sync_playwright

from bench.pages_bench import PEER, SETTLE_S, server, visit
from tests.e2e import CHROMIUM, CHROMIUM_ARGS, free_port
from tests.sample_db import ROOT

HIDDEN_TAB_APP = ROOT / "tests" / "fixtures" / "apps" / "chart_in_hidden_tab.py"


def test_a_chart_in_a_hidden_tab_is_drawn_and_not_waited_for_in_view(tmp_path):
    db = tmp_path / "unused.duckdb"           # the apps here read no warehouse
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            with server(HIDDEN_TAB_APP, db, free_port()) as (url, _):
                hidden = visit(browser, url)
            with server(PEER, db, free_port()) as (url, _):
                shown = visit(browser, url)
        finally:
            browser.close()
    # the chart was sent and drawn in its tab, no chart was in view; the visit ended on the drawing, not on the
    # bench's give-up time (before the fix: Playwright waited for the chart to become visible, 60 s, in vain)
    assert hidden["charts"] == 1 and hidden["undrawn"] == 0 and hidden["exceptions"] == 0
    assert hidden["first_chart"] is None
    assert hidden["done"] - hidden["finished"] < SETTLE_S
    # the peer's one chart is in view: its first chart is taken, and the visit ends once it is drawn
    assert shown["charts"] == 1 and shown["undrawn"] == 0
    assert shown["first_chart"] is not None and shown["first_chart"] <= shown["done"]
