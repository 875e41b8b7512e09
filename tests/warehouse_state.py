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
    """Row count and a hash of every value, per table: cheaper than a snapshot; equal = unchanged."""
    return {t: con.cursor().table(t).aggregate("count(*), sum(hash(COLUMNS(*)))").fetchall()[0]
            for t in tables(con)}
