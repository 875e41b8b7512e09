"""The bundled demo data (data/sample/): loaded on first start through the analyst's own path, its batches
marked `is_demo` so that one admin action (`remove_demo`) takes every one of them out with its rows.

`$CCHC_DEMO=0` leaves an empty warehouse empty on the first start (real data only, nothing loaded). Removing
the demo with `remove_demo` instead keeps the published reference data (index frameworks, provinces'
published scores), which the demo had brought along and which is real.

What the first start keeps between runs, and why (issue 13 §4: the first start within 10 s on 2 cores):
- the new warehouse file is a copy of the template database (`queries/template.py`: migrations and models,
  keyed by their texts and DuckDB's version);
- the demo's dossier lists (`loaders/dossier_sample.py`, 77.000 generated dossiers, 2 s of pure Python) are kept
  as one zip of their CSV files, `cchc-ds-<key>.zip`, in the same owner-only cache folder (`$CCHC_CACHE_DIR`,
  else `~/.cache/cchc`). The key hashes what they are drawn from — the Biểu 06 rows stored from this sample, so
  a changed sample file makes another key — and the generator's code (with its seed) and the file-naming code,
  so an edited generator makes another key too. They are still loaded through the analyst's path (read in the
  limited child, checked, stored); only their generation is skipped. A missing, foreign or unreadable cache
  file means generating them as without a cache."""

import os
from pathlib import Path

import queries
from accounts import requires, system_account
from loaders import dossier_sample, province, reference
from vocabulary.issues import ERROR
from loaders.pipeline import commit_file, inspect_file
from loaders.reading import files_under, read_ahead

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_LOADER = "dữ liệu mẫu"
PLAN_FOLDER = "ke_hoach"     # data/sample/ke_hoach: KPI values, targets and plans of the demo province
# data/sample/danh_muc: the demo province's unit directory (communes, former districts, lineage). After the
# reference data, so that "UBND tỉnh Quảng Trị" is the province's unit the published scores already name.
DIRECTORY_FOLDER = "danh_muc"


# Tables whose rows belong to a batch, each emptied of the demo's rows by its `demo_delete_<table>` query
# (tests/test_demo_data.py checks that every table with a batch_id is listed). Statuses of demo tasks go first,
# while their tasks still say which they are; the batches themselves last.
DEMO_ROW_TABLES = ("plan_task_status", "batch_key", "dossier_count", "index_score", "index_aggregate", "kpi_value",
                   "target", "plan_task", "dossier", "working_day_override", "unit_import")


def is_empty(con) -> bool:
    return int(queries.run(con, "batch_count")["batches"].iloc[0]) == 0


def wanted() -> bool:
    """Whether an empty warehouse gets the demo data ($CCHC_DEMO, on unless 0/no/false/off)."""
    return os.environ.get("CCHC_DEMO", "1").strip().lower() not in ("0", "no", "false", "off", "khong", "không")


def start(con, progress=None) -> tuple[int, list[str]]:
    """What an empty warehouse gets on the first start: the demo (with the reference data), or nothing when
    $CCHC_DEMO says so. (0, []) when the warehouse already holds batches."""
    if not is_empty(con) or not wanted():
        return 0, []
    return load_sample(con, progress=progress)


def in_use(con) -> set[str]:
    """The kinds of data (load_batch.kind) for which a demo batch is still active."""
    return {kind for kind, _ in queries.rows(con, "sample_in_use")}


def summary(con) -> dict:
    """How much demo data is stored (batches of every status, rows by table) and how many real batches."""
    frame = queries.run(con, "demo_summary")
    return {k: int(v) for k, v in frame.iloc[0].items()}


@requires("remove_demo")
def remove_demo(con) -> dict:
    """Delete every demo batch and every row it stored, in one transaction (or nothing). Real batches, the
    reference data, the unit directory and its merges stay. Returns the summary of what was deleted."""
    with queries.WRITE_LOCK:
        removed = summary(con)
        con.execute("BEGIN TRANSACTION")
        try:
            for table in DEMO_ROW_TABLES:
                queries.execute(con, f"demo_delete_{table}")
            queries.execute(con, "demo_delete_batches")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return removed


# The dossier lists are generated from the stored reports (or read from their cache) and loaded last: about half
# the first start while they were generated each time and their children imported pandas (37–54 % measured with
# 190 files on a busy 2-core machine), about a third since (32–35 % of the wall time at load 15–30, 14 % of the
# loading process's CPU; bench/loader_bench.py prints it). The progress bar gives them that share, so that it does
# not stand at its last step meanwhile; `LIST_GENERATION` of it is the generation (a read of the cache but at the
# first start of a sample version), the rest is split between the lists as each is stored.
LIST_SHARE = 0.3
LIST_GENERATION = 0.1


class _Progress:
    """Steps counted in file-sized units: `said(what)` after a file or the reference data, `to(units, what)` to
    advance within the lists' share. Never goes back, never passes the total announced."""

    def __init__(self, progress, files: int):
        self.progress = progress
        self.lists = max(1, round((files + 1) * LIST_SHARE / (1 - LIST_SHARE)))
        self.total = files + 1 + self.lists
        self.done = 0

    def said(self, what: str):
        self.to(self.done + 1, what)

    def to(self, done: int, what: str):
        self.done = min(self.total, max(self.done, done))
        if self.progress is not None:
            self.progress(self.done, self.total, what)


def load_sample(con, folder: Path = SAMPLE_DIR, progress=None) -> tuple[int, list[str]]:
    """Load every sample workbook through the analyst's path (`inspect_file` recognises each kind, `commit_file`
    stores it); returns (Biểu 06 reports loaded, messages of files refused). The demo scores are scored on the
    reference frameworks and the plan workbooks name their units, so both come after the published reference
    data, the 2025 lineage and the dossier reports. `progress(done, total, what)`, when given, after each step
    (steps weighted by their time: see `LIST_SHARE`)."""
    if province.home_province(con) is None:      # the demo is Quảng Trị's: its installation serves Quảng Trị
        province.set_home_province(con, reference.HOME_PROVINCE, by=system_account(SAMPLE_LOADER))
    files = files_under([folder])
    later = [p for p in files if reference.is_demo_scores(p) or p.parent.name in (PLAN_FOLDER, DIRECTORY_FOLDER)]
    first = [p for p in files if p not in later]
    steps = _Progress(progress, len(files))

    loaded, problems = _load(con, first, steps.said)
    reference.load_reference(con)
    reference.record_lineage(con)
    steps.said("số liệu chỉ số đã công bố")
    problems += _load(con, later, steps.said)[1]
    start, share = steps.done, steps.lists
    generated = round(share * LIST_GENERATION)

    def list_done(done: int, total: int, what: str):
        steps.to(start + generated + round((share - generated) * done / max(total, 1)), what)

    problems += dossier_sample.load(con, SAMPLE_LOADER, system_account(SAMPLE_LOADER), progress=list_done)
    steps.to(steps.total, "danh sách hồ sơ minh họa")
    return loaded, problems


def _load(con, paths: list[Path], said=lambda what: None) -> tuple[int, list[str]]:
    loaded, problems, batches = 0, [], []
    # one commit for all the files (each still its own batch with its history) and one mark of them as the
    # demo's, not two commits and a mark per file (issue 13 §4)
    with queries.transaction(con):
        for path, data, read in read_ahead(paths):
            report = inspect_file(con, path.name, data, read=read, against_history=False)
            if report.has_errors:
                problems += [f"{path.name}: {i}" for i in report.issues if i.level == ERROR]
            else:
                stored = commit_file(con, report, loaded_by=SAMPLE_LOADER, by=system_account(SAMPLE_LOADER))
                batches += [s.batch_id for s in stored]
                loaded += 1
            said(path.name)      # after the file: the bar says what is done, not what is starting
        queries.execute(con, "demo_mark", batch_ids=batches)
    return loaded, problems
