"""queries.transaction: one commit for a block, joined by the blocks inside it (the first start stores its files
in one commit, loaders/sample.py), and nothing kept when any part fails."""

from datetime import datetime

import pytest

import queries


def _count(con) -> int:
    return con.execute("SELECT count(*) FROM setting WHERE name LIKE 'tx_%'").fetchone()[0]


def _put(con, name: str):
    queries.execute(con, "setting_set", name=name, value="1", changed_at=datetime(2026, 1, 1), changed_by="kiểm thử")


def test_inner_blocks_join_the_outer_one_and_commit_with_it(db_file):
    con = queries.connect(db_file)
    other = con.cursor()                                          # its own transactions, same database
    with queries.transaction(con):
        _put(con, "tx_a")
        with queries.transaction(con):                            # joins: no BEGIN inside BEGIN
            _put(con, "tx_b")
        assert _count(con) == 2 and _count(other) == 0            # not committed by the inner block
    assert _count(other) == 2
    con.close()


def test_a_failure_inside_rolls_back_the_whole_outer_block(db_file):
    con = queries.connect(db_file)
    with pytest.raises(ZeroDivisionError):
        with queries.transaction(con):
            _put(con, "tx_a")
            with queries.transaction(con):
                _put(con, "tx_b")
                1 / 0
    assert _count(con) == 0
    with queries.transaction(con):                                # the connection is usable again
        _put(con, "tx_c")
    assert _count(con) == 1
    con.close()
