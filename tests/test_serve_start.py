"""serve.py's start work, done before the server accepts its first session: the pages' modules imported and the
warehouse opened (so the first visitor does not wait for them), without loading the demo and without failing on a
file it cannot open (the first page says why, in Vietnamese)."""

import json
import os
import subprocess
import sys

import pytest

import queries
from tests.sample_db import ROOT

# run in a new process: what serve.py does before `cli.main()`, then what it holds
PREPARE = """
import json, sys
import serve
serve.prepare()
import inspect, dashboard
mapped = inspect.getabsfile(dashboard) in inspect.modulesbyfile
print(json.dumps({"modules": sorted(sys.modules), "pages": serve.page_modules(), "mapped": mapped}), flush=True)
sys.stdin.readline()          # the test looks at the file while this process holds it
"""


def _prepare(db, env_extra=None):
    env = dict(os.environ, CCHC_DB=str(db), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env_extra or {}))
    env.pop("CCHC_READER_OF", None)
    env.pop("CCHC_NATIONAL_PARQUET", None)
    return subprocess.Popen([sys.executable, "-c", PREPARE], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _held(proc) -> dict:
    line = proc.stdout.readline()
    if not line:
        proc.wait(30)
        raise AssertionError(proc.stderr.read()[-3000:])
    return json.loads(line)


def _release(proc) -> str:
    out, err = proc.communicate("\n", timeout=60)
    assert proc.returncode == 0, err[-3000:]
    return err


def test_the_pages_modules_are_imported_and_the_warehouse_held_open_before_serving(tmp_path):
    db = tmp_path / "cchc.duckdb"
    proc = _prepare(db)
    try:
        held = _held(proc)
        # a page's top-level imports, read from its source: the deck (python-pptx) is imported by the
        # presentation page only, the Excel templates by the upload page
        wanted = {"reports.deck", "reports.pdf", "reports.templates", "charts.plan", "charts.scores",
                  "loaders.pipeline"}
        assert wanted <= set(held["pages"]) and wanted <= set(held["modules"])
        # what a process's first session pays whatever its page (frame/warmup.py), paid before serving: the parts
        # of Plotly a chart loads and its JSON encoder, the pandas Styler's templates, the favicon's image plugin,
        # Streamlit's icon names, and the map of module files Streamlit's first element walks (inspect.stack)
        first_run = {"plotly.graph_objs.bar._marker", "plotly.graph_objs.heatmap.colorbar", "plotly.io._json",
                     "jinja2", "pandas.io.formats.style", "PIL.PngImagePlugin", "streamlit.emojis",
                     "streamlit.material_icon_names"}
        assert first_run <= set(held["modules"])
        assert held["mapped"] is True
        # the warehouse was created, migrated and is held by the process: another one cannot open it
        with pytest.raises(queries.DatabaseBusy):
            queries.connect(db, read_only=True)
    finally:
        _release(proc)
    con = queries.connect(db, read_only=True)
    try:
        # opened, not filled: the demo of an empty warehouse is the first page's work, with its progress bar
        assert con.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone()[0] > 0
    finally:
        con.close()


def test_a_damaged_file_does_not_stop_the_start(tmp_path):
    db = tmp_path / "damaged.duckdb"
    db.write_bytes(b"not a DuckDB file" * 4096)
    proc = _prepare(db)
    try:
        held = _held(proc)
        assert "dashboard" in held["modules"]
    finally:
        err = _release(proc)
    # said in the server's log; the page shows queries.DatabaseDamaged's Vietnamese message at the first visit
    assert "the warehouse could not be opened before serving" in err
    assert db.read_bytes() == b"not a DuckDB file" * 4096
