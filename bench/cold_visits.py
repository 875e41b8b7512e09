"""Cold first visits only, before and after a change, alternating (issue 17 §3: ≤ 3 s at national scale).

    .venv/bin/python bench/cold_visits.py --db WAREHOUSE [--roots BEFORE_DIR,AFTER_DIR] [--pages PATH,…]
        [--rounds 2] [--port 8620]

A cold first visit (as bench/pages_bench.py measures it): a new `serve.py` process of each source tree in
--roots (default: this one), timed from its start to ready (it answers /_stcore/health: `serve.prepare` done),
then a new Chromium context opens the page: ms to the end of the run with every chart drawn. The trees are taken
in turn for each page and round, so a before/after pair sees the same load; the load average is printed beside
each visit. Each tree serves with its own `.venv/bin/python` (a symlink to the shared venv in a worktree).
The warehouse is opened read-write by each server in turn: use a copy, not a warehouse another process serves.
Nothing is written to RESULTS.md: the figures are copied there by hand with the load beside them.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages_bench import PAGES, chosen_pages, peak_mb, server, visit  # noqa: E402


def main():
    from playwright.sync_api import sync_playwright

    from tests.e2e import CHROMIUM, CHROMIUM_ARGS

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--roots", default=str(ROOT), help="source trees, comma-separated, taken in turn")
    parser.add_argument("--pages", help="URL paths, comma-separated (default: every page)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--port", type=int, default=8620)
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",") if r.strip()]
    pages = chosen_pages(args.pages) if args.pages else PAGES
    print("page | tree | ready s | cold visit ms | run finished ms | first chart ms | errors | peak MB | load")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _, path, title in pages:
                for _ in range(args.rounds):
                    for root in roots:
                        t = time.perf_counter()
                        with server(root / "serve.py", Path(args.db), args.port,
                                    python=str(root / ".venv" / "bin" / "python"), ready_s=900) as (url, proc):
                            ready = time.perf_counter() - t
                            r = visit(browser, f"{url}/{path}")
                            peak = peak_mb(proc.pid)
                        chart = f"{r['first_chart'] * 1000:.0f}" if r["first_chart"] else "—"
                        print(f"{title} | {root.name} | {ready:.1f} | {r['done'] * 1000:.0f} | "
                              f"{r['finished'] * 1000:.0f} | {chart} | {r['exceptions']} | {peak:.0f} | "
                              f"{os.getloadavg()[0]:.2f}", flush=True)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
