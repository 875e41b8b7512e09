"""The chart library asked for at the start of a page run (frame/preload.py), in Chromium: the very chunk
Streamlit loads for its charts, fetched once, before any chart element exists, and nothing of it on screen."""

import pytest

from tests.e2e import browser_page, serve_app, wait_rendered
from tests.sample_db import ROOT

SHOTS = ROOT / "tests" / "out"

PLOTLY_REQUESTS = ("() => performance.getEntriesByType('resource').map(e => e.name)"
                   ".filter(name => name.includes('/static/js/PlotlyChart.'))")


@pytest.mark.long
def test_the_chart_library_is_fetched_once_and_early(sample_db):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve_app(sample_db) as url, browser_page() as page:
        # a page without charts: only the frame's script can have asked for the chart library
        page.goto(url + "/nap-du-lieu")
        wait_rendered(page)
        page.wait_for_function(f"() => ({PLOTLY_REQUESTS})().length > 0", timeout=30000)
        assert page.locator(".js-plotly-plot").count() == 0
        # the script's element takes no room in the sidebar
        holder = page.locator("[data-testid='stSidebar'] [data-testid='stElementContainer']"
                              ":has(script[data-chart-preload])")
        assert holder.count() == 1 and not holder.is_visible()
        assert "Traceback" not in page.inner_text("body")

        # a page with charts in a new tab (a new session, a new document): Tổng quan draws its 2 charts from the
        # chunk the frame's script imported, fetched once (the same address as Streamlit's own import)
        page.goto(url + "/")
        wait_rendered(page)
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
        page.screenshot(path=str(SHOTS / "tong-quan-preload.png"), full_page=True)
        assert page.locator(".js-plotly-plot").count() == 2
        requests = page.evaluate(PLOTLY_REQUESTS)
        assert len(requests) == 1, requests
