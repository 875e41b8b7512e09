#!/usr/bin/env python3
"""Write the screenshots of the documentation (docs/img/*.png) from the running app on the bundled sample.

    .venv/bin/python docs/make_screenshots.py [--port 8501]

Builds the sample warehouse in a temporary folder (about a minute), serves the app on 127.0.0.1 as `make run`
does and photographs each page in Debian's Chromium (Playwright, never `playwright install`) — the same helpers
as the browser tests (tests/e2e.py). Rerun after a change to a page; commit the PNGs.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from loaders import sample  # noqa: E402
from tests.e2e import browser_page, serve_app, wait_rendered  # noqa: E402

OUT = ROOT / "docs" / "img"
# (file, page path): what the README and the user guide show.
PAGES = [
    ("tong-quan.png", ""),
    ("ho-so-tthc.png", "ho-so-tthc"),
    ("chi-so.png", "chi-so"),
    ("muc-tieu.png", "muc-tieu"),
    ("nap-du-lieu.png", "nap-du-lieu"),
    ("trinh-chieu.png", "trinh-chieu"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cchc-shots-") as tmp:
        db = Path(tmp) / "cchc.duckdb"
        con = queries.connect(db)
        loaded, problems = sample.load_sample(con)
        con.close()
        if problems:
            raise SystemExit(f"the sample did not load cleanly: {problems[:3]}")
        with serve_app(db, port=args.port) as url, browser_page(width=1360, height=860) as page:
            for name, path in PAGES:
                page.goto(f"{url}/{path}")
                wait_rendered(page)
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
            # A report with an error, as the analyst sees it before anything is stored.
            page.goto(f"{url}/nap-du-lieu")
            wait_rendered(page)
            page.locator("input[type=file]").set_input_files(str(ROOT / "tests/fixtures/bad_negative_count.xlsx"))
            page.get_by_text("Có lỗi — không thể nạp").first.wait_for(timeout=60000)
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / "nap-du-lieu-kiem-tra.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1360, "height": 1400})
            print(OUT / "nap-du-lieu-kiem-tra.png")


if __name__ == "__main__":
    main()
