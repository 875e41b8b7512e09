"""Writer + 2 readers + nginx, as `make cluster` starts them (deploy/cluster.py), driven in Debian's Chromium:
the readers serve the pages through nginx, a report uploaded on the writer reaches a reader's open session
within 10 s without a restart and without any click, an open page is not rerun while nothing is published (a
person typing in it is left alone), and a reader shows no write control."""

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import queries
from deploy.cluster import reader_keys, served_by
from frame.reader import FOLLOW_EVERY
from loaders.pipeline import commit_file, inspect_file
from tests.e2e import CHROMIUM, CHROMIUM_ARGS, finished_runs, wait_rendered
from tests.sample_db import ROOT

# this engineer's test ports: nginx for the readers and for the writer, then the instances (nginx's upstreams)
PORT, ADMIN, WRITER, READERS = 8780, 8781, 8782, (8783, 8784)
Q2 = ROOT / "tests/fixtures/good_official_formulas_tu_phap_q2_2025.xlsx"   # Sở Tư pháp Q2/2025
Q3 = ROOT / "tests/fixtures/store_tu_phap_q3_2025.xlsx"                    # Q3/2025: 2.871 received
WRITE_PAGES = ("Nạp dữ liệu", "Quản lý dữ liệu", "Tài khoản", "Cảnh báo & bản tin")


def cluster(action: str, state: Path, env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "deploy.cluster", action, "--dir", str(state), "--port", str(PORT),
                           "--admin-port", str(ADMIN), "--writer-port", str(WRITER), "--reader-ports", ",".join(map(str, READERS))],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def reader_session(browser, balancer: str, key: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    context.add_cookies([{"name": "cchc_reader", "value": key, "url": balancer}])
    page = context.new_page()
    closed, runs = [], []
    page.on("websocket", lambda ws: (ws.on("close", lambda _: closed.append(time.monotonic())),
                                     ws.on("framereceived", lambda payload: runs.extend(finished_runs(payload)))))
    page.goto(balancer + "/")
    wait_rendered(page)
    return page, closed, runs


def upload_on_writer(browser, writer: str, path: Path):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(writer + "/nap-du-lieu")
    wait_rendered(page)
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("Có cảnh báo — cần xác nhận").wait_for(timeout=60000)   # V5 on Hộ tịch: 7 carried, 6 pending
    page.get_by_text("Tôi đã xem các cảnh báo").click()
    page.get_by_role("button", name="Nạp 1 tệp").click()
    page.get_by_text("Đã nạp xong").wait_for(timeout=60000)
    context.close()


def until_shown(pages: dict, text: str, since: float, seconds: float) -> dict:
    """Without touching the pages, until each shows `text`; for each, the seconds from `since` to when it was
    seen. Polled every 0,2 s: the reader's own look at the published version (every FOLLOW_EVERY s) and the
    page's run are what is measured."""
    shown = {}
    while len(shown) < len(pages):
        assert time.monotonic() - since < seconds, f"{text!r} not shown by {sorted(set(pages) - set(shown))}"
        for port, page in pages.items():
            if port not in shown and text in page.inner_text("body"):
                shown[port] = time.monotonic() - since
        time.sleep(0.2)
    return shown


@pytest.mark.long
def test_readers_behind_nginx_show_an_upload_on_the_writer_within_10_s(tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "cchc.duckdb"
    con = queries.connect(db)
    commit_file(con, inspect_file(con, Q2.name, Q2.read_bytes()), loaded_by="pytest")
    con.close()
    state = tmp_path / "cluster"
    env = dict(os.environ, CCHC_DB=str(db), CCHC_DEMO="0")
    balancer, writer = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{ADMIN}"      # both on nginx
    cluster("start", state, env)
    try:
        started = json.loads((state / "cluster.json").read_text())
        assert [p["name"] for p in started["processes"]] == ["writer", "reader-1", "reader-2", "nginx"]
        assert started["writer"] == writer and started["instances"]["writer"] == f"http://127.0.0.1:{WRITER}"
        for address in (balancer, writer):
            assert urllib.request.urlopen(address + "/_stcore/health").read() == b"ok"
        keys = reader_keys(state, balancer, len(READERS))

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            sessions = {port: reader_session(browser, balancer, key) for port, key in keys.items()}
            for port, (page, _, _) in sessions.items():
                assert served_by(state, keys[port]) == {f"127.0.0.1:{port}"}     # sticky: one reader each
                body = page.inner_text("body")
                assert "Kỳ gần nhất: Quý II/2025" in body and "Traceback" not in body
                assert page.locator(".js-plotly-plot:has(.main-svg)").count() == 2     # the chart script came whole
                titles = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
                assert any("Tổng quan" in t for t in titles) and any("Chỉ số" in t for t in titles)
                assert not [t for t in titles if any(w in t for w in WRITE_PAGES)], titles
                note = page.locator("[data-testid='stSidebar'] a", has_text="địa chỉ quản trị")
                assert note.get_attribute("href") == writer + "/"
            # a write page asked for by its address is not there on a reader
            page = sessions[READERS[0]][0]
            page.goto(balancer + "/nap-du-lieu")
            wait_rendered(page)
            assert page.locator("input[type=file]").count() == 0
            page.goto(balancer + "/")
            wait_rendered(page)
            sessions[READERS[0]][1].clear()       # those two addresses were new sessions; this one must last

            # nothing published: the open pages look every FOLLOW_EVERY s and are not rerun, and a person typing
            # in the unit filter's search keeps the text and the focus
            wait_rendered(page)
            for _, _, runs in sessions.values():
                runs.clear()
            search = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect'] input").first
            search.click()
            search.press_sequentially("Sở Tư", delay=300)
            page.wait_for_timeout(int(2.5 * FOLLOW_EVERY * 1000))
            assert search.input_value() == "Sở Tư"
            assert search.evaluate("e => e === document.activeElement")
            for port, (_, _, runs) in sessions.items():
                assert "app" not in runs and runs.count("fragment") >= 2, (port, runs)
            search.press("Escape")

            upload_on_writer(browser, writer, Q3)
            uploaded = time.monotonic()
            took = until_shown({port: page for port, (page, _, _) in sessions.items()}, "Kỳ gần nhất: Quý III/2025",
                               uploaded, 10.0)
            for port, (page, closed, runs) in sessions.items():
                wait_rendered(page)     # the new figure can be on screen before its run's end reaches the socket
                assert "2.871" in page.inner_text("body")          # Sở Tư pháp's Q3/2025 received, as uploaded
                assert closed == [], f"the session on reader {port} lost its websocket"
                assert "app" in runs                               # rerun by the reader itself: no click
                print(f"reader {port}: the upload shown {took[port]:.1f} s after it, with no click")
            browser.close()
        time.sleep(1)
        for port, key in keys.items():         # the websockets, logged now that they have closed
            assert served_by(state, key, "/_stcore/stream") == {f"127.0.0.1:{port}"}
        # the analyst's page, its websocket and the upload itself went through nginx to the writer, and nothing
        # of the readers' address reached it
        log = (state / "nginx/access.log").read_text().splitlines()
        for request in ("GET /nap-du-lieu ", "GET /_stcore/stream ", "PUT /_stcore/upload_file/"):
            assert {re.search(r"upstream=(\S+)", row).group(1) for row in log
                    if request in row and f"server={ADMIN} " in row} == {f"127.0.0.1:{WRITER}"}, request
        assert not [row for row in log if f"server={PORT} " in row and f"upstream=127.0.0.1:{WRITER}" in row]
        problems = [line for line in (state / "nginx/error.log").read_text().splitlines()
                    if re.search(r"\[(crit|alert|emerg|error)\]", line)]
        assert problems == []
        # nobody was restarted: the same processes still run
        assert json.loads((state / "cluster.json").read_text())["processes"] == started["processes"]
        for process in started["processes"]:
            assert Path(f"/proc/{process['pid']}").exists()
    finally:
        stopped = cluster("stop", state, env)
    assert "writer" in stopped and "nginx" in stopped
    for process in started["processes"]:
        assert not Path(f"/proc/{process['pid']}").exists() or \
            Path(f"/proc/{process['pid']}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
