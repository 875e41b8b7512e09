"""Fuzzing the loader with mutated fixture workbooks (tests/mutations.py): a few hundred cases in `make test`
(bench/fuzz_long.py runs 10.000 and records the figures). Every case must end as Issues — never an exception —
and every load must be all or nothing."""

import random

import queries
from tests.mutations import Tally, batch_rows_agree, make_case, seeds

CASES = 250
SEED = 20250815


def test_mutated_workbooks_give_issues_never_crashes_nor_partial_writes(tmp_path):
    con = queries.connect(tmp_path / "fuzz.duckdb")
    tally = Tally().run(con, random.Random(SEED), seeds(), range(CASES))
    outcomes, kinds = tally.outcomes, tally.kinds
    assert tally.problems == []
    assert outcomes["crash"] == 0
    # both paths were exercised: files refused with issues, and files stored
    assert outcomes["refused"] > CASES // 2 and outcomes["loaded"] > 10
    # the mutation kinds the issue names all occurred: cells changed to text, negatives, huge numbers, deleted
    # rows and columns, shuffled headers, broken zips
    for kind in ("text", "negative", "huge", "delete_row", "delete_column", "shuffle_headers", "truncate", "flip",
                 "drop_member", "garble_member"):
        assert kinds[kind] > 0, kind
    assert batch_rows_agree(con)
    queries.check_integrity(con)
    con.close()


def test_cases_are_reproducible_from_the_seed():
    first = [make_case(random.Random(7), seeds()) for _ in range(1)][0]
    second = [make_case(random.Random(7), seeds()) for _ in range(1)][0]
    assert (first.name, first.data, first.mutations) == (second.name, second.data, second.mutations)
