"""Load test: 30 headless-Chromium sessions browsing the dashboard while an analyst uploads through the page.

    .venv/bin/python bench/load_test.py [--sessions 30] [--rounds 3] [--uploads 4] [--rows 2000] [--no-write]

The app is served on loopback (tests/e2e.py) over a copy of the sample warehouse, with accounts on: every
session signs in through the form (viewers share one viewer account; the analyst has its own). Each viewer
session opens the pages its sidebar lists, `--rounds` times, by clicking the links as a person would; a page
counts as shown when Streamlit has finished the run (`data-test-script-state`) and every chart is drawn.
Meanwhile the analyst session uploads `--uploads` generated reports (`--rows` rows each, new unit and
quarter) through "Nạp dữ liệu" — review, confirm, "Nạp" — one after another. Errors counted: a Streamlit
exception box, the dashboard's error message, a JavaScript error, a page that never finishes (60 s).
After the run, the warehouse is checked: every batch holds exactly its rows. Figures go to the "load"
section of bench/RESULTS.md.
"""

import argparse
import asyncio
import datetime as dt
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from accounts import config  # noqa: E402
from accounts.passwords import hash_password  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from loaders import sample  # noqa: E402
from tests.big_report import write_big_report  # noqa: E402
from tests.e2e import CHROMIUM, CHROMIUM_ARGS, serve_app  # noqa: E402

SECTION = "load"
PASSWORD = "tai-thu-nghiem"
SKIP = {"Nạp dữ liệu", "Quản lý dữ liệu", "Tài khoản"}      # not a viewer's pages
FULL_SCREEN = "Trình chiếu"
ARRIVALS = 60           # seconds over which the sessions open the dashboard
QUARTER = ("Kỳ báo cáo: Quý I năm 2026", "(Từ ngày 15/12/2025 đến ngày 14/3/2026)")
DONE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector("[data-testid='stStatusWidget']")) return false;
  return document.querySelectorAll('.js-plotly-plot:not(:has(.main-svg))').length === 0;
}"""
ERROR_TEXT = "Đã xảy ra lỗi"


class Run:
    def __init__(self):
        self.times = defaultdict(list)          # page title → seconds
        self.errors = []                        # (session, page, what)
        self.timeouts = []                      # (session, page): not finished within the page timeout
        self.uploads = []                       # seconds per upload
        self.upload_window = None


async def _watch_runs(page):
    """Note in the page when Streamlit starts a run, so that a click's run is waited for, not the last one."""
    await page.evaluate("""() => {
      const app = document.querySelector("[data-testid='stApp']");
      window.__cchcRan = false;
      new MutationObserver(() => {
        if (app.getAttribute('data-test-script-state') === 'running') window.__cchcRan = true;
      }).observe(app, {attributes: true});
    }""")


PAGE_TIMEOUT = 180.0     # seconds a page may take before it counts as not shown (--page-timeout)


async def _click_and_wait(page, link, timeout: float | None = None):
    timeout = timeout or PAGE_TIMEOUT
    await page.evaluate("() => { window.__cchcRan = false; }")
    await link.click()
    await page.wait_for_function("() => window.__cchcRan === true", timeout=timeout * 1000)
    await page.wait_for_function(DONE_JS, timeout=timeout * 1000)


async def _problems(page) -> list[str]:
    found = []
    boxes = page.locator("[data-testid='stException']")
    if await boxes.count():
        found.append("hộp lỗi Streamlit: " + " ".join((await boxes.first.inner_text()).split())[:300])
    if ERROR_TEXT in await page.inner_text("body"):
        found.append("thông báo lỗi của dashboard")
    return found


async def _sign_in(page, url: str, login: str):
    await page.goto(url + "/", wait_until="domcontentloaded", timeout=180_000)
    await page.wait_for_selector("input[type=password]", timeout=180_000)
    await page.get_by_label("Tên đăng nhập").fill(login)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.wait_for_selector("[data-testid='stSidebarNav'] a", timeout=120_000)
    await page.wait_for_function(DONE_JS, timeout=120_000)
    await _watch_runs(page)


async def viewer(browser, url: str, number: int, rounds: int, run: Run):
    context = await browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT * 1000)
    page.on("pageerror", lambda exc: run.errors.append((number, "?", f"JavaScript: {exc}")))
    try:
        await _sign_in(page, url, "xem")
        links = page.locator("[data-testid='stSidebarNav'] a")
        labels = [t.strip().splitlines()[-1].strip() for t in await links.all_inner_texts() if t.strip()]
        titles = [t for t in labels if t not in SKIP]              # the text after the icon's name
        # "Trình chiếu" fills the screen (no sidebar to click away from it): opened once, last
        last = [t for t in titles if t == FULL_SCREEN]
        order = [t for t in titles[1:] + titles[:1] if t != FULL_SCREEN]
        for round_ in range(rounds):
            for title in order + (last if round_ == rounds - 1 else []):
                started = time.perf_counter()
                try:
                    await _click_and_wait(page, page.locator("[data-testid='stSidebarNav'] a", has_text=title).first)
                except Exception:
                    run.timeouts.append((number, title))
                    continue
                run.times[title].append(time.perf_counter() - started)
                for problem in await _problems(page):
                    run.errors.append((number, title, problem))
    except Exception as exc:
        run.errors.append((number, "đăng nhập", f"{type(exc).__name__}: {str(exc)[:120]}"))
    finally:
        await context.close()


async def analyst(browser, url: str, files: list[Path], run: Run, start_after: float):
    await asyncio.sleep(start_after)
    context = await browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT * 1000)
    page.on("pageerror", lambda exc: run.errors.append(("chuyên viên", "Nạp dữ liệu", f"JavaScript: {exc}")))
    began = time.perf_counter()
    try:
        await _sign_in(page, url, "chuyenvien")
        await _click_and_wait(page, page.locator("[data-testid='stSidebarNav'] a", has_text="Nạp dữ liệu").first)
        for path in files:
            started = time.perf_counter()
            await page.wait_for_function(DONE_JS, timeout=180_000)
            await page.locator("input[type=file]").set_input_files(str(path))
            # the file's review ("tai_thu_2.xlsx — Có cảnh báo — cần xác nhận"), not the last file's
            await page.get_by_text(f"{path.name} —").wait_for(timeout=180_000)
            await page.wait_for_function(DONE_JS, timeout=180_000)
            confirm = page.get_by_text(re.compile(r"^Tôi (đã xem|đồng ý)"))           # warnings to confirm
            ready = page.get_by_role("button", name="Nạp 1 tệp")
            for _ in range(600):                 # until the file is ready, confirming its warnings on the way
                if await ready.count():
                    break
                if await confirm.count():
                    await confirm.first.click()
                    await page.wait_for_function(DONE_JS, timeout=180_000)
                await asyncio.sleep(0.2)
            await page.get_by_role("button", name="Nạp 1 tệp").click()
            await page.locator("[data-testid='stAlertContentSuccess']", has_text=path.name).wait_for(timeout=180_000)
            run.uploads.append(time.perf_counter() - started)
            for problem in await _problems(page):
                run.errors.append(("chuyên viên", "Nạp dữ liệu", problem))
    except Exception as exc:
        run.errors.append(("chuyên viên", "Nạp dữ liệu", f"{type(exc).__name__}: {str(exc)[:160]}"))
        if os.environ.get("CCHC_LOAD_TEST_SHOTS"):
            await page.screenshot(path=os.environ["CCHC_LOAD_TEST_SHOTS"], full_page=True)
    finally:
        run.upload_window = (began, time.perf_counter())
        await context.close()


async def drive(url: str, sessions: int, rounds: int, files: list[Path]) -> tuple[Run, float]:
    from playwright.async_api import async_playwright

    run = Run()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        started = time.perf_counter()
        # the sessions arrive over the first minute; the analyst starts uploading while they browse
        tasks = [asyncio.create_task(_later(i * ARRIVALS / sessions, viewer(browser, url, i + 1, rounds, run)))
                 for i in range(sessions)]
        tasks.append(asyncio.create_task(analyst(browser, url, files, run, start_after=ARRIVALS / 2)))
        await asyncio.gather(*tasks)
        total = time.perf_counter() - started
        await browser.close()
    return run, total


async def _later(delay: float, coroutine):
    await asyncio.sleep(delay)
    await coroutine


def _n(value) -> str:
    return f"{value:,}".replace(",", ".")


def _s(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",") + " s"


def main(argv=None) -> int:
    global PAGE_TIMEOUT
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--uploads", type=int, default=4)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--page-timeout", type=float, default=PAGE_TIMEOUT)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    PAGE_TIMEOUT = args.page_timeout
    with tempfile.TemporaryDirectory(prefix="cchc-load-") as folder:
        folder = Path(folder)
        db = folder / "cchc.duckdb"
        con = queries.connect(db)
        sample.load_sample(con)
        con.close()
        os.environ["CCHC_ACCOUNTS"] = str(folder / "accounts.toml")
        os.environ["CCHC_SIGNIN_LOG"] = str(folder / "dang-nhap.log")
        secret = hash_password(PASSWORD)
        config.save({"xem": config.User("xem", "Người xem thử tải", "viewer", secret),
                     "chuyenvien": config.User("chuyenvien", "Chuyên viên thử tải", "analyst", secret),
                     "quantri": config.User("quantri", "Quản trị", "admin", secret)})
        # one new unit per file (a quarter after the sample's last): each asks only to confirm the new unit
        files = [write_big_report(folder / f"tai_thu_{i + 1}.xlsx", args.rows, unit=f"Sở Thử Tải {i + 1}",
                                  period=QUARTER) for i in range(args.uploads)]
        with serve_app(db, timeout=180) as url:
            run, total = asyncio.run(drive(url, args.sessions, args.rounds, files))
        con = queries.connect(db, verify=True)
        mismatched = con.execute("SELECT count(*) FROM (SELECT b.batch_id FROM load_batch b LEFT JOIN dossier_count d "
                                 "USING (batch_id) WHERE b.kind = 'dossiers' GROUP BY b.batch_id, b.row_count "
                                 "HAVING count(d.batch_id) <> b.row_count)").fetchone()[0]
        loaded = con.execute("SELECT count(*) FROM load_batch WHERE loaded_by = 'Chuyên viên thử tải'").fetchone()[0]
        con.close()
    views = sum(len(v) for v in run.times.values())
    lines = [
        "## Load test: 30 Chromium sessions while an analyst uploads (bench/load_test.py)",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()} — the app, the 30 sessions' Chromium and the benchmark on the same machine "
        "(shared with other work while it ran)",
        f"- Sessions: {args.sessions} viewers signed in through the form, each opening every page of its sidebar "
        f"{args.rounds} times by clicking the links (\"Trình chiếu\", full screen, once at the end); one analyst "
        f"uploading {args.uploads} reports of {_n(args.rows)} rows through \"Nạp dữ liệu\" (review, confirm, load) "
        "meanwhile",
        f"- **Errors: {len(run.errors)}** (Streamlit exception boxes, the dashboard's error message, JavaScript "
        f"errors, a failed sign-in or upload); pages not finished within {PAGE_TIMEOUT:.0f} s: {len(run.timeouts)}",
        f"- Page views: {views} in {_s(total)}; uploads stored: {loaded} of {args.uploads} "
        f"({', '.join(_s(u) for u in run.uploads)} each, review to \"Đã nạp xong\"); batches whose stored rows "
        f"differ from their row count after the run: {mismatched}",
        "",
        "| Page | Views | Median | 95th percentile | Max |",
        "|---|---:|---:|---:|---:|",
    ]
    for title, times in sorted(run.times.items()):
        ordered = sorted(times)
        p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
        lines.append(f"| {title} | {len(times)} | {_s(statistics.median(times))} | {_s(p95)} | {_s(max(times))} |")
    if run.errors:
        lines += ["", "Errors:", ""] + [f"- phiên {who}, {where}: {what}" for who, where, what in run.errors[:40]]
    if run.timeouts:
        lines += ["", "Not finished in time: " + ", ".join(f"phiên {who} {where}" for who, where in run.timeouts[:40])]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
    return 1 if run.errors or run.timeouts or mismatched or loaded != args.uploads else 0


if __name__ == "__main__":
    sys.exit(main())
