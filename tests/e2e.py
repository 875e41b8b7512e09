"""Serving the app on loopback and looking at it in Debian's Chromium (Playwright, never `playwright install`).

Used by the browser tests, and by hand to look at pages:
    .venv/bin/python -m tests.e2e /tmp/shots [page-path ...]
"""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from deploy.cluster import wait_healthy  # noqa: F401  (one health wait for the cluster, the tests and the bench)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_app(db_path, timeout: float = 90, port: int | None = None, env: dict | None = None):
    """Start the dashboard as `make run` does (serve.py) on 127.0.0.1 with CCHC_DB=db_path (and `env` added to
    its environment); yields the base URL. The port is a free one unless given."""
    port = port or free_port()
    env = dict(os.environ, CCHC_DB=str(db_path), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "serve.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log.name, timeout)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def browser_page(width: int = 1440, height: int = 1000):
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": width, "height": height}, locale="vi-VN")
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


# Streamlit has finished the run (the app's `data-test-script-state`, which Streamlit's own browser tests read), the
# main block holds the page, no grey skeleton is left, every chart on screen is drawn (a chart in a tab not shown is
# not waited for), and the page has not changed for SETTLE_MS: a page that reruns itself (a link's settings
# written back) finishes twice, and the browser is still drawing what a run sent after it finished.
SETTLE_MS = 500
_DRAWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const shown = el => el.getClientRects().length > 0;
  const size = main === null ? -1 : main.querySelectorAll('*').length;
  const ok = app !== null && app.getAttribute('data-test-script-state') === 'notRunning' && size > 0
    && ![...main.querySelectorAll('[data-testid="stSkeleton"]')].some(shown)
    && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(shown)
         .every(chart => chart.querySelector('.js-plotly-plot .main-svg'));
  if (!ok || size !== window.__cchcDrawnSize) {
    window.__cchcDrawnSize = size;
    window.__cchcDrawnSince = ok ? performance.now() : null;
    return false;
  }
  return performance.now() - window.__cchcDrawnSince >= %d;
}""" % SETTLE_MS


def wait_rendered(page, timeout_ms: int = 60000):
    """Until Streamlit has finished running the script and drawn the charts on screen, and the page stayed so."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.evaluate("() => { window.__cchcDrawnSince = null; window.__cchcDrawnSize = null; }")
    page.wait_for_function(_DRAWN, timeout=timeout_ms, polling=50)


def download_by_click(page, button, attempts: int = 3, wait_ms: int = 20000):
    """Click a Streamlit download button until the browser starts a download; returns the Download.

    Why more than one click: in CI, under the full parallel suite, a first click on a rendered, enabled
    download button was now and then followed by no download and no request at all (3 times in about a dozen
    loaded runs, never alone or under CPU stress; cause not found). A user clicks again; so does this, at most
    `attempts` times, and every missed click is reported as a warning with what the page saw, so the rate stays
    visible in the test report."""
    seen = []
    page.on("websocket", lambda ws: ws.on("close", lambda _: seen.append(f"websocket closed {time.strftime('%X')}")))
    for attempt in range(1, attempts + 1):
        try:
            with page.expect_download(timeout=wait_ms) as download:
                seen.append(f"click {attempt} at {time.strftime('%X')}, disabled={button.is_disabled()}")
                button.click()
            if attempt > 1:
                warnings.warn("download delivered only at click %d: %s" % (attempt, "; ".join(seen)))
            return download.value
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no download after {attempts} clicks: " + "; ".join(seen))


# A message of the server that ends a run is a few tens of bytes; the charts' messages are megabytes, and a load
# test's 30 browsers would spend the benchmark's core decoding them.
FINISHED_MESSAGE_MAX = 1024


def finished_runs(payload) -> list[str]:
    """"app" or "fragment" when a frame the browser received over Streamlit's websocket ends a run that
    completed (its protocol's `script_finished`; a run cut short for a rerun is not listed), else []. Listen with
    page.on("websocket", lambda ws: ws.on("framereceived", …)): the app's run state, whatever the page draws."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str) or len(payload) > FINISHED_MESSAGE_MAX:
        return []
    message = ForwardMsg.FromString(payload)
    if message.WhichOneof("type") != "script_finished":
        return []
    return {ForwardMsg.FINISHED_SUCCESSFULLY: ["app"],
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: ["fragment"]}.get(message.script_finished, [])


def main(argv):
    out = Path(argv[0] if argv else "tests/out")
    paths = argv[1:] or [""]
    out.mkdir(parents=True, exist_ok=True)
    db = os.environ.get("CCHC_DB", str(ROOT / "data" / "cchc.duckdb"))
    with serve_app(db) as url, browser_page() as page:
        for path in paths:
            page.goto(f"{url}/{path}")
            wait_rendered(page)
            target = out / f"{path.replace('/', '_').replace('?', '_') or 'home'}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
