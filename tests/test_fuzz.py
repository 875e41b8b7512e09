"""Fuzzing the loader with mutated fixture workbooks (tests/mutations.py): 125 cases in `make test`, enough to meet
every mutation kind on both paths (bench/fuzz_long.py runs 10.000 and records the figures; the suite's share is
kept small for its 3-minute goal). Every case must end as Issues — never an exception —
and every load must be all or nothing.

The cases run in CHUNKS tests of CHUNK_CASES, each from its own seed into its own warehouse, so pytest-xdist
spreads them over the workers (one test of 250 cases set the suite's floor at about 77 s)."""

import random

import pytest

import queries
from tests.mutations import Tally, batch_rows_agree, make_case, seeds

CHUNKS = 5
CHUNK_CASES = 25
SEED = 20250815


def chunk_cases(chunk: int):
    """The cases of one chunk, as its test draws them (one generator per chunk, seeded SEED + chunk)."""
    rng, sources = random.Random(SEED + chunk), seeds()
    return [make_case(rng, sources) for _ in range(CHUNK_CASES)]


@pytest.mark.long
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_mutated_workbooks_give_issues_never_crashes_nor_partial_writes(tmp_path, chunk):
    con = queries.connect(tmp_path / "fuzz.duckdb")
    start = chunk * CHUNK_CASES
    tally = Tally().run(con, random.Random(SEED + chunk), seeds(), range(start, start + CHUNK_CASES))
    outcomes = tally.outcomes
    assert tally.problems == []
    assert outcomes["crash"] == 0
    # both paths were exercised in every chunk: files refused with issues, and files stored
    assert outcomes["refused"] > CHUNK_CASES // 2 and outcomes["loaded"] >= 2, dict(outcomes)
    assert batch_rows_agree(con)
    queries.check_integrity(con)
    con.close()


def test_the_chunks_cover_every_mutation_kind():
    """Over all chunks, the mutation kinds the issue names all occurred: cells changed to text, negatives,
    huge numbers, deleted rows and columns, shuffled headers, broken zips."""
    kinds = Tally().kinds
    for chunk in range(CHUNKS):
        for case in chunk_cases(chunk):
            kinds.update(case.kinds)
    assert sum(kinds.values()) >= CHUNKS * CHUNK_CASES          # one to three mutations per case
    for kind in ("text", "negative", "huge", "delete_row", "delete_column", "shuffle_headers", "truncate", "flip",
                 "drop_member", "garble_member"):
        assert kinds[kind] > 0, kind


def test_cases_are_reproducible_from_the_seed():
    first, second = chunk_cases(3)[-1], chunk_cases(3)[-1]
    assert (first.name, first.data, first.mutations) == (second.name, second.data, second.mutations)
    assert chunk_cases(2)[0].data != chunk_cases(3)[0].data       # chunks draw different cases
