"""The fingerprint the fuzz and the "nothing changed" checks compare: equal for the same rows, different for any
change a refused action could leave behind."""

import queries
from tests.warehouse_state import fingerprint, snapshot


def test_the_fingerprint_changes_with_any_row_and_only_then(db_file):
    con = queries.connect(db_file)
    con.execute("CREATE TABLE pair (k INTEGER, v VARCHAR)")
    con.execute("INSERT INTO pair VALUES (1, 'a'), (2, 'b')")
    before, rows = fingerprint(con), snapshot(con)
    assert set(before) == set(rows) and "pair" in before and "schema_version" in before
    assert before["pair"][0] == 2                              # its row count
    assert fingerprint(con) == before                          # read twice, nothing written: the same

    con.execute("UPDATE pair SET v = 'c' WHERE k = 1")          # a value changed
    changed = fingerprint(con)
    assert changed["pair"] != before["pair"]
    assert {t: f for t, f in changed.items() if t != "pair"} == {t: f for t, f in before.items() if t != "pair"}
    con.execute("UPDATE pair SET v = 'a' WHERE k = 1")
    assert fingerprint(con) == before                          # put back: the same again

    con.execute("UPDATE pair SET v = CASE v WHEN 'a' THEN 'b' ELSE 'a' END")    # the same values, rows swapped
    assert fingerprint(con)["pair"] != before["pair"]
    con.execute("UPDATE pair SET v = CASE v WHEN 'a' THEN 'b' ELSE 'a' END")

    con.execute("INSERT INTO pair VALUES (3, NULL)")            # a row added, with a NULL
    assert fingerprint(con)["pair"][0] == 3 and fingerprint(con)["pair"] != before["pair"]
    con.execute("DELETE FROM pair WHERE k = 3")
    assert fingerprint(con) == before
    con.close()
