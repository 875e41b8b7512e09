"""Every page at province and national scale: warm rerun, new session, the browser's first chart against a
one-chart Streamlit app, the cold first visit, and the server's peak memory (issue 17 §3).

    .venv/bin/python bench/pages_bench.py [--scales province,national] [--repeat 3] [--no-browser] [--no-write]
        [--pages PATH,…] [--no-apptest] [--dir DIR] [--port-base PORT]

--pages measures only the pages of those URL paths ("" or "tong-quan" is Tổng quan); --dir keeps the warehouses
in DIR and reuses one already there (its build figures in <scale>.json beside it), so a before/after comparison
does not wait for the build; a run of some pages is best kept out of RESULTS.md (--no-write).

For each scale a fresh warehouse is generated as `bench/queries_bench.py` does (120 units × 40 lĩnh vực × 40
quarters per province; national = 34 provinces, 6.528.000 dossier rows), and the bundled sample is loaded on top
through the analyst's path (its scores, KPIs, targets, plan tasks and dossier lists, so that every page has
something to draw; the dossier counts are the generated ones plus the sample's 11 departments).

Then:
  - AppTest (in-process, no browser), one new process per page: the first run (cold: opens the file), the
    median of --repeat reruns of the same session, the median of --repeat new sessions in the same process.
  - Browser (headless Debian Chromium via Playwright): one server for the whole scale; for each page, a new
    browser context opens it and the time to the first Plotly chart drawn in view (a chart in a tab not shown
    does not count) and to the end of the script run are taken; in the same loop, alternating, the same is taken on a one-chart Streamlit app
    (bench/peer_one_chart.py, served beside it): the peer the goal is stated against (≤ 1,3×). After every page
    was visited, the server's peak resident memory (VmHWM of its process; goal ≤ 1 GB at national scale).
  - Cold first visit: for each page, a new server process (fresh DuckDB instance, nothing cached) and the first
    visit of that page, to the end of the script run and its charts (goal ≤ 3 s at national scale).
The results go to the "pages" section of bench/RESULTS.md. The figures depend on what else runs on the machine:
the load average before and after each scale is printed with them.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.queries_bench import SCALES, generate  # noqa: E402
from bench.results import machine, new_session, write_section  # noqa: E402
from tests.e2e import wait_healthy  # noqa: E402

SECTION = "pages"
PEER = ROOT / "bench" / "peer_one_chart.py"
GOALS = {"province": 300, "national": 1000}      # ms, warm rerun and new session
FIRST_CHART_RATIO = 1.3
COLD_VISIT_MS = 3000
PEAK_MB = 1024

# (file, URL path, title): every page of the navigation in dashboard.py, in its order.
PAGES = [
    ("overview.py", "", "Tổng quan"),
    ("dossiers.py", "ho-so-tthc", "Hồ sơ TTHC"),
    ("dossier_list.py", "ho-so-chi-tiet", "Hồ sơ chi tiết"),
    ("scores.py", "chi-so", "Chỉ số"),
    ("plan.py", "muc-tieu", "Mục tiêu & kế hoạch"),
    ("quality.py", "chat-luong-du-lieu", "Chất lượng dữ liệu"),
    ("upload.py", "nap-du-lieu", "Nạp dữ liệu"),
    ("manage.py", "quan-ly-du-lieu", "Quản lý dữ liệu"),
    ("presentation.py", "trinh-chieu", "Trình chiếu"),
    ("alerts.py", "canh-bao", "Cảnh báo & bản tin"),
]

# No accounts file: every page open to the visitor, as on a fresh `make run`.
NO_ACCOUNTS = str(ROOT / "bench" / "out" / "no-accounts.toml")


def build(db: Path, provinces: int) -> dict:
    """The generated history, then the sample loaded on top. The sample's dossier lists are drawn from the Biểu 06
    reports stored when it loads (loaders/dossier_sample.py): on top of the generated history they would be drawn
    from every generated unit too (3,8 million dossiers at province scale, 20 minutes to load). The bench keeps
    the sample's own lists, drawn from a warehouse holding the sample alone."""
    gen = generate(db, provinces)
    import queries
    from loaders import dossier_sample, sample
    t = time.perf_counter()
    alone = queries.connect(db.with_name(f"{db.stem}-sample-alone.duckdb"))
    sample.load_sample(alone)
    lists = dossier_sample.generate(alone)
    alone.close()
    con = queries.connect(db)
    drawn = dossier_sample.generate
    dossier_sample.generate = lambda _con: lists
    try:
        _, problems = sample.load_sample(con)
    finally:
        dossier_sample.generate = drawn
    con.execute("CHECKPOINT")
    gen["dossiers"] = con.execute("SELECT count(*) FROM dossier").fetchone()[0]
    con.close()
    if problems:
        raise SystemExit(f"the sample did not load: {problems[:3]}")
    gen["sample_s"] = time.perf_counter() - t
    gen["file_mb"] = db.stat().st_size / 1e6
    return gen


def built(db: Path, provinces: int) -> dict:
    """The warehouse of --dir: the one already there with its build figures, or a new one (figures saved)."""
    figures = db.with_suffix(".json")
    if db.exists() and figures.exists():
        return json.loads(figures.read_text())
    gen = build(db, provinces)
    figures.write_text(json.dumps(gen))
    return gen


def chosen_pages(paths: str | None) -> list:
    if paths is None:
        return PAGES
    wanted = {"" if p.strip() == "tong-quan" else p.strip() for p in paths.split(",")}
    unknown = wanted - {path for _, path, _ in PAGES}
    if unknown:
        raise SystemExit(f"unknown page paths: {sorted(unknown)}")
    return [page for page in PAGES if page[1] in wanted]


# ---------------------------------------------------------------- AppTest, one process per page

def worker_page(db: str, page: str, repeat: int) -> dict:
    os.environ["CCHC_DB"] = db
    os.environ["CCHC_ACCOUNTS"] = NO_ACCOUNTS
    os.chdir(ROOT)
    import dashboard  # noqa: F401  (imported first, so the cold run is not an import benchmark)
    from streamlit.testing.v1 import AppTest

    path = str(ROOT / "pages" / page)

    def run(at) -> float:
        t = time.perf_counter()
        at.run()
        took = time.perf_counter() - t
        problems = [str(e.value)[:300] for e in at.exception]
        if problems:
            raise SystemExit(f"{page} failed: {problems}")
        return took

    at = AppTest.from_file(path, default_timeout=900)
    cold = run(at)
    charts = len(at.get("plotly_chart"))
    reruns = [run(at) for _ in range(repeat)]
    sessions = [run(new_session(path, at)) for _ in range(repeat)]
    errors = [str(e.value)[:200] for e in at.error]
    # VmHWM, not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's peak (the bench process that
    # generated the national history), so every worker read the same 1.030 MB
    return {"cold": cold, "reruns": reruns, "sessions": sessions, "charts": charts, "errors": errors,
            "peak_mb": peak_mb(os.getpid())}


def in_worker(db: Path, page: str, repeat: int) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", page, "--db", str(db),
               "--repeat", str(repeat)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"page worker {page} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- browser

@contextlib.contextmanager
def server(script: Path, db: Path, port: int, python: str = sys.executable, ready_s: float = 600):
    """`script` served (serve.py as itself, from its own tree; any other through `streamlit run`) with `python`;
    (url, process) once it answers its health check, at most `ready_s` after the start (at national scale serve.py
    runs every page before it answers: a minute or more on a busy machine)."""
    env = dict(os.environ, CCHC_DB=str(db), CCHC_ACCOUNTS=NO_ACCOUNTS, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    log = tempfile.NamedTemporaryFile(prefix="pages-bench-", suffix=".log", delete=False)
    command = [python, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true"]
    if script.name == "serve.py":
        command = [python, str(script), "--server.address", "127.0.0.1", "--server.port", str(port),
                   "--server.headless", "true"]
    cwd = script.parent if script.name == "serve.py" else ROOT        # serve.py: the tree it starts
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log.name, ready_s)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


def peak_mb(pid: int) -> float:
    """VmHWM of a process and its live children (the fork server of the reader, when started)."""
    total = 0.0
    for p in [pid] + _children(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
    return total


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            found += [int(c) for c in text]
        return found + [g for c in found for g in _children(c)]
    return []


FINISHED = ("() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
            " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
            " && document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] *').length > 20; }")
# A chart drawn where the visitor sees it. A chart in a tab not shown is drawn too, but has no box on screen:
# Playwright's wait_for_selector (state "visible" by default) waited its whole 60 s timeout for one, and every
# visit of Hồ sơ chi tiết (its only chart is in its fifth tab) read 60 s more than the page took.
CHART_SHOWN = ("() => Array.from(document.querySelectorAll('.js-plotly-plot .main-svg'))"
               ".some(e => e.getClientRects().length > 0)")
DRAWN = "() => !document.querySelector('[data-testid=\"stMainBlockContainer\"] [data-testid=\"stSkeleton\"]')"
# every chart element the script sent, shown or not, has its plotly drawing
UNDRAWN = ("() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"]'))"
           ".filter(e => !e.querySelector('.main-svg')).length")
SETTLE_S = 60       # after the run ended, how long its elements may take to be drawn before the visit says so


def visit(browser, url: str, timeout_ms: int = 120000) -> dict:
    """A new browser context opens `url`: seconds to the first chart drawn in view (None: no chart in view), to
    the end of the script run, and to the end of the run with every element it sent drawn (`done`); `undrawn`
    counts charts still not drawn SETTLE_S after the run ended (then `done` is that moment, not a page figure)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    try:
        t = time.perf_counter()
        page.goto(url, wait_until="commit")
        first_chart = finished = done = None
        undrawn = 0
        deadline = t + timeout_ms / 1000
        while done is None:
            now = time.perf_counter()
            if now > deadline:
                raise SystemExit(f"{url}: not finished within {timeout_ms} ms")
            if first_chart is None and page.evaluate(CHART_SHOWN):
                first_chart = now - t
            if finished is None and page.evaluate(FINISHED):
                finished = now - t
            # the elements the script sent are drawn a moment after the run ends: each kind's code is loaded
            # when its first element arrives (a grey skeleton until then; the chart library takes seconds on
            # a busy machine), then plotly draws
            if finished is not None:
                undrawn = page.evaluate(UNDRAWN)
                if (undrawn == 0 and page.evaluate(DRAWN)) or now - t - finished > SETTLE_S:
                    done = now - t
                    if first_chart is None and page.evaluate(CHART_SHOWN):    # drawn since this round's look
                        first_chart = done
                    break
            page.wait_for_timeout(20)
        exceptions = page.query_selector_all("[data-testid='stException']")
        charts = len(page.query_selector_all(".js-plotly-plot"))
        return {"first_chart": first_chart, "finished": finished, "done": done, "charts": charts,
                "undrawn": undrawn, "exceptions": len(exceptions)}
    finally:
        context.close()


def browser_runs(db: Path, repeat: int, pages: list, port_base: int | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e import CHROMIUM, CHROMIUM_ARGS, free_port

    def port(offset: int) -> int:
        # the servers of the cold visits run one after another: they may share one port
        return free_port() if port_base is None else port_base + offset
    result = {"pages": {}, "peer": [], "cold": {}}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            with server(ROOT / "serve.py", db, port(0)) as (url, proc), \
                    server(PEER, db, port(1)) as (peer_url, _):
                visit(browser, url)                  # the first start of the process, not a page's figure
                visit(browser, peer_url)
                for _, path, title in pages:
                    runs = []
                    for _ in range(repeat):
                        result["peer"].append(visit(browser, peer_url))
                        runs.append(visit(browser, f"{url}/{path}"))
                    result["pages"][title] = runs
                    print(f"  browser {title:<22} first chart "
                          f"{_med([r['first_chart'] for r in runs if r['first_chart']]) or 0:.0f} ms, "
                          f"finished {_med([r['finished'] for r in runs]):.0f} ms", flush=True)
                result["server_peak_mb"] = peak_mb(proc.pid)
            for _, path, title in pages:
                with server(ROOT / "serve.py", db, port(2)) as (url, proc):
                    result["cold"][title] = visit(browser, f"{url}/{path}")
                    result["cold"][title]["peak_mb"] = peak_mb(proc.pid)
                print(f"  cold    {title:<22} {result['cold'][title]['done'] * 1000:.0f} ms", flush=True)
        finally:
            browser.close()
    return result


def _undrawn(runs: list) -> str:
    most = max(r.get("undrawn", 0) for r in runs)
    return f" ({most} chart(s) not drawn {SETTLE_S} s after the run)" if most else ""


def _med(values):
    values = [v * 1000 for v in values if v is not None]
    return statistics.median(values) if values else None


# ---------------------------------------------------------------- report

def fmt(ms: float | None) -> str:
    if ms is None:
        return "—"
    return f"{ms:,.0f}".replace(",", ".")


def verdict(value: float | None, goal: float) -> str:
    if value is None:
        return "—"
    return "met" if value <= goal else "**not met**"


def section(scale: str, gen: dict, apptest: dict, browser: dict | None, load: tuple, repeat: int,
            pages: list) -> list[str]:
    goal = GOALS[scale]
    rows = gen["rows"]
    lines = [f"### {scale.capitalize()} scale: {gen['units']} generated units, "
             f"{fmt(rows['dossier_count'])} generated dossier rows, with the sample on top",
             "",
             f"Generated in {gen['total']:.1f} s, sample loaded in {gen['sample_s']:.1f} s (twice: alone, for its "
             f"dossier lists, then on top; {fmt(gen['dossiers'])} dossiers); file "
             f"{gen['file_mb']:.0f} MB. Load average (1 min) {load[0]:.2f} before, {load[1]:.2f} after.",
             "",
             ]
    if apptest:
        lines += [f"AppTest (no browser), ms; goal for a warm rerun and a new session ≤ {goal} ms:",
                  "",
                  "| page | charts | first run (cold) | rerun (median) | new session (median) | goal | worker peak MB |",
                  "|---|---:|---:|---:|---:|---|---:|"]
    for _, _, title in pages if apptest else []:
        r = apptest[title]
        rerun, session = _med(r["reruns"]), _med(r["sessions"])
        lines.append(f"| {title} | {r['charts']} | {fmt(r['cold'] * 1000)} | {fmt(rerun)} | {fmt(session)} | "
                     f"{verdict(max(rerun, session), goal)} | {r['peak_mb']:.0f} |")
    if browser:
        peer = _med([r["first_chart"] for r in browser["peer"]])
        lines += ["",
                  f"Browser (headless Chromium, a new context per visit, median of {repeat}), ms. Peer: a one-chart "
                  f"Streamlit app served beside it, measured between the visits: first chart **{fmt(peer)} ms**; goal "
                  f"first chart ≤ {FIRST_CHART_RATIO:g}× the peer = {fmt(peer * FIRST_CHART_RATIO)} ms. Cold first "
                  f"visit = a new server process and its first visit of that page, to the end of the run with its "
                  f"charts (goal ≤ {fmt(COLD_VISIT_MS)} ms at national scale).",
                  "",
                  "| page | charts | first chart | ratio to peer | goal | run finished | cold first visit | "
                  "cold server peak MB |",
                  "|---|---:|---:|---:|---|---:|---:|---:|"]
        for _, _, title in pages:
            runs = browser["pages"][title]
            first = _med([r["first_chart"] for r in runs])
            finished = _med([r["finished"] for r in runs])
            cold = browser["cold"][title]
            ratio = f"{first / peer:.2f}".replace(".", ",") if first and peer else "—"
            lines.append(f"| {title} | {runs[0]['charts']} | {fmt(first)} | {ratio} | "
                         f"{verdict(first, peer * FIRST_CHART_RATIO) if first else 'no chart in view'} | "
                         f"{fmt(finished)} | {fmt(cold['done'] * 1000)}{_undrawn(runs + [cold])} | "
                         f"{cold['peak_mb']:.0f} |")
        lines += ["", f"Server peak memory after visiting every page ({repeat}× each, one server): "
                      f"**{browser['server_peak_mb']:.0f} MB** (goal ≤ {PEAK_MB} MB: "
                      f"{verdict(browser['server_peak_mb'], PEAK_MB)})."]
    return lines + [""]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="province,national")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--pages", help="URL paths of the pages to measure, comma-separated (default: every page)")
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--dir", help="keep the warehouses here; reuse one already built")
    parser.add_argument("--port-base", type=int, help="serve on this port and the next two (default: free ports)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker_page(args.db, args.worker, args.repeat)))
        return

    pages = chosen_pages(args.pages)
    tmp = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="cchc-pbench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    out = ["## Every page at province and national scale (bench/pages_bench.py)", "",
           f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}; machine: {machine()}",
           f"- DuckDB limits of the server: memory_limit {os.environ.get('CCHC_DUCKDB_MEMORY', 'default (600MB)')}, "
           f"threads {os.environ.get('CCHC_DUCKDB_THREADS', 'default (2)')}",
           "- The generated history has only dossier counts; every other page's data is the sample's.", ""]
    try:
        for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
            db = tmp / f"{scale}.duckdb"
            load_before = os.getloadavg()[0]
            print(f"[{scale}] generating …", flush=True)
            gen = built(db, SCALES[scale]) if args.dir else build(db, SCALES[scale])
            apptest = {}
            for page, _, title in [] if args.no_apptest else pages:
                apptest[title] = in_worker(db, page, args.repeat)
                r = apptest[title]
                print(f"[{scale}] {title:<22} cold {r['cold'] * 1000:7.0f}  rerun {_med(r['reruns']):7.0f}  "
                      f"session {_med(r['sessions']):7.0f} ms", flush=True)
            browser = None if args.no_browser else browser_runs(db, args.repeat, pages, args.port_base)
            out += section(scale, gen, apptest, browser, (load_before, os.getloadavg()[0]), args.repeat, pages)
    finally:
        if args.keep or args.dir:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    text = "\n".join(out).rstrip() + "\n"
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
