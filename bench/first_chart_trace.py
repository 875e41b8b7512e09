"""Where the time of a page's first chart goes: one page load in headless Chromium, every websocket message the
server sends (decoded as Streamlit's ForwardMsg: what it is, how big, when it arrived), beside the same for the
one-chart peer app (bench/peer_one_chart.py). For finding the cause of a slow first chart; the figures of record
are bench/pages_bench.py's.

    .venv/bin/python bench/first_chart_trace.py DB [--pages PATH,…] [--port-base PORT] [--cold] [--visits 2]

Each page is opened `--visits` times in a new browser context on one server (the first visit of a server is its
first start; `--cold` starts a new server for every page so each trace is a cold first visit). Per visit it prints
the milestones (navigation committed, websocket open, first message, the first chart's delta, the chart drawn,
the script finished) and, with --messages, every message. With --profile, the browser's main thread is sampled
(Chrome's CPU profiler) from the visit's start to the first chart drawn in view, and its busy time is printed by
script (Streamlit's frontend chunks: react-dom and emotion are the elements being built, PlotlyChart the chart
library's evaluation and the charts' drawing) and per 250 ms: what stood between the page's messages and its
first chart (bench/RESULTS.md, "First chart: where the time goes").
"""

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages_bench import CHART_SHOWN, DRAWN, FINISHED, PAGES, PEER, UNDRAWN, chosen_pages, server  # noqa: E402


def describe(payload: bytes) -> str:
    """What one ForwardMsg is: its kind, and for a delta the element (with the plotly figure's JSON size)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(payload)
    kind = msg.WhichOneof("type")
    if kind != "delta":
        return kind
    delta = msg.delta
    which = delta.WhichOneof("type")
    if which == "new_element":
        element = delta.new_element.WhichOneof("type")
        if element == "plotly_chart":
            return f"plotly_chart (figure {len(delta.new_element.plotly_chart.spec) / 1000:.0f} kB)"
        return element
    return which


def _start_profile(context, page, url: str):
    """The CPU profiler of the page's renderer, started on the app's origin (a navigation to another origin would
    move the page to another renderer process, out of the profiler's sight)."""
    from urllib.parse import urlsplit

    origin = urlsplit(url)
    page.goto(f"{origin.scheme}://{origin.netloc}/_stcore/health")
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 500})
    cdp.send("Profiler.start")
    return cdp


def _show_profile(profile: dict):
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    by_script, buckets = defaultdict(float), defaultdict(lambda: defaultdict(float))
    at = 0
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        at += delta
        frame = nodes[sample]
        what = Path(frame["url"]).name.split(".")[0] or frame["functionName"]
        if what != "(idle)":
            by_script[what] += delta / 1000
            buckets[int(at // 250_000)][what] += delta / 1000
    print(f"    main thread busy {sum(by_script.values()):.0f} ms: " + ", ".join(
        f"{k} {v:.0f}" for k, v in sorted(by_script.items(), key=lambda kv: -kv[1])[:8]))
    for b in sorted(buckets):
        top = sorted(buckets[b].items(), key=lambda kv: -kv[1])[:3]
        print(f"      {b * 250:5d} ms  busy {sum(buckets[b].values()):3.0f}  " + ", ".join(f"{k} {v:.0f}" for k, v in top))


def trace(browser, url: str, messages: bool, profile: bool = False) -> dict:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    cdp = _start_profile(context, page, url) if profile else None
    events: list[tuple[float, str, int]] = []
    t0 = time.perf_counter()

    def on_socket(ws):
        events.append((time.perf_counter() - t0, "websocket open", 0))

        def received(payload):
            data = payload if isinstance(payload, bytes) else payload.encode()
            events.append((time.perf_counter() - t0, describe(data), len(data)))
        ws.on("framereceived", received)

    page.on("websocket", on_socket)
    try:
        page.goto(url, wait_until="commit")
        committed = time.perf_counter() - t0
        chart = finished = None
        while time.perf_counter() - t0 < 120:
            now = time.perf_counter() - t0
            if chart is None and page.evaluate(CHART_SHOWN):
                chart = now
                if cdp is not None:
                    _show_profile(cdp.send("Profiler.stop")["profile"])
                    cdp = None
            if finished is None and page.evaluate(FINISHED):
                finished = now
            if chart is not None and finished is not None:
                break
            # a page without a chart in view: done when its elements are drawn (no Streamlit skeleton left, every
            # chart it sent drawn, in view or in a tab not shown); a page with one waits for it to be drawn
            if finished is not None and page.evaluate(DRAWN) and page.evaluate(UNDRAWN) == 0 and now - finished > 3:
                break
            page.wait_for_timeout(10)
        timing = page.evaluate("() => JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON())")
        # the chart library, a lazy chunk of Streamlit's frontend (4,7 MB): when the browser asked for it
        plotly = page.evaluate("() => performance.getEntriesByType('resource').filter(e => e.name.includes("
                               "'PlotlyChart')).map(e => [e.startTime, e.responseEnd])")
    finally:
        context.close()
    first_delta = next((t for t, what, _ in events if what not in ("websocket open",)), None)
    first_chart_msg = next((t for t, what, _ in events if what.startswith("plotly_chart")), None)
    elements = sum(1 for _, what, _ in events if what not in ("websocket open", "new_session", "session_status_changed",
                                                              "script_finished", "page_info_changed",
                                                              "pages_changed", "session_event", "add_block"))
    import json
    nav = json.loads(timing)
    out = {"committed": committed, "dom_loaded": nav["domContentLoadedEventEnd"] / 1000,
           "ws_open": next((t for t, what, _ in events if what == "websocket open"), None),
           "first_msg": first_delta, "chart_msg": first_chart_msg, "chart_drawn": chart, "finished": finished,
           "plotly_js": [t / 1000 for t in plotly[0]] if plotly else None,
           "messages": len(events) - 1, "elements": elements, "bytes": sum(n for _, _, n in events)}
    if messages:
        for t, what, size in events:
            print(f"      {t * 1000:7.0f} ms  {size:8d} B  {what}")
    return out


def show(label: str, r: dict):
    def ms(v):
        return "—" if v is None else f"{v * 1000:.0f}"
    print(f"  {label:<24} commit {ms(r['committed'])}  dom {ms(r['dom_loaded'])}  ws {ms(r['ws_open'])}  "
          f"1st msg {ms(r['first_msg'])}  chart msg {ms(r['chart_msg'])}  chart drawn {ms(r['chart_drawn'])}  "
          f"finished {ms(r['finished'])}  plotly.js {'/'.join(ms(t) for t in r['plotly_js'] or [])}  msgs {r['messages']} ({r['bytes'] / 1000:.0f} kB)", flush=True)


def main():
    from playwright.sync_api import sync_playwright

    from tests.e2e import CHROMIUM, CHROMIUM_ARGS, free_port

    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--pages")
    parser.add_argument("--port-base", type=int)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--visits", type=int, default=2)
    parser.add_argument("--messages", action="store_true")
    parser.add_argument("--profile", action="store_true", help="sample the main thread up to the first chart")
    args = parser.parse_args()
    pages = chosen_pages(args.pages) if args.pages is not None else PAGES
    db = Path(args.db)

    def port(offset):
        return free_port() if args.port_base is None else args.port_base + offset

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            with server(PEER, db, port(1)) as (peer_url, _):
                for i in range(args.visits):
                    show(f"peer visit {i + 1}", trace(browser, peer_url, args.messages, args.profile))
                if args.cold:
                    for _, path, title in pages:
                        with server(ROOT / "serve.py", db, port(0)) as (url, _):
                            show(f"{title} (cold)", trace(browser, f"{url}/{path}", args.messages))
                            for i in range(1, args.visits):
                                show(f"{title} visit {i + 1}", trace(browser, f"{url}/{path}", args.messages))
                        show("peer", trace(browser, peer_url, False))
                else:
                    with server(ROOT / "serve.py", db, port(0)) as (url, _):
                        trace(browser, url, False)          # the server's first start, not a page's figure
                        for _, path, title in pages:
                            for i in range(args.visits):
                                show(f"{title} visit {i + 1}", trace(browser, f"{url}/{path}", args.messages, args.profile))
                            show("peer", trace(browser, peer_url, False, args.profile))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
