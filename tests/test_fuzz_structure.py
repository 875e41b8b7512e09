"""Fuzzing the package's XML structure (tests/mutations.py `mutate_structure`): attributes in single quotes,
inflated declared counts and dimensions, references removed, members renamed, DTDs and entities (UTF-16
too), far cells, huge merged ranges. Every case must end as Issues, with the reader's child never dying
(an abort would mean a pre-check missed what the reader trusts) and no partial write."""

import random

import queries
from tests.mutations import Case, Tally, _members, _rezip, batch_rows_agree, check, mutate_structure, seeds

CASES = 200
SEED = 20261207


def test_structural_mutations_are_refused_or_read_never_abort(tmp_path):
    con = queries.connect(tmp_path / "fuzz.duckdb")
    rng = random.Random(SEED)
    sources = [(n, d) for n, d in seeds() if n.endswith(".xlsx")]
    tally = Tally()
    for number in range(CASES):
        name, data = rng.choice(sources)
        members, what = mutate_structure(rng, _members(data))
        case = Case(name, _rezip(members), [what])
        outcome, problem = check(con, case)
        tally.outcomes[outcome] += 1
        tally.kinds.update(case.kinds)
        if problem:
            tally.problems.append(f"case {number} ({name}: {what}): {problem}")
    assert tally.problems == []
    assert tally.outcomes["abort"] == tally.outcomes["crash"] == 0
    for kind in ("single_quotes", "inflate_count", "inflate_dimension", "drop_refs", "rename_member", "entity",
                 "utf16", "far_cell", "huge_merge"):
        assert tally.kinds[kind] > 5, kind
    # a lying count or a DTD is refused; quoting alone changes nothing, so such files still load
    assert tally.outcomes["refused"] > 50 and tally.outcomes["loaded"] + tally.outcomes["duplicate"] > 10
    assert batch_rows_agree(con)
    con.close()
