"""What a viewer limited to some units may read, decided from each query's declared scope.

Every query's contract header says how its rows relate to units (`-- scope: …`):

* `unit` — the rows are per unit. The statement binds `$unit_ids` (narrowed here to the viewer's units), or
  binds one unit's id (`$unit_id`, or the unit column's name: no row when it is another unit), and/or returns
  the unit column (`unit_id`, or the one named in brackets: `-- scope: unit (owner_unit_id)`), whose other
  units' rows are dropped here.
* `province` — sums over the chosen units that never list them: a limited viewer may see them for the whole
  province; a `$unit_ids` the page did choose is still narrowed to the viewer's units.
* `none` — not data of units (settings, the directory, batch bookkeeping); rows with a unit column are
  still kept to the viewer's units.
* `all` — every unit's rows with no way to narrow them (a batch's rows, an export, a write): never run for a
  limited viewer.

A query that declares no scope is refused for a limited viewer (fail closed), as is a `unit` query that has
none of the three ways to be narrowed; the contract test holds every query to a declared scope."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

import queries

SCOPES = ("unit", "province", "none", "all")
UNIT_COLUMN = "unit_id"


class QueryRefused(Exception):
    """A query a viewer limited to some units may not run (a programming error, never the viewer's)."""


@lru_cache(maxsize=None)
def declared(name: str) -> tuple[str | None, str]:
    """(scope, unit column) of a query's header: ("unit", "owner_unit_id") for `-- scope: unit (owner_unit_id)`;
    (None, "unit_id") when the header says nothing, or something that is not a scope."""
    text = queries.contract(name).get("scope", "")
    match = re.fullmatch(r"(\w+)\s*(?:\((\w+)\))?.*", text.strip())
    if not match or match.group(1) not in SCOPES:
        return None, UNIT_COLUMN
    return match.group(1), match.group(2) or UNIT_COLUMN


def limited_params(name: str, params: dict, unit_ids: tuple[int, ...]) -> dict | None:
    """The parameters to run query `name` with for a viewer limited to `unit_ids`; None when the viewer may see
    none of its rows (a `$unit_id` of another unit). Raises QueryRefused for a query that cannot be narrowed."""
    scope, column = declared(name)
    if scope is None:
        raise QueryRefused(f"query {name} declares no scope (-- scope: unit | province | none | all): refused "
                           "to a viewer limited to some units")
    if scope == "all":
        raise QueryRefused(f"query {name} reads every unit's rows (scope: all): refused to a viewer limited to "
                           "some units")
    used = queries.parameters_used(name)
    if "unit_ids" in used:
        asked = params.get("unit_ids")
        if asked is not None or scope != "province":
            kept = [u for u in (asked or unit_ids) if u in unit_ids]
            params = dict(params, unit_ids=kept or list(unit_ids))
    elif scope == "unit":
        single = next((p for p in (column, UNIT_COLUMN) if p in used), None)     # one unit asked for by id
        value = params.get(single) if single else None
        if value is not None:
            return params if value in unit_ids else None
        if column not in queries.contract(name)["columns"]:
            if single:              # NULL = every unit, and no column to keep the viewer's rows by
                return None
            raise QueryRefused(f"query {name} is scoped by unit but binds neither $unit_ids nor ${column} and "
                               f"returns no {column} column: it cannot be narrowed to a viewer's units")
    return params


def limited_rows(name: str, frame, unit_ids: tuple[int, ...]):
    """The rows of `frame` (query `name`'s result) a viewer limited to `unit_ids` may see."""
    scope, column = declared(name)
    if scope == "province" or column not in frame.columns:
        return frame
    return frame[frame[column].isin(unit_ids)].reset_index(drop=True)


def run_limited(name: str, params: dict, unit_ids: tuple[int, ...] | None, run: Callable[[dict], object]):
    """Query `name` through `run` (params → DataFrame: the frame's cache, or `queries.run`), limited to
    `unit_ids` (None: every unit). The parameters are checked first, whoever the viewer."""
    queries.check_params(name, params)
    if unit_ids is None:
        return run(params)
    limited = limited_params(name, params, unit_ids)
    if limited is None:
        import pandas as pd

        return pd.DataFrame(columns=queries.contract(name)["columns"])
    return limited_rows(name, run(limited), unit_ids)
