"""Query and page benchmark: the "Hồ sơ TTHC" page and its named queries on a synthetic history at scale.

    .venv/bin/python bench/queries_bench.py [--scales province,national] [--repeat 5] [--no-write]
                                            [--keep] [--explain N]

For each scale a fresh DuckDB file is made in a temporary folder with `queries.connect` (all migrations),
and filled by SQL alone (range(), bound parameters; no workbooks):
  - province: 120 units (Sở, level 'so') × 40 lĩnh vực × 40 official quarters (15→14, Q1 2016 – Q4 2025)
    = 192.000 dossier rows; national: the same for 34 provinces (4.080 units) = 6.528.000 rows;
  - one active `load_batch` (kind 'dossiers') per unit × quarter, the 40 `period` rows ("Quý I/2016" …),
    the units and one `unit_alias` each (key = loaders.units.alias_key of the name, checked);
  - counts that satisfy the form: recv_total = online + offline + carry, res_total = before + ontime + late,
    proc_total = proc_ontime + proc_late, recv_total = res_total + proc_total, and carry of quarter t+1 =
    pending of quarter t for every unit × lĩnh vực (pending and carry come from one deterministic formula of
    unit, lĩnh vực and quarter, so they chain without a window; `dossier_quality` must find nothing).
Then, each in a new process (a fresh DuckDB instance; the OS file cache is warm, the file having just been
written):
  - every named query the page runs with its default parameters (all units, the full year range, kind
    'quarter', definition 'default', ranking year = last year, drill-down "all units" and its first lĩnh
    vực), plus dossier_rates_yearly and dossier_quality: cold = the first run after opening the file,
    warm = the median of the next --repeat runs, rows returned;
  - the page through streamlit.testing.v1.AppTest with CCHC_DB set to the file: the first run (cold: opens
    the file inside dashboard's st.cache_resource), the median of --repeat reruns of the same session
    (warm), and the median of --repeat new sessions in the same process (warm connection, new session).
The results go to the "queries" section of bench/RESULTS.md (bench/results.py); other sections are kept.
--explain N writes EXPLAIN ANALYZE of the N slowest queries (warm) of each scale to bench/out/.
"""

import argparse
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

import queries  # noqa: E402
from bench.results import machine, new_session, write_section  # noqa: E402

PAGE = ROOT / "pages" / "dossiers.py"
OUT = ROOT / "bench" / "out"
SECTION = "queries"

UNITS_PER_PROVINCE = 120
LINH_VUC = 40
QUARTERS = 40
FIRST_YEAR = 2016
SCALES = {"province": 1, "national": 34}       # provinces
GOALS_MS = {"province": 300, "national": 1000}  # page run, warm
LOADED_BY = "queries_bench"

# Deterministic pseudo-random integers of (unit, lĩnh vực, quarter, salt) and the two counts that chain:
# new receipts and pending at the end of a quarter. carry(q) = pending(q − 1) by the same formula.
MACROS = """
CREATE OR REPLACE TEMP MACRO bench_h(u, l, q, salt) AS (hash(u, l, q, salt) % 1000000)::INTEGER;
CREATE OR REPLACE TEMP MACRO bench_new(u, l, q) AS
    (3 + bench_h(u, l, 0, 1) % 150) * (70 + q + bench_h(u, l, q, 2) % 40) // 100;
CREATE OR REPLACE TEMP MACRO bench_pending(u, l, q) AS bench_new(u, l, q) * (bench_h(u, l, q, 3) % 25) // 100;
"""

UNITS_SQL = """
INSERT INTO unit (unit_id, name, level)
SELECT u::INTEGER,
       CASE WHEN $provinces = 1 THEN 'Sở Thử nghiệm ' || lpad(u::VARCHAR, 3, '0')
            ELSE 'Sở Thử nghiệm ' || lpad(((u - 1) // $per_province + 1)::VARCHAR, 2, '0') || '.'
                 || lpad(((u - 1) % $per_province + 1)::VARCHAR, 3, '0') END,
       'so'
FROM range(1, $units + 1) t(u);
"""

ALIASES_SQL = """
INSERT INTO unit_alias (alias_key, unit_id, alias)
SELECT lower(strip_accents(name)), unit_id, name FROM unit;
"""

PERIODS_SQL = """
INSERT INTO period (period_start, period_end, kind, label, year, quarter, is_calendar)
SELECT CASE WHEN q % 4 = 0 THEN make_date($y0 + q // 4 - 1, 12, 15) ELSE make_date($y0 + q // 4, 3 * (q % 4), 15) END,
       make_date($y0 + q // 4, 3 * (q % 4) + 3, 14),
       'quarter', 'Quý ' || ['I', 'II', 'III', 'IV'][q % 4 + 1] || '/' || ($y0 + q // 4), $y0 + q // 4, q % 4 + 1, false
FROM range($quarters) t(q);
"""

# One batch per unit × quarter, numbered in load order (a quarter's reports arrive together).
BATCHES_SQL = """
INSERT INTO load_batch (batch_id, kind, file_name, sha256, sheet, form, period_start, period_end,
                        loaded_at, loaded_by, row_count, status)
SELECT (q * $units + u)::INTEGER, 'dossiers', f.file_name, sha256(f.file_name), 'Biểu 06', '06/VPCP/KSTT',
       p.period_start, p.period_end, p.period_end + INTERVAL 10 DAY + INTERVAL (u % 600) MINUTE,
       $loaded_by, $linh_vuc, 'active'
FROM range($quarters) tq(q)
CROSS JOIN range(1, $units + 1) tu(u)
JOIN (SELECT row_number() OVER (ORDER BY period_end) - 1 AS q, period_start, period_end FROM period) p USING (q)
CROSS JOIN LATERAL (SELECT 'bieu06_' || lpad(u::VARCHAR, 4, '0') || '_' || year(p.period_end) || '_q'
                           || (q % 4 + 1) || '.xlsx' AS file_name) f
ORDER BY 1;
"""

# Rows in load order (quarter, unit, lĩnh vực) straight from one range, so nothing has to be sorted.
DOSSIERS_SQL = """
INSERT INTO dossier_count (batch_id, unit_id, linh_vuc, period_start, period_end,
    recv_total, recv_online, recv_offline, recv_carry, res_total, res_before, res_ontime, res_late,
    proc_total, proc_ontime, proc_late, source_row)
WITH idx AS (
    SELECT (i // ($units * $linh_vuc))::INTEGER AS q, ((i // $linh_vuc) % $units + 1)::INTEGER AS u,
           (i % $linh_vuc + 1)::INTEGER AS l
    FROM range($units * $linh_vuc * $quarters) t(i)
), base AS (
    SELECT q, u, l, bench_new(u, l, q) AS new, bench_pending(u, l, q) AS pending,
           bench_pending(u, l, q - 1) AS carry,
           bench_h(u, l, q, 4) AS h4, bench_h(u, l, q, 5) AS h5, bench_h(u, l, q, 6) AS h6, bench_h(u, l, 0, 7) AS h7
    FROM idx
), counts AS (
    SELECT *,
           -- the online share grows from about 20 % to 75 % over the ten years, ±10 points
           least(new, greatest(0, new * (20 + 55 * q // $quarters + h4 % 21 - 10) // 100)) AS online,
           new + carry - pending AS resolved
    FROM base
), split AS (
    SELECT *,
           resolved * (h5 % (2 + h7 % 8)) // 100 AS late,           -- 0–8 % late, worse for some unit × lĩnh vực
           pending * (h4 % 30) // 100 AS pending_late
    FROM counts
), split2 AS (
    SELECT *, (resolved - late) * (30 + h6 % 50) // 100 AS before FROM split
)
SELECT q * $units + u, u, 'Lĩnh vực ' || lpad(l::VARCHAR, 2, '0'),
       CASE WHEN q % 4 = 0 THEN make_date($y0 + q // 4 - 1, 12, 15) ELSE make_date($y0 + q // 4, 3 * (q % 4), 15) END,
       make_date($y0 + q // 4, 3 * (q % 4) + 3, 14),
       new + carry, online, new - online, carry,
       resolved, before, resolved - late - before, late,
       pending, pending - pending_late, pending_late,
       10 + l
FROM split2;
"""

# The identities and the carry chain, checked on every stored row (0 = consistent).
CHECK_SQL = """
SELECT count(*) FILTER (WHERE recv_total <> recv_online + recv_offline + recv_carry) AS v1,
       count(*) FILTER (WHERE res_total <> res_before + res_ontime + res_late) AS v2,
       count(*) FILTER (WHERE proc_total <> proc_ontime + proc_late) AS v3,
       count(*) FILTER (WHERE recv_total <> res_total + proc_total) AS v4,
       count(*) FILTER (WHERE least(recv_online, recv_offline, recv_carry, res_before, res_ontime, res_late,
                                    proc_ontime, proc_late) < 0) AS negative,
       count(*) FILTER (WHERE prev_pending IS NOT NULL AND recv_carry <> prev_pending) AS v5,
       count(*) FILTER (WHERE prev_pending IS NOT NULL) AS v5_pairs
FROM (SELECT *, lag(proc_total) OVER (PARTITION BY unit_id, linh_vuc ORDER BY period_end) AS prev_pending
      FROM dossier_count);
"""


def generate(path: Path, provinces: int) -> dict:
    """A fresh, migrated warehouse file with the synthetic history; returns sizes and timings (seconds)."""
    units = provinces * UNITS_PER_PROVINCE
    params = {"units": units, "linh_vuc": LINH_VUC, "quarters": QUARTERS, "y0": FIRST_YEAR}
    steps = {}
    start = time.perf_counter()
    con = queries.connect(path)
    steps["open + migrations"] = time.perf_counter() - start
    con.execute(MACROS)

    def step(name, statement, **bound):
        t = time.perf_counter()
        con.execute(statement, bound)
        steps[name] = time.perf_counter() - t

    con.execute("BEGIN TRANSACTION")
    step("units + aliases", UNITS_SQL, provinces=provinces, per_province=UNITS_PER_PROVINCE, units=units)
    t = time.perf_counter()
    con.execute(ALIASES_SQL)
    steps["units + aliases"] += time.perf_counter() - t
    step("periods", PERIODS_SQL, y0=FIRST_YEAR, quarters=QUARTERS)
    step("load batches", BATCHES_SQL, units=units, quarters=QUARTERS, linh_vuc=LINH_VUC, loaded_by=LOADED_BY)
    step("dossier rows", DOSSIERS_SQL, **params)
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                   "AND schema_name = 'main' AND table_name = 'batch_key'").fetchone()[0]:
        # migration 005: which unit × period each batch reports, written with the rows (as its backfill does)
        step("batch keys", "INSERT INTO batch_key SELECT DISTINCT batch_id, unit_id, period_start, period_end "
                           "FROM dossier_count ON CONFLICT DO NOTHING")
    # ids were given explicitly: move the sequences past them so a later load into this file still works
    t = time.perf_counter()
    con.execute("SELECT max(nextval('load_batch_seq')) FROM range($n)", {"n": units * QUARTERS})
    con.execute("SELECT max(nextval('unit_seq')) FROM range($n)", {"n": units})
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    steps["sequences, commit, checkpoint"] = time.perf_counter() - t
    total = time.perf_counter() - start

    counts = dict(zip(["dossier_count", "load_batch", "unit", "unit_alias", "period"], con.execute(
        "SELECT (SELECT count(*) FROM dossier_count), (SELECT count(*) FROM load_batch), (SELECT count(*) FROM unit),"
        " (SELECT count(*) FROM unit_alias), (SELECT count(*) FROM period)").fetchone()))
    current = con.execute("SELECT count(*) FROM dossier_current").fetchone()[0]
    if current != counts["dossier_count"]:
        raise SystemExit(f"dossier_current shows {current} of {counts['dossier_count']} generated rows: the schema "
                         "has something the generator does not fill (see generate() in bench/queries_bench.py)")
    check = con.execute(CHECK_SQL).df().iloc[0].to_dict()
    bad = {k: int(v) for k, v in check.items() if k != "v5_pairs" and v}
    if bad:
        raise SystemExit(f"generated data break the form identities: {bad}")
    _check_against_loaders(con)
    con.close()
    return {"units": units, "provinces": provinces, "rows": counts, "steps": steps, "total": total,
            "carry_pairs": int(check["v5_pairs"]), "file_mb": path.stat().st_size / 1e6}


def _check_against_loaders(con):
    """Labels and alias keys exactly as the loader would have written them."""
    from vocabulary.periods import official
    from loaders.units import alias_key
    for start, end, label, year, quarter in con.execute(
            "SELECT period_start, period_end, label, year, quarter FROM period").fetchall():
        expected = official("quarter", year, quarter)
        assert (expected.start, expected.end, expected.label) == (start, end, label), (expected, start, end, label)
    for key, name in con.execute("SELECT alias_key, alias FROM unit_alias").fetchall():
        assert alias_key(name) == key, (name, key, alias_key(name))


def page_queries(db: Path) -> list[dict]:
    """The named queries the page runs with its default widgets, in page order, and the two extra ones.

    Defaults (pages/dossiers.py, dashboard.shared_filters): no unit chosen (None = all), kind 'quarter',
    years = first..last year of dossier_units, grain 'period', definition 'default', ranking year = last
    year, drill-down unit 0 ("Tất cả đơn vị đang chọn", so unit_ids None) in the last year, and the first
    lĩnh vực of the breakdown table.
    """
    con = queries.connect(db)
    units = queries.run(con, "dossier_units")
    kinds = list(queries.run(con, "dossier_period_kinds")["kind"])
    year_from, year_to = int(units["first_year"].min()), int(units["last_year"].max())
    kind = "quarter" if "quarter" in kinds else kinds[0]
    breakdown = queries.run(con, "dossier_linh_vuc_breakdown", year=year_to, unit_ids=None)
    field = str(breakdown["linh_vuc"].iloc[0])
    con.close()
    years = {"year_from": year_from, "year_to": year_to}
    return [
        {"name": "dossier_units", "params": {}, "page": 2,
         "where": "sidebar filters; again for the drill-down unit list"},
        {"name": "dossier_period_kinds", "params": {}, "page": 1, "where": "sidebar filters"},
        {"name": "dossier_targets", "params": {**years, "unit_ids": None}, "page": 1, "where": "trend targets"},
        {"name": "dossier_period_totals", "params": {"kind": kind, **years, "unit_ids": None, "linh_vuc": None}, "page": 1,
         "where": "Xu hướng (grain 'period')"},
        {"name": "dossier_unit_periods", "params": {"kind": kind, **years, "unit_ids": None}, "page": 1,
         "where": "So sánh đơn vị: heatmap"},
        {"name": "dossier_unit_ranking", "params": {"year": year_to, "unit_ids": None, "definition": "default"},
         "page": 1, "where": "So sánh đơn vị: ranking"},
        {"name": "dossier_linh_vuc_breakdown", "params": {"year": year_to, "unit_ids": None}, "page": 1,
         "where": "Lĩnh vực: table"},
        {"name": "dossier_period_totals", "params": {"unit_ids": None, "linh_vuc": field, "kind": kind, **years},
         "page": 1, "where": "Lĩnh vực: trend of the first lĩnh vực"},
        {"name": "dossier_rates_yearly", "params": {"unit_ids": None, **years}, "page": 0,
         "where": "not on the page"},
        {"name": "dossier_quality", "params": {}, "page": 0, "where": "not on the page (Chất lượng dữ liệu)"},
    ]


# --- workers: each runs in its own process, so that "cold" means a new DuckDB instance on the file ---

def worker_query(db: str, spec: dict, repeat: int) -> dict:
    t = time.perf_counter()
    con = queries.connect(db)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    frame = queries.run(con, spec["name"], **spec["params"])
    cold = time.perf_counter() - t
    warm = []
    for _ in range(repeat):
        t = time.perf_counter()
        queries.run(con, spec["name"], **spec["params"])
        warm.append(time.perf_counter() - t)
    con.close()
    return {"open": opened, "cold": cold, "warm": warm, "rows": len(frame)}


def worker_page(db: str, repeat: int) -> dict:
    os.environ["CCHC_DB"] = db
    os.chdir(ROOT)
    t = time.perf_counter()
    import dashboard  # noqa: F401  (what the page imports, so that the cold run is not an import benchmark)
    import charts.dossiers  # noqa: F401
    import reports.excel  # noqa: F401
    from streamlit.testing.v1 import AppTest
    imports = time.perf_counter() - t

    def check(at):
        problems = [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]
        if problems:
            raise SystemExit(f"the page failed: {problems}")
        at.selectbox(key="p_drill_field")        # the page went all the way to the lĩnh vực trend

    at = AppTest.from_file(str(PAGE), default_timeout=900)
    t = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t
    check(at)
    charts = len(at.get("plotly_chart"))
    reruns = []
    for _ in range(repeat):
        t = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - t)
        check(at)
    sessions = []
    for _ in range(repeat):
        fresh = new_session(str(PAGE), at)
        t = time.perf_counter()
        fresh.run()
        sessions.append(time.perf_counter() - t)
        check(fresh)
    steps = _instrumented_rerun(at)
    check(at)
    return {"imports": imports, "cold": cold, "reruns": reruns, "sessions": sessions, "charts": charts,
            "steps": steps}


def _instrumented_rerun(at) -> dict:
    """One more warm rerun, not among the timed ones, with the page's queries, figure builders and .xlsx
    writer timed (wrapped in place: the page looks them up at each run), to show where a run goes."""
    import re
    import charts.dossiers as figures
    import reports.excel as excel
    steps = []

    def timed(module, name, label):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                detail = name
                if label == "query" and len(args) > 1:
                    detail = args[1]
                elif label == "xlsx" and len(args) > 2:
                    detail = f"{name}({args[2]!r})"
                steps.append((label, detail, time.perf_counter() - t))
        setattr(module, name, wrapper)
        return original

    builders = sorted(set(re.findall(r"figures\.(\w+)\(", PAGE.read_text(encoding="utf-8"))))
    patched = [(queries, "run", timed(queries, "run", "query")),
               (excel, "table_xlsx", timed(excel, "table_xlsx", "xlsx"))]
    patched += [(figures, name, timed(figures, name, "figure")) for name in builders
                if callable(getattr(figures, name, None))]
    try:
        t = time.perf_counter()
        at.run()
        total = time.perf_counter() - t
    finally:
        for module, name, original in patched:
            setattr(module, name, original)
    return {"total": total, "steps": steps}


def in_worker(kind: str, db: Path, repeat: int, spec: dict | None = None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--db", str(db),
               "--repeat", str(repeat)]
    if spec is not None:
        command += ["--spec", json.dumps(spec)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"worker {kind} {spec and spec['name']} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def explain(db: Path, spec: dict, scale: str, index: int) -> Path:
    """EXPLAIN ANALYZE of a warm run, headed by the operators that took the most time (DuckDB's JSON profile;
    operator times are summed over threads)."""
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"explain_{scale}_{index}_{spec['name']}.txt"
    profile = OUT / f"explain_{scale}_{index}_{spec['name']}.json"
    statement, bound = queries.sql(spec["name"]), queries._bind(spec["name"], spec["params"])
    con = queries.connect(db)
    queries.run(con, spec["name"], **spec["params"])       # warm, like the warm figures
    con.execute("PRAGMA enable_profiling = 'json'")
    con.execute("SET profiling_output = $path", {"path": str(profile)})
    t = time.perf_counter()
    con.execute(statement, bound).fetchall()
    elapsed = time.perf_counter() - t
    con.execute("PRAGMA disable_profiling")
    plan = con.execute("EXPLAIN ANALYZE " + statement, bound).fetchall()
    con.close()
    tree = json.loads(profile.read_text(encoding="utf-8"))
    operators = []

    def walk(node, depth):
        info = json.dumps(node.get("extra_info", {}), ensure_ascii=False)
        operators.append((node.get("timing", 0.0), node.get("intermediate_rows"), depth, node.get("type"), info))
        for child in node.get("children", []):
            walk(child, depth + 1)

    for root in tree.get("operator", []):
        walk(root, 0)
    cpu = tree.get("query", {}).get("cpu_time") or sum(o[0] for o in operators)
    head = [f"-- {spec['name']} {json.dumps(spec['params'], ensure_ascii=False)}",
            f"-- profiled run {elapsed * 1000:.0f} ms, operator time {cpu:.2f} s over threads, peak buffer memory "
            f"{tree.get('system', {}).get('peak_buffer_memory', 0) / 1e6:.0f} MB; top operators:"]
    for timing, rows, depth, kind, info in sorted(operators, key=lambda o: o[0], reverse=True)[:10]:
        head.append(f"--   {timing:7.3f} s {100 * timing / cpu if cpu else 0:5.1f} %  rows {rows!s:>10}  depth {depth:<3} "
                    f"{kind:<16} {info[:220]}")
    out.write_text("\n".join(head) + "\n\n" + "\n".join(row[-1] for row in plan), encoding="utf-8")
    profile.unlink(missing_ok=True)
    return out


# --- the report ---

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}".replace(",", " ")


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def params_text(params: dict) -> str:
    if not params:
        return "—"
    shown = []
    for key, value in params.items():
        shown.append(f"{key}={'all' if value is None and key == 'unit_ids' else value}")
    return ", ".join(shown)


def scale_section(scale: str, gen: dict, results: list[dict], page: dict, repeat: int) -> list[str]:
    rows = gen["rows"]
    goal = GOALS_MS[scale]
    rerun = statistics.median(page["reruns"])
    session = statistics.median(page["sessions"])
    page_sum = sum(statistics.median(r["warm"]) * r["spec"]["page"] for r in results)
    page_cold_sum = sum(r["cold"] * r["spec"]["page"] for r in results)
    lines = [
        f"### {scale.capitalize()} scale: {vn(gen['units'])} units × {LINH_VUC} lĩnh vực × {QUARTERS} quarters "
        f"= {vn(rows['dossier_count'])} dossier rows",
        "",
        f"Generated in **{gen['total']:.1f} s** ("
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in gen["steps"].items())
        + f"); file {gen['file_mb']:.0f} MB; {vn(rows['load_batch'])} batches, {vn(rows['unit'])} units, "
        f"{vn(rows['unit_alias'])} aliases, {rows['period']} periods; identities V1–V4 and "
        f"{vn(gen['carry_pairs'])} carry-over pairs checked (0 violations). Load average (1 min) of the machine "
        f"{gen['load'][0]:.2f} before, {gen['load'][1]:.2f} after this scale (2 cores: other work on the machine "
        "shows in the timings).",
        "",
        f"| query | parameters | on the page | rows | cold ms | warm ms (median of {repeat}) |",
        "|---|---|---|---:|---:|---:|",
    ]
    for r in results:
        spec = r["spec"]
        on_page = f"{spec['page']}× — {spec['where']}" if spec["page"] else spec["where"]
        lines.append(f"| `{spec['name']}` | {params_text(spec['params'])} | {on_page} | {vn(r['rows'])} | "
                     f"{ms(r['cold'])} | {ms(statistics.median(r['warm']))} |")
    lines += [
        f"| *page queries together (× times run)* | | | | *{ms(page_cold_sum)}* | *{ms(page_sum)}* |",
        "",
        f"(Opening the file with `queries.connect` in a new process: {ms(statistics.median(r['open'] for r in results))} ms, "
        "not included above.)",
        "",
        f"| the page (`AppTest.from_file(\"pages/dossiers.py\")`, {page['charts']} charts) | ms |",
        "|---|---:|",
        f"| first run in a new process (cold: opens the file in `st.cache_resource`) | {ms(page['cold'])} |",
        f"| rerun of the same session (warm), median of {repeat} | **{ms(rerun)}** |",
        f"| new session, same process (warm connection), median of {repeat} | {ms(session)} |",
        f"| *(imports before the first run: dashboard, charts, reports, streamlit)* | *{ms(page['imports'])}* |",
        "",
        _breakdown(page["steps"]),
        "",
        f"Goal: page run ≤ {goal} ms warm at {scale} scale — **{'met' if rerun * 1000 <= goal else 'NOT met'}** "
        f"(rerun {ms(rerun)} ms; new session {ms(session)} ms, "
        f"{'met' if session * 1000 <= goal else 'NOT met'}). "
        f"The page's queries take {ms(page_sum)} ms of a warm run.",
        "",
    ]
    return lines


def _breakdown(run: dict) -> str:
    """Where one (instrumented) warm rerun of the page goes."""
    total = run["total"]
    by_kind = {}
    for kind, _, seconds in run["steps"]:
        by_kind[kind] = by_kind.get(kind, 0.0) + seconds
    rest = total - sum(by_kind.values())
    biggest = sorted(run["steps"], key=lambda s: s[2], reverse=True)[:4]
    names = {"query": "named queries", "figure": "figure/table builders (charts.dossiers)",
             "xlsx": ".xlsx downloads (reports.excel.table_xlsx)"}
    return (f"Where a warm rerun goes (one more, instrumented rerun: {ms(total)} ms): "
            + ", ".join(f"{names[k]} {ms(v)} ms" for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1]))
            + f", the rest (Streamlit elements, Styler and Plotly serialisation, AppTest) {ms(rest)} ms. Largest steps: "
            + ", ".join(f"`{detail}` {ms(seconds)} ms" for _, detail, seconds in biggest) + ".")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="province,national")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print only, do not rewrite bench/RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the generated database files")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="EXPLAIN ANALYZE of the N slowest queries of each scale into bench/out/")
    parser.add_argument("--worker", choices=["query", "page"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--spec", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker == "query":
        print(json.dumps(worker_query(args.db, json.loads(args.spec), args.repeat)))
        return
    if args.worker == "page":
        print(json.dumps(worker_page(args.db, args.repeat)))
        return

    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {unknown}; choose from {list(SCALES)}")
    tmp = Path(tempfile.mkdtemp(prefix="cchc-qbench-"))
    sections = []
    try:
        for scale in scales:
            db = tmp / f"{scale}.duckdb"
            print(f"[{scale}] generating {db} …", flush=True)
            load_before = os.getloadavg()[0]
            gen = generate(db, SCALES[scale])
            print(f"[{scale}] {vn(gen['rows']['dossier_count'])} rows in {gen['total']:.1f} s "
                  f"({gen['file_mb']:.0f} MB)", flush=True)
            specs = page_queries(db)
            results = []
            for spec in specs:
                result = in_worker("query", db, args.repeat, spec)
                result["spec"] = spec
                results.append(result)
                print(f"[{scale}] {spec['name']:<28} rows {result['rows']:>9}  cold {ms(result['cold']):>9} ms  "
                      f"warm {ms(statistics.median(result['warm'])):>9} ms", flush=True)
            quality = next(r for r in results if r["spec"]["name"] == "dossier_quality")
            if quality["rows"]:
                raise SystemExit(f"dossier_quality found {quality['rows']} problems in the generated data")
            page = in_worker("page", db, args.repeat)
            print(f"[{scale}] page: cold {ms(page['cold'])} ms, rerun {ms(statistics.median(page['reruns']))} ms, "
                  f"new session {ms(statistics.median(page['sessions']))} ms", flush=True)
            if args.explain:
                for stale in OUT.glob(f"explain_{scale}_*.txt"):
                    stale.unlink()
                slowest = sorted(results, key=lambda r: statistics.median(r["warm"]), reverse=True)[:args.explain]
                for i, r in enumerate(slowest, 1):
                    print(f"[{scale}] EXPLAIN ANALYZE → {explain(db, r['spec'], scale, i)}", flush=True)
            gen["load"] = (load_before, os.getloadavg()[0])
            sections += scale_section(scale, gen, results, page, args.repeat)
    finally:
        if args.keep:
            print(f"database files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    import pandas as pd
    import streamlit
    body = [
        "## Queries and the \"Hồ sơ TTHC\" page at scale",
        "",
        "Written by `bench/queries_bench.py` (`.venv/bin/python bench/queries_bench.py [--scales province,national] "
        "[--repeat 5]`). A synthetic, consistent history generated by SQL into a fresh DuckDB file (form identities "
        "V1–V4 hold, carry-over = previous pending; `dossier_quality` finds nothing). Every query and the page run "
        "in a new process: *cold* = the first run after opening the file (new DuckDB instance; the OS file cache is "
        "warm, the file having just been written), *warm* = median of the following runs. Page queries use the "
        "page's defaults: all units, the full year range, kind `quarter`, definition `default`, ranking and "
        "drill-down year = the last year, drill-down unit = all units and its first lĩnh vực. The page runs "
        "in-process under AppTest (no browser, no websocket): its time includes building the figures, tables "
        "and .xlsx downloads.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Machine: {machine()}",
        f"- Versions: duckdb {queries.duckdb.__version__}, streamlit {streamlit.__version__}, pandas {pd.__version__}",
        f"- Goals (warm page run): ≤ {GOALS_MS['province']} ms at province scale, ≤ {GOALS_MS['national']} ms at "
        "national scale.",
        "",
    ] + sections
    text = "\n".join(body).rstrip() + "\n"
    print(text)
    if not args.no_write:
        write_section(SECTION, text)


if __name__ == "__main__":
    main()
