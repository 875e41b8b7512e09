"""A command-line load killed (SIGKILL) at random moments: the warehouse opens cleanly afterwards (every
block's checksum read) and holds exactly what it held before the load — or, when the kill came after the
commit, exactly the completed load; never part of it. bench/kill_bench.py does the same 20 times on a
larger file and records the figures."""

import random
import shutil

import pytest

import queries
from loaders.pipeline import commit_file, inspect_file
from tests.big_report import write_big_report
from tests.killing import full_load, load_and_kill, state
from tests.sample_db import ROOT

ROWS = 3000
GOOD = "good_official_formulas_tu_phap_q2_2025.xlsx"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """A warehouse holding one report, a 3.000-row report to load into it, and the states before and after
    a complete load; with the durations of a complete load and of a dry run (reading and checking only)."""
    folder = tmp_path_factory.mktemp("kill")
    base = folder / "base.duckdb"
    con = queries.connect(base)
    good = ROOT / "tests" / "fixtures" / GOOD
    commit_file(con, inspect_file(con, GOOD, good.read_bytes()), loaded_by="pytest")
    con.close()
    big = write_big_report(folder / "bieu06_3000_dong.xlsx", ROWS)
    work = folder / "work.duckdb"
    shutil.copy(base, work)
    dry = full_load(work, [big], dry_run=True)
    complete = full_load(work, [big])
    return {"base": base, "big": big, "before": state(base), "after": state(work), "dry": dry, "complete": complete}


def test_the_complete_load_stores_every_row(scenario):
    before, after = scenario["before"], scenario["after"]
    assert len(after["dossier_count"]) == len(before["dossier_count"]) + ROWS       # 9 + 3.000
    assert len(after["load_batch"]) == len(before["load_batch"]) + 1


@pytest.mark.parametrize("moment", ["anywhere", "anywhere", "writing", "writing"])
def test_a_killed_load_leaves_the_warehouse_as_before_or_complete(scenario, tmp_path, moment):
    db = tmp_path / "k.duckdb"
    shutil.copy(scenario["base"], db)
    rng = random.Random(f"{moment}-{tmp_path.name}")
    if moment == "anywhere":                     # any moment of the run
        kill = load_and_kill(db, [scenario["big"]], rng.uniform(0.2, scenario["complete"]))
    else:                                        # once the load has begun writing the database file or its log
        kill = load_and_kill(db, [scenario["big"]], rng.uniform(0, 0.02), after_growth=True)
        assert kill.killed and (kill.writing or kill.committing), kill   # the kill did land in the write phase
    found = state(db)                            # opens with every block read: no damage
    assert found in (scenario["before"], scenario["after"])
    if not kill.killed:                          # the load ended before the kill: it must be complete
        assert found == scenario["after"]
