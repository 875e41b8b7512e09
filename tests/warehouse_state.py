"""What the warehouse holds, table by table, to assert that an action refused or undone changed nothing.

Every table of the database's catalog, not a list written here: a table added by a later migration is
covered without anyone remembering to add it."""

import queries


def tables(con) -> list[str]:
    return [t for (t,) in queries.rows(con, "backup_tables")]


def snapshot(con) -> dict:
    """Every row of every table, sorted (table names are identifiers: read through DuckDB's relation API)."""
    return {t: sorted(con.cursor().table(t).fetchall(), key=repr) for t in tables(con)}


def fingerprint(con) -> dict:
    """Row count and the sum of the hashes of its rows (each row's values hashed together), per table: cheaper
    than a snapshot; equal = unchanged. A row changed, added or removed changes it, and so
    do a column's values swapped between two rows (sums per column, as before, missed that).

    One statement for every table: built as one relation per table, each was bound on its own (about 3 ms a
    table, 74 ms a call on an empty warehouse — most of a refused fuzz case's own time); one UNION ALL is 12 ms.
    The table names are bound as values to `query_table`, as `queries.check_integrity` does: no name is written
    into the statement."""
    names = tables(con)
    if not names:
        return {}
    statement = " UNION ALL ".join(
        f"SELECT {i} AS i, count(*) AS n, sum(hash(*COLUMNS(*))) AS h FROM query_table($t{i})"
        for i in range(len(names)))
    params = {f"t{i}": name for i, name in enumerate(names)}
    return {names[i]: (n, h) for i, n, h in con.cursor().execute(statement, params).fetchall()}
