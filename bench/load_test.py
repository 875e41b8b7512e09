"""Load test: 30 headless-Chromium sessions browsing the dashboard while an analyst uploads through the page.

    .venv/bin/python bench/load_test.py [--sessions 30] [--rounds 3] [--uploads 4] [--rows 2000] [--no-write]
    .venv/bin/python bench/load_test.py --cluster [--ports 8720,8721,8722,8723] …

The app is served on loopback (tests/e2e.py) over a copy of the sample warehouse, with accounts on: every
session signs in through the form (viewers share one viewer account; the analyst has its own). Each viewer
session opens the pages its sidebar lists, `--rounds` times, by clicking the links as a person would, and
reads each page for a while (`--think`, 20–60 s) before the next click; a page counts as shown when the server
has said that the click's run of the app finished (Streamlit's `script_finished`, read from the websocket: a
page's own fragments and a reader's look at the published version are not the click's run) and every chart is
drawn.
Meanwhile the analyst session uploads `--uploads` generated reports (`--rows` rows each, new unit and
quarter) through "Nạp dữ liệu" — review, confirm, "Nạp" — one after another. Errors counted: a Streamlit
exception box, the dashboard's error message, a JavaScript error, a failed sign-in or upload; pages not
finished within `--page-timeout` are counted apart. Both make the run fail (exit 1).
After the run, the warehouse is checked: every batch holds exactly its rows. Figures go to the "load"
section of bench/RESULTS.md.

`--cluster`: the same run against writer + 2 readers behind nginx (deploy/cluster.py, ports nginx, writer,
readers): the viewers through nginx (each browser is given a reader by nginx's sticky cookie), the analyst on the
writer (through nginx's address for it, `--admin-port`). One more session per reader (a probe, pinned to it by
its cookie, not counted among the viewers) stays on "Tổng quan" without a click: from the analyst's "Đã nạp xong"
the time until the card "Hồ sơ nhận giải quyết" of Quý I/2026 shows the sum of the reports uploaded so far (read
from the workbooks) is recorded — the reader reruns the open page by itself; more than 10 s fails the run. The
page itself notes when the figure appears (a MutationObserver, the machine's clock), and a timeline from the
instances' logs ($CCHC_LOG_LEVEL=INFO, set by deploy/cluster.py) says where the seconds went: the writer's last
write, the publication (wait, copy, check), each reader opening the snapshot and having it ready (queries
warmed), its sessions' first runs on it, and what the probe's browser received.
Figures go to the "load-cluster" section.
"""

import argparse
import asyncio
import datetime as dt
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from accounts import config  # noqa: E402
from accounts.passwords import hash_password  # noqa: E402
from bench.results import machine, write_section  # noqa: E402
from deploy import cluster  # noqa: E402
from vocabulary.numbers import number  # noqa: E402
from loaders import sample  # noqa: E402
from tests.big_report import write_big_report  # noqa: E402
from tests.e2e import CHROMIUM, CHROMIUM_ARGS, finished_runs, serve_app  # noqa: E402
from tests.workbook_truth import totals  # noqa: E402

SECTION = "load"
SECTION_CLUSTER = "load-cluster"
PASSWORD = "tai-thu-nghiem"
SKIP = {"Nạp dữ liệu", "Quản lý dữ liệu", "Tài khoản"}      # not a viewer's pages
FULL_SCREEN = "Trình chiếu"
ARRIVALS = 60           # seconds over which the sessions open the dashboard
THINK = (20.0, 60.0)    # seconds a person reads a page before the next click, uniform (--think MIN,MAX)
QUARTER = ("Kỳ báo cáo: Quý I năm 2026", "(Từ ngày 15/12/2025 đến ngày 14/3/2026)")
DONE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector("[data-testid='stStatusWidget']")) return false;
  return document.querySelectorAll('.js-plotly-plot:not(:has(.main-svg))').length === 0;
}"""
STATE_JS = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  return [app && app.getAttribute('data-test-script-state'),
          document.querySelector("[data-testid='stStatusWidget']") ? 'status widget shown' : '',
          document.querySelectorAll('.js-plotly-plot:not(:has(.main-svg))').length + ' charts not drawn'].join(', ');
}"""
ERROR_TEXT = "Đã xảy ra lỗi"


class Run:
    def __init__(self):
        self.times = defaultdict(list)          # page title → seconds
        self.errors = []                        # (session, page, what)
        self.timeouts = []                      # (session, page): not finished within the page timeout
        self.uploads = []                       # seconds per upload
        self.upload_window = None
        self.uploaded = []                      # (monotonic time of "Đã nạp xong", asyncio.Event) per upload
        self.done_at = []                       # wall-clock time of each "Đã nạp xong", to place the servers' log lines
        # reader port → per upload, seconds from "Đã nạp xong" to the new total drawn on the probe's page
        self.propagation = defaultdict(list)
        self.drawn_at = defaultdict(list)       # reader port → per upload, wall-clock time it was drawn
        self.probe_runs = defaultdict(list)     # reader port → (wall-clock time, "app" | "fragment") the probe received
        self.seen_late = defaultdict(list)      # reader port → seconds between the figure in the page and the benchmark seeing it


class AppRuns:
    """How many runs of the app the server has finished for a page (its websocket's `script_finished`), so that
    a click's run is waited for, not the last one, however short it is and whatever the page draws (Trình chiếu
    has no heading; its run may come and go between two looks at the page)."""

    def __init__(self, page):
        self.finished = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload):
        self.finished += finished_runs(payload).count("app")

    async def after(self, count: int, path: str, page, timeout: float):
        """Until a run later than the `count`th has finished at the address `path`."""
        deadline = time.perf_counter() + timeout
        while self.finished <= count or urllib.parse.urlparse(page.url).path.rstrip("/") != path:
            if time.perf_counter() > deadline:
                raise TimeoutError
            await asyncio.sleep(0.05)


PAGE_TIMEOUT = 180.0     # seconds a page may take before it counts as not shown (--page-timeout)
ANALYST_AFTER = ARRIVALS / 2   # seconds after the first viewer the analyst opens the dashboard (--analyst-after)
async def _click_and_wait(page, runs: AppRuns, link, timeout: float | None = None):
    """Click a sidebar link; wait until the address is the page's, the server has finished a run of the app
    begun after the click, and every chart is drawn."""
    timeout = timeout or PAGE_TIMEOUT
    path = urllib.parse.urlparse(await link.get_attribute("href")).path.rstrip("/")
    before = runs.finished
    await link.click()
    began = time.perf_counter()
    try:
        await runs.after(before, path, page, timeout)
    except TimeoutError:
        state = await page.evaluate(STATE_JS)
        raise TimeoutError(f"no run seen at {path or '/'}, now at {urllib.parse.urlparse(page.url).path} ({state})") from None
    left = max(1.0, timeout - (time.perf_counter() - began))
    try:
        await page.wait_for_function(DONE_JS, timeout=left * 1000)
    except Exception:
        state = await page.evaluate(STATE_JS)
        raise TimeoutError(f"run not finished ({state})") from None


async def _problems(page) -> list[str]:
    found = []
    boxes = page.locator("[data-testid='stException']")
    if await boxes.count():
        found.append("hộp lỗi Streamlit: " + " ".join((await boxes.first.inner_text()).split())[:300])
    if ERROR_TEXT in await page.inner_text("body"):
        found.append("thông báo lỗi của dashboard")
    return found


async def _sign_in(page, url: str, login: str) -> AppRuns:
    runs = AppRuns(page)
    await page.goto(url + "/", wait_until="domcontentloaded", timeout=PAGE_TIMEOUT * 1000)
    await page.wait_for_selector("input[type=password]", timeout=PAGE_TIMEOUT * 1000)
    await page.get_by_label("Tên đăng nhập").fill(login)
    await page.get_by_label("Mật khẩu").fill(PASSWORD)
    await page.get_by_role("button", name="Đăng nhập").click()
    await page.wait_for_selector("[data-testid='stSidebarNav'] a", timeout=120_000)
    await page.wait_for_function(DONE_JS, timeout=120_000)
    return runs


async def viewer(browser, url: str, number: int, rounds: int, run: Run):
    reading = random.Random(number)          # the same pauses on every run of the benchmark
    context = await browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT * 1000)
    page.on("pageerror", lambda exc: run.errors.append((number, "?", f"JavaScript: {exc}")))
    try:
        runs = await _sign_in(page, url, "xem")
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
                    await _click_and_wait(page, runs, page.locator("[data-testid='stSidebarNav'] a", has_text=title).first)
                except Exception as exc:
                    run.timeouts.append((number, title, str(exc)[:80]))
                    continue
                run.times[title].append(time.perf_counter() - started)
                for problem in await _problems(page):
                    run.errors.append((number, title, problem))
                await asyncio.sleep(reading.uniform(*THINK))
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
        runs = await _sign_in(page, url, "chuyenvien")
        await _click_and_wait(page, runs, page.locator("[data-testid='stSidebarNav'] a", has_text="Nạp dữ liệu").first)
        for path in files:
            started = time.perf_counter()
            await page.wait_for_function(DONE_JS, timeout=180_000)
            await page.locator("input[type=file]").set_input_files(str(path))
            # the file's review ("tai_thu_2.xlsx — Có cảnh báo — cần xác nhận"), not the last file's
            await page.get_by_text(f"{path.name} —").wait_for(timeout=180_000)
            await page.wait_for_function(DONE_JS, timeout=180_000)
            # confirm the file's warnings: tick each box once (a second click while the rerun is on its way
            # would untick it), then wait for the load button to come on
            boxes = page.locator("[data-testid='stCheckbox']").filter(has_text=re.compile(r"^Tôi (đã xem|đồng ý)"))
            ready = page.locator("button:not([disabled])", has_text="Nạp 1 tệp")
            await boxes.or_(ready).first.wait_for(timeout=180_000)     # the review's end has been drawn
            for i in range(await boxes.count()):
                if not await boxes.nth(i).locator("input").is_checked():
                    await boxes.nth(i).click()
            await ready.wait_for(timeout=180_000)
            await ready.click()
            await page.locator("[data-testid='stAlertContentSuccess']", has_text=path.name).wait_for(timeout=180_000)
            run.uploads.append(time.perf_counter() - started)
            run.uploaded[len(run.uploads) - 1][0] = time.monotonic()
            run.done_at.append(time.time())
            run.uploaded[len(run.uploads) - 1][1].set()
            for problem in await _problems(page):
                run.errors.append(("chuyên viên", "Nạp dữ liệu", problem))
    except Exception as exc:
        run.errors.append(("chuyên viên", "Nạp dữ liệu", f"{type(exc).__name__}: {str(exc)[:160]}"))
        if os.environ.get("CCHC_LOAD_TEST_SHOTS"):
            await page.screenshot(path=os.environ["CCHC_LOAD_TEST_SHOTS"], full_page=True)
    finally:
        run.upload_window = (began, time.perf_counter())
        for _, done in run.uploaded:            # an upload that failed: the probes stop waiting for it
            done.set()
        await context.close()


PROPAGATION_LIMIT = 10.0      # seconds a reader may take to show an upload committed on the writer
# In the probe's page: the time (the page's clock, the machine's) each awaited figure first stood in the main area.
# Asking Playwright for the page's text every 0,2 s measured the benchmark too: on a loaded machine its answers
# came seconds after the page held the figure (bench/RESULTS.md, the cluster notes).
WATCH_JS = """figures => {
  window.cchcShown = window.cchcShown || {};
  const look = () => {
    const main = document.querySelector("[data-testid='stMain']");
    const text = main ? main.textContent : '';
    for (const f of figures) if (!(f in window.cchcShown) && text.includes(f)) window.cchcShown[f] = Date.now();
  };
  new MutationObserver(look).observe(document.body, {subtree: true, childList: true, characterData: true});
  look();
}"""
FIRST_SHOWN_JS = """figures => {
  const seen = figures.map(f => window.cchcShown[f]).filter(t => t !== undefined);
  return seen.length ? Math.min(...seen) : null;
}"""
PROBE_GIVES_UP = 120.0


async def probe(browser, url: str, port: int, key: str, shown: list[str], run: Run):
    """A session pinned to the reader on `port` (its sticky cookie `key`), left on "Tổng quan": after each upload,
    the seconds until the upload's figure `shown[i]`, or a later upload's, is on the page, with no click (the
    reader reruns it)."""
    context = await browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    await context.add_cookies([{"name": "cchc_reader", "value": key, "url": url}])
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT * 1000)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: run.probe_runs[port].extend(
        (time.time(), kind) for kind in finished_runs(payload))))
    who = f"thăm dò máy đọc {port}"
    page.on("pageerror", lambda exc: run.errors.append((who, "Tổng quan", f"JavaScript: {exc}")))
    try:
        await _sign_in(page, url, "xem")
        await page.evaluate(WATCH_JS, shown)
        for i in range(len(shown)):
            await run.uploaded[i][1].wait()
            began = run.uploaded[i][0]
            if began is None:
                return
            # a later upload's total holds this one's (the totals add up): a page that went straight to it showed it
            while (at := await page.evaluate(FIRST_SHOWN_JS, shown[i:])) is None:
                if time.monotonic() - began > PROBE_GIVES_UP:
                    run.propagation[port].append(float("inf"))
                    break
                await asyncio.sleep(0.2)
            else:
                run.propagation[port].append(at / 1000 - run.done_at[i])
                run.drawn_at[port].append(at / 1000)
                run.seen_late[port].append(time.time() - at / 1000)
            for problem in await _problems(page):
                run.errors.append((who, "Tổng quan", problem))
    except Exception as exc:
        run.errors.append((who, "Tổng quan", f"{type(exc).__name__}: {str(exc)[:160]}"))
    finally:
        await context.close()


async def drive(url: str, sessions: int, rounds: int, files: list[Path], writer_url: str | None = None,
                probes: dict[int, str] | None = None, shown: list[str] | None = None) -> tuple[Run, float]:
    """`writer_url`: where the analyst uploads when it is not `url` (a cluster); `probes`: reader port → its
    sticky key, each followed by a probe waiting for `shown` (the figure each upload brings)."""
    from playwright.async_api import async_playwright

    run = Run()
    run.uploaded = [[None, asyncio.Event()] for _ in files]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        started = time.perf_counter()
        # the sessions arrive over the first minute; the analyst starts uploading while they browse
        tasks = [asyncio.create_task(_later(i * ARRIVALS / sessions, viewer(browser, url, i + 1, rounds, run)))
                 for i in range(sessions)]
        tasks.append(asyncio.create_task(analyst(browser, writer_url or url, files, run, start_after=ANALYST_AFTER)))
        tasks += [asyncio.create_task(probe(browser, url, port, key, shown, run)) for port, key in (probes or {}).items()]
        await asyncio.gather(*tasks)
        total = time.perf_counter() - started
        await browser.close()
    return run, total


async def _later(delay: float, coroutine):
    await asyncio.sleep(delay)
    await coroutine


def _busy_cpu() -> float:
    """CPU seconds the whole machine has spent busy (all cores) since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def _server_cpu(url: str) -> float:
    """CPU seconds of the Streamlit process serving `url` (found by its port on the command line)."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if any(part.endswith(b"serve.py") for part in cmdline) and port.encode() in cmdline:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return float("nan")


def _s(seconds: float) -> str:
    return number(seconds, 1) + " s"


def main(argv=None) -> int:
    global PAGE_TIMEOUT, THINK, ANALYST_AFTER
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--uploads", type=int, default=4)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--page-timeout", type=float, default=PAGE_TIMEOUT)
    parser.add_argument("--think", default=f"{THINK[0]:g},{THINK[1]:g}", help="seconds MIN,MAX between clicks")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--analyst-after", type=float, default=ANALYST_AFTER)
    parser.add_argument("--cluster", action="store_true", help="writer + readers behind nginx (deploy/cluster.py)")
    parser.add_argument("--ports", default="8720,8721,8722,8723", help="with --cluster: nginx,writer,reader,reader…")
    parser.add_argument("--admin-port", type=int, default=8724, help="with --cluster: nginx's port for the writer")
    args = parser.parse_args(argv)
    PAGE_TIMEOUT = args.page_timeout
    ANALYST_AFTER = args.analyst_after
    THINK = tuple(float(x) for x in args.think.split(","))
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
        if args.cluster:
            figures = cluster_run(args, folder, db, files)
            run, total, busy_cpu = figures["run"], figures["total"], figures["busy_cpu"]
        else:
            with serve_app(db, timeout=180) as url:
                server_before, busy_before = _server_cpu(url), _busy_cpu()
                run, total = asyncio.run(drive(url, args.sessions, args.rounds, files))
                server_cpu, busy_cpu = _server_cpu(url) - server_before, _busy_cpu() - busy_before
        con = queries.connect(db, verify=True)
        mismatched = con.execute("SELECT count(*) FROM (SELECT b.batch_id FROM load_batch b LEFT JOIN dossier_count d "
                                 "USING (batch_id) WHERE b.kind = 'dossiers' GROUP BY b.batch_id, b.row_count "
                                 "HAVING count(d.batch_id) <> b.row_count)").fetchone()[0]
        batches = [b for (b,) in con.execute("SELECT batch_id FROM load_batch WHERE loaded_by = 'Chuyên viên thử tải' "
                                             "ORDER BY batch_id").fetchall()]
        loaded = len(batches)
        con.close()
        if args.cluster:
            figures["timeline"] = timeline(folder / "cluster", figures["record"], batches, run)
    if args.cluster:
        return cluster_report(args, figures, mismatched, loaded)
    views = sum(len(v) for v in run.times.values())
    lines = [
        f"## Load test: {args.sessions} Chromium sessions while an analyst uploads (bench/load_test.py)",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()} — the app, the sessions' Chromium and the benchmark on the same machine",
        f"- Sessions: {args.sessions} viewers signed in through the form (arriving over {ARRIVALS} s), each opening "
        f"every page of its sidebar {args.rounds} times by clicking the links and reading each page "
        f"{THINK[0]:g}–{THINK[1]:g} s before the next click (\"Trình chiếu\", full screen, once at the end); one analyst "
        f"uploading {args.uploads} reports of {number(args.rows)} rows through \"Nạp dữ liệu\" (review, confirm, load) "
        "meanwhile",
        f"- **Errors: {len(run.errors)}** (Streamlit exception boxes, the dashboard's error message, JavaScript "
        f"errors, a failed sign-in or upload); pages not finished within {PAGE_TIMEOUT:.0f} s: {len(run.timeouts)}",
        f"- Page views: {views} in {_s(total)}; uploads stored: {loaded} of {args.uploads} "
        f"({', '.join(_s(u) for u in run.uploads)} each, review to \"Đã nạp xong\"); batches whose stored rows "
        f"differ from their row count after the run: {mismatched}",
        f"- CPU during the run: the machine {_s(busy_cpu)} busy of {_s(total * (os.cpu_count() or 1))} "
        f"({os.cpu_count()} cores × the run); the dashboard's server process {_s(server_cpu)}, the rest the "
        "sessions' Chromium and the benchmark",
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
        lines += ["", "Not finished in time: " + ", ".join(f"phiên {who} {where} ({why})" for who, where, why in run.timeouts[:40])]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
    return 1 if run.errors or run.timeouts or mismatched or loaded != args.uploads else 0


def _own_cpu() -> float:
    """CPU seconds of this benchmark and every child process it has reaped (servers, nginx, Chromium)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def cluster_run(args, folder: Path, db: Path, files: list[Path]) -> dict:
    """The run against writer + readers behind nginx; the processes are stopped (and reaped) before returning."""
    nginx_port, writer_port, *reader_ports = [int(p) for p in args.ports.split(",")]
    state = folder / "cluster"
    # the figure each upload brings to the card "Hồ sơ nhận giải quyết" of Quý I/2026 (the sample has none)
    shown = [number(totals(files[:k + 1])["recv_total"]) for k in range(len(files))]
    loads = [_load_average()]
    own_before, busy_before = _own_cpu(), _busy_cpu()
    record = cluster.start(state, nginx_port, writer_port, reader_ports, db=db, timeout=300,
                           admin_port=args.admin_port)
    try:
        servers = [record["instances"]["writer"], *record["instances"]["readers"]]
        cpu_before = [_server_cpu(u) for u in servers]
        keys = cluster.reader_keys(state, record["balancer"], len(reader_ports))
        run, total = asyncio.run(drive(record["balancer"], args.sessions, args.rounds, files,
                                       writer_url=record["writer"], probes=keys, shown=shown))
        servers_cpu = [_server_cpu(u) - b for u, b in zip(servers, cpu_before)]
        loads.append(_load_average())
        time.sleep(1)                                    # nginx logs each websocket as it closes
        per_reader = defaultdict(int)
        log = (state / "nginx" / "access.log").read_text(encoding="utf-8", errors="replace")
        readers = {u.removeprefix("http://") for u in record["instances"]["readers"]}
        for key in set(re.findall(r"reader_key=(\w+)", log)) - set(keys.values()):
            for upstream in cluster.served_by(state, key, "/_stcore/stream") & readers:   # not the analyst's
                per_reader[upstream] += 1
    finally:
        cluster.stop(state)
    own, busy = _own_cpu() - own_before, _busy_cpu() - busy_before
    return {"run": run, "total": total, "busy_cpu": busy, "own_cpu": own, "servers": servers,
            "servers_cpu": servers_cpu, "per_reader": dict(per_reader), "loads": loads, "record": record}


LOG_LINE = re.compile(r"(snapshot published|snapshot opened|snapshot ready|session switched) (.*)")


def log_events(path: Path) -> list[tuple[str, dict]]:
    """The timed lines an instance logged (loaders/snapshots.py, frame/reader.py): (what, its key=value fields)."""
    events = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        found = LOG_LINE.search(line)
        if found:
            fields = dict(re.findall(r"(\w+)=([\d.]+)", found.group(2)))
            events.append((found.group(1), {k: float(v) for k, v in fields.items()}))
    return events


def timeline(state: Path, record: dict, batches: list[int], run: Run) -> list[dict]:
    """Per upload and reader, where the seconds from "Đã nạp xong" to the probe's drawn total went, from the
    writer's and the readers' logs (wall-clock times, all on this machine): the writer's last write, the
    snapshot holding the upload pointed at (waiting for the writes to pause, the copy, its check), the reader
    opening it (its watcher's first look after the publication), the snapshot ready for the sessions (its
    queries warmed), the first session of that reader redrawn on it (how long that run took), and the probe's
    page drawn."""
    writer = log_events(state / "writer.log")
    rows = []
    for i, (batch, done) in enumerate(zip(batches, run.done_at)):
        publication = next((f for what, f in writer if what == "snapshot published" and f["last_batch"] >= batch), None)
        if publication is None:
            continue
        version = publication["version"]
        wrote = publication["at"] - sum(publication[k] for k in ("after_last_write", "lock", "copy", "check", "point"))
        for n, url in enumerate(record["instances"]["readers"]):
            port = int(url.rsplit(":", 1)[1])
            events = log_events(state / f"reader-{n + 1}.log")
            opened = next((f for what, f in events if what == "snapshot opened" and f["version"] >= version), None)
            ready = next((f for what, f in events if what == "snapshot ready" and f["version"] >= version), None)
            switched = [f for what, f in events if what == "session switched" and f["version"] == version]
            drawn = run.drawn_at[port][i] if i < len(run.drawn_at[port]) else None
            # what the probe's browser received between the publication and its page drawn: the reader's looks
            # (fragment runs) and the app's run that drew the new total
            received = [(t, kind) for t, kind in run.probe_runs[port] if publication["at"] <= t <= (drawn or t)]
            rows.append({"upload": i + 1, "port": port, "done": done, "wrote": wrote, "publication": publication,
                         "opened": opened, "ready": ready, "switched": switched, "drawn": drawn,
                         "looks": [t for t, kind in received if kind == "fragment"],
                         "app_runs": [t for t, kind in received if kind == "app"]})
    return rows


def timeline_lines(rows: list[dict]) -> list[str]:
    """The timeline as a table: seconds after "Đã nạp xong" (negative: before it)."""
    def at(t, done):
        return _s(t - done) if t is not None else "—"

    lines = ["", "Where the seconds go (from the servers' logs; seconds after \"Đã nạp xong\", negative: before it; "
             "\"wait\" is the publisher's pause after the last write, \"sessions redrawn\" the reader's sessions whose "
             "first run on the new snapshot ended, with the median and longest such run):", "",
             "| Upload | Reader | last write | published (wait + copy + check) | opened by the reader (open) | "
             "ready for the sessions (queries warmed, seconds) | first session redrawn | sessions redrawn (median run, "
             "longest) | probe's looks received | probe's app run received | probe's page drawn |",
             "|---:|---|---:|---|---|---|---:|---|---|---:|---:|"]
    for row in rows:
        p, opened, ready, switched, done = row["publication"], row["opened"], row["ready"], row["switched"], row["done"]
        runs = sorted(f["run"] for f in switched)
        lines.append(
            f"| {row['upload']} | {row['port']} | {at(row['wrote'], done)} | {at(p['at'], done)} "
            f"({_s(p['after_last_write'])} + {_s(p['copy'])} + {_s(p['check'])}) | "
            + (f"{at(opened['at'], done)} ({_s(opened['open'])})" if opened else "—") + " | "
            + (f"{at(ready['at'], done)} ({number(ready['warmed'])}, {_s(ready['seconds'])})" if ready else "—") + " | "
            + (at(min(f["at"] for f in switched), done) if switched else "—") + " | "
            + (f"{len(runs)} ({_s(statistics.median(runs))}, {_s(runs[-1])})" if runs else "0") + " | "
            + (", ".join(at(t, done) for t in row["looks"]) or "none") + " | "
            + (at(row["app_runs"][0], done) if row["app_runs"] else "—") + " | "
            + at(row["drawn"], done) + " |")
    return lines


def cluster_report(args, figures: dict, mismatched: int, loaded: int) -> int:
    run, total = figures["run"], figures["total"]
    views = sum(len(v) for v in run.times.values())
    late = [(port, i + 1, s) for port, times in run.propagation.items() for i, s in enumerate(times)
            if s > PROPAGATION_LIMIT]
    counted = sum(len(times) for times in run.propagation.values())
    writer, *readers = figures["servers"]
    lines = [
        f"## Load test (cluster): {args.sessions} Chromium sessions through nginx to 2 readers while an analyst "
        "uploads on the writer (bench/load_test.py --cluster)",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()} — nginx, the writer, {len(readers)} readers, the sessions' Chromium and the "
        "benchmark on the same machine, beside the other engineers' work (load average "
        f"{number(figures['loads'][0], 1)} at the start, {number(figures['loads'][1], 1)} at the end)",
        f"- Sessions: {args.sessions} viewers through nginx ({figures['record']['balancer']}), signed in through the "
        f"form (arriving over {ARRIVALS} s), each opening every page of its sidebar {args.rounds} times and reading each "
        f"page {THINK[0]:g}–{THINK[1]:g} s; one analyst on the writer through nginx ({figures['record']['writer']}, instance {writer}) uploading {args.uploads} reports of "
        f"{number(args.rows)} rows through \"Nạp dữ liệu\" from {ANALYST_AFTER:g} s after the first viewer; one probe "
        "session per reader (not counted above)",
        "- Sessions per reader (nginx's sticky cookie, from its access log): "
        + ", ".join(f"{u}: {number(n)}" for u, n in sorted(figures["per_reader"].items())),
        f"- **Errors: {len(run.errors)}**; pages not finished within {PAGE_TIMEOUT:.0f} s: {len(run.timeouts)}",
        "- **Upload → drawn on each reader**, per upload: seconds from the analyst's \"Đã nạp xong\" to the new "
        "total in the probe's open \"Tổng quan\" (the time the page itself saw it, a MutationObserver; negative: "
        "before the analyst's page said so), with no click (the reader reruns the page once it has the new "
        f"snapshot; limit {PROPAGATION_LIMIT:.0f} s): "
        + "; ".join(f"{u}: " + ", ".join(_s(a) for a in run.propagation.get(int(u.rsplit(':', 1)[1]), []))
                    for u in readers)
        + f" — {counted - len(late)} of {args.uploads * len(readers)} within the limit; the benchmark itself saw "
        "the figure " + ", ".join(_s(x) for port in sorted(run.seen_late) for x in run.seen_late[port])
        + " after the page had it",
        f"- Page views: {views} in {_s(total)}; uploads stored: {loaded} of {args.uploads} "
        f"({', '.join(_s(u) for u in run.uploads)} each, review to \"Đã nạp xong\"); batches whose stored rows "
        f"differ from their row count after the run: {mismatched}",
        f"- CPU during the run: the machine {_s(figures['busy_cpu'])} busy; this run (servers, nginx, Chromium, the "
        f"benchmark) {_s(figures['own_cpu'])}, so the other engineers' work about "
        f"{_s(max(0.0, figures['busy_cpu'] - figures['own_cpu']))}; writer {_s(figures['servers_cpu'][0])}, readers "
        + ", ".join(_s(c) for c in figures["servers_cpu"][1:]),
        "",
        "| Page | Views | Median | 95th percentile | Max |",
        "|---|---:|---:|---:|---:|",
    ]
    for title, times in sorted(run.times.items()):
        ordered = sorted(times)
        p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
        lines.append(f"| {title} | {len(times)} | {_s(statistics.median(times))} | {_s(p95)} | {_s(max(times))} |")
    lines += timeline_lines(figures.get("timeline", []))
    if run.errors:
        lines += ["", "Errors:", ""] + [f"- phiên {who}, {where}: {what}" for who, where, what in run.errors[:40]]
    if run.timeouts:
        lines += ["", "Not finished in time: " + ", ".join(f"phiên {who} {where} ({why})" for who, where, why in run.timeouts[:40])]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(SECTION_CLUSTER, text)
    failed = run.errors or run.timeouts or mismatched or loaded != args.uploads or late or counted < args.uploads * len(readers)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
