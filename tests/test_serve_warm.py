"""serve.py runs every page once before serving on a large warehouse (frame/warmup.py `page_runs`), so that the
first visitor of a page after a start reads the query cache instead of waiting for DuckDB: what the pages ask with
their default filters is in the cache before the server accepts a session, and a page run afterwards asks for
nothing new. Below the size that needs it, and on an empty warehouse (the demo's first start), nothing is run."""

import json
import os
import subprocess
import sys

import queries
from tests.sample_db import ROOT

# what serve.py does before `cli.main()`, then the query cache's entries; then two pages run as a new visitor
# (a new AppTest session each) and the entries again
PREPARE = """
import json, logging, sys
records = []
handler = logging.Handler()
handler.emit = records.append
logging.getLogger("cchc").addHandler(handler)
logging.getLogger("cchc").setLevel(logging.INFO)
import serve
serve.prepare()
from streamlit.runtime.caching.cache_data_api import _data_caches
from streamlit.testing.v1 import AppTest

def entries():
    return sum(len(stats) for cache in _data_caches._function_caches.get(None, {}).values()
               if cache.display_name.endswith("_cached_query") for stats in cache.get_stats().values())

warmed = entries()
shown = []
for page in sys.argv[1:]:
    at = AppTest.from_file(str(serve.ROOT / "dashboard.py"), default_timeout=300)
    at.switch_page(page)
    at.run()
    shown.append([t.value for t in at.title] + [str(e.value)[:200] for e in at.exception])
ran = sorted(r.getMessage().split()[1] for r in records if "run before serving" in r.getMessage())
print(json.dumps({"warmed": warmed, "after": entries(), "ran": ran, "shown": shown}), flush=True)
"""


VISITED = ["pages/quality.py", "pages/dossiers.py"]


def _prepare(db, warm: str, visit: list[str]) -> dict:
    env = dict(os.environ, CCHC_DB=str(db), CCHC_WARM_PAGES=warm, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    env.pop("CCHC_READER_OF", None)
    env.pop("CCHC_NATIONAL_PARQUET", None)
    done = subprocess.run([sys.executable, "-c", PREPARE, *visit], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_page_runs_before_serving_and_its_first_visitor_asks_for_nothing_new(sample_db):
    held = _prepare(sample_db, "1", VISITED)
    pages = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
    assert held["ran"] == pages
    # every page's queries are cached: more than the two pages visited below ask (8 on the sample, the next test)…
    assert held["warmed"] > 12
    # …and a new visitor of Chất lượng dữ liệu and Hồ sơ TTHC, each drawn whole, finds every one of them there
    assert held["shown"] == [["Chất lượng dữ liệu"], ["Hồ sơ thủ tục hành chính"]]
    assert held["after"] == held["warmed"]


def test_a_small_warehouse_is_served_without_running_the_pages(sample_db):
    # the sample's 1.570 dossier rows are far below PAGES_FROM_ROWS: its pages' first runs take well under a second
    held = _prepare(sample_db, "auto", VISITED)
    assert held["ran"] == [] and held["warmed"] == 0
    # the two pages then ask for their queries themselves: Chất lượng's dossier_quality; Hồ sơ TTHC's filters
    # (dossier_period_kinds, dossier_units, level_units, dossier_list_periods) and its first tab, the only one run
    # (dossier_period_totals, dossier_targets, demo_dossiers_in_view) — 8
    assert held["after"] == 8


def test_an_empty_warehouse_is_left_to_the_first_page_even_when_asked(tmp_path):
    db = tmp_path / "cchc.duckdb"
    held = _prepare(db, "1", [])
    assert held["ran"] == [] and held["warmed"] == 0
    con = queries.connect(db, read_only=True)
    try:
        # the demo is the first page's work, with its progress bar: not loaded while nobody can see the server
        assert con.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 0
    finally:
        con.close()
