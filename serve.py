"""Start the dashboard — what `make run` does: `python serve.py [streamlit options]`.

Streamlit treats a `pages/` folder beside the main script as an old-style multipage app until the script
has run once (dashboard.py switches that off when it loads). A link to a page opened as the very first
request after a start would flash "Page not found" in English; switching it off before the server starts
removes that flash. `streamlit run dashboard.py` works too, with the flash.

Before the server accepts its first session, the start work is done once for the process (`prepare`): the
modules every page imports, the warehouse opened (every block read, migrations, models), and what a process's
first session pays whatever its page (frame/warmup.py). Otherwise the first visitor after a start waits for it —
seconds at national scale (bench/RESULTS.md, "pages": cold first visit).
"""

import ast
import importlib
import logging
import os
import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

ROOT = Path(__file__).resolve().parent


def page_modules() -> list[str]:
    """The modules the pages import at their top (`import x`, `from x import y` where y may be a module)."""
    names = []
    for file in sorted((ROOT / "pages").glob("*.py")):
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return list(dict.fromkeys(names))


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def configure_log():
    """`$CCHC_LOG_LEVEL` (INFO, DEBUG…): the dashboard's own log lines (logger `cchc`) at that level on the
    server's output, with their time — the cluster's instances (deploy/cluster.py) log each snapshot's
    publication, opening and the first page run on it at INFO. Unset: as Streamlit leaves it (warnings only)."""
    level = os.environ.get("CCHC_LOG_LEVEL", "").strip().upper()
    if not level:
        return
    if level not in LOG_LEVELS:
        # A typo in the operator's setting must not keep the dashboard from starting.
        print(f"CCHC_LOG_LEVEL={level!r} không hợp lệ (dùng một trong {', '.join(LOG_LEVELS)}); "
              "ghi nhật ký ở mức INFO.", file=sys.stderr)
        level = "INFO"
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    log = logging.getLogger("cchc")
    log.setLevel(level)
    log.addHandler(handler)


def prepare():
    import dashboard  # noqa: F401  (the frame, queries and loaders the pages share)
    from frame.connection import open_before_serving
    from frame.warmup import first_run_costs, page_runs, pages_wanted

    for name in page_modules():
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:            # `from x import function`: not a module; anything else is real
                raise
    con = open_before_serving()
    first_run_costs()
    if con is not None:
        cur = con.cursor()
        try:
            wanted = pages_wanted(cur)
        finally:
            cur.close()
        if wanted:
            page_runs(ROOT / "dashboard.py", sorted((ROOT / "pages").glob("*.py")))


if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    configure_log()
    prepare()
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("dashboard.py")), *sys.argv[1:]]
    sys.exit(cli.main())
