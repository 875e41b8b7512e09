"""Warm visits of some pages, alternating between source trees, with the one-chart peer between them: for a
before/after of a browser-side change (the chart library's preload, what a page sends before its first chart)
where bench/cold_visits.py would restart a server for every visit.

    .venv/bin/python bench/warm_visits.py --db WAREHOUSE --roots BEFORE_DIR,AFTER_DIR [--pages PATH,…]
        [--rounds 6] [--port 8660]

Each tree serves with its own `.venv/bin/python` on its own copy of the warehouse (beside it, `<db>.tree<N>`:
a server opens its file read-write), on ports PORT, PORT+1…, the peer on the next. After one visit of each
server (its first start), every round visits, for each page, the peer then each tree (the order reversed every
other round); medians and every visit (ms to the first chart in view, to the end of the run, to every element
drawn: bench/pages_bench.visit) are printed with the load average. Nothing is written to RESULTS.md."""

import argparse
import contextlib
import os
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages_bench import PEER, chosen_pages, server, visit  # noqa: E402


def _ms(values) -> str:
    values = [v for v in values if v is not None]
    return f"{statistics.median(values) * 1000:.0f}" if values else "—"


def main():
    from playwright.sync_api import sync_playwright

    from tests.e2e import CHROMIUM, CHROMIUM_ARGS

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--roots", required=True, help="source trees, comma-separated")
    parser.add_argument("--pages", default="tong-quan", help="URL paths, comma-separated")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--port", type=int, default=8660)
    args = parser.parse_args()
    roots = [Path(r).resolve() for r in args.roots.split(",") if r.strip()]
    pages = chosen_pages(args.pages)
    copies = []
    for i, _ in enumerate(roots):
        copy = Path(f"{args.db}.tree{i}")
        if not copy.exists():
            shutil.copyfile(args.db, copy)
        copies.append(copy)
    load = [os.getloadavg()[0]]
    with sync_playwright() as pw, contextlib.ExitStack() as servers:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        urls = [servers.enter_context(server(root / "serve.py", copy, args.port + i,
                                             python=str(root / ".venv" / "bin" / "python"), ready_s=900))[0]
                for i, (root, copy) in enumerate(zip(roots, copies))]
        peer_url = servers.enter_context(server(PEER, copies[0], args.port + len(roots)))[0]
        for url in [*urls, peer_url]:
            visit(browser, url)                         # each server's first start, not a figure
        peer, runs = [], {(path, i): [] for _, path, _ in pages for i in range(len(roots))}
        for r in range(args.rounds):
            for _, path, _ in pages:
                peer.append(visit(browser, peer_url))
                for i in (range(len(roots)) if r % 2 == 0 else reversed(range(len(roots)))):
                    runs[(path, i)].append(visit(browser, f"{urls[i]}/{path}"))
        browser.close()
    load.append(os.getloadavg()[0])
    print(f"peer first chart {_ms([v['first_chart'] for v in peer])} ms (median of {len(peer)}); "
          f"load average {load[0]:.1f} → {load[1]:.1f}")
    for _, path, title in pages:
        for i, root in enumerate(roots):
            found = runs[(path, i)]
            print(f"{title} | {root.name} | first chart {_ms([v['first_chart'] for v in found])} | finished "
                  f"{_ms([v['finished'] for v in found])} | done {_ms([v['done'] for v in found])} | errors "
                  f"{sum(v['exceptions'] for v in found)} | first charts "
                  f"{[round(v['first_chart'] * 1000) if v['first_chart'] else None for v in found]}")


if __name__ == "__main__":
    main()
