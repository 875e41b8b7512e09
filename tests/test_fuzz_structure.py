"""Fuzzing the package's XML structure (tests/mutations.py `mutate_structure`): attributes in single quotes,
inflated declared counts and dimensions, references removed, members renamed, DTDs and entities (UTF-16
too), far cells, huge merged ranges. Every case must end as Issues, with the reader's child never dying
(an abort would mean a pre-check missed what the reader trusts) and no partial write.

The 100 cases (bench/fuzz_long.py runs 10.000) are drawn from one seeded generator, as when they ran as one test, and checked in CHUNKS tests
of CHUNK_CASES, each into its own warehouse, so pytest-xdist spreads them over the workers (the one test was
the longest of the suite, and whichever worker drew it last set the suite's end)."""

import random
from functools import lru_cache

import pytest

import queries
from tests.mutations import (
    Case,
    Tally,
    _members,
    _rezip,
    batch_rows_agree,
    check,
    mutate_structure,
    seeds,
)

CASES = 100
CHUNKS = 4
CHUNK_CASES = CASES // CHUNKS
SEED = 20261207


@lru_cache(maxsize=1)
def all_cases() -> tuple[Case, ...]:
    """The CASES cases, in the order one generator seeded SEED draws them (drawing does not depend on checking)."""
    rng = random.Random(SEED)
    sources = [(n, d) for n, d in seeds() if n.endswith(".xlsx")]
    cases = []
    for _ in range(CASES):
        name, data = rng.choice(sources)
        members, what = mutate_structure(rng, _members(data))
        cases.append(Case(name, _rezip(members), [what]))
    return tuple(cases)


@pytest.mark.long
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_structural_mutations_are_refused_or_read_never_abort(tmp_path, chunk):
    con = queries.connect(tmp_path / "fuzz.duckdb")
    tally, known = Tally(), {}
    for number in range(chunk * CHUNK_CASES, (chunk + 1) * CHUNK_CASES):
        case = all_cases()[number]
        outcome, problem = check(con, case, known)
        tally.outcomes[outcome] += 1
        if problem:
            tally.problems.append(f"case {number} ({case.name}: {case.mutations[0]}): {problem}")
    assert tally.problems == []
    assert tally.outcomes["abort"] == tally.outcomes["crash"] == 0
    # a lying count or a DTD is refused; quoting alone changes nothing, so such files still load (in every
    # chunk at least a quarter of the whole run's floor: refused > 25 and loaded > 5 over the 100)
    stored = tally.outcomes["loaded"] + tally.outcomes["duplicate"]
    assert tally.outcomes["refused"] > 25 // CHUNKS and stored > 5 // CHUNKS, dict(tally.outcomes)
    assert batch_rows_agree(con)
    con.close()


def test_the_cases_cover_every_structural_mutation():
    kinds = Tally().kinds
    for case in all_cases():
        kinds.update(case.kinds)
    for kind in ("single_quotes", "inflate_count", "inflate_dimension", "drop_refs", "rename_member", "entity",
                 "utf16", "far_cell", "huge_merge"):
        assert kinds[kind] > 5, kind
