"""What a viewer limited to some units may read: `query`, the pages' read, narrowed on the server."""

import queries.scope
from frame import cache, levels
from frame.signin import current_account
from loaders.units import alias_key

PROVINCE = 0                       # not a unit_id (they start at 1): the choice "the province's totals"
PROVINCE_LABEL = "Toàn tỉnh (tổng các đơn vị)"


def scope_unit_ids(cur) -> tuple[int, ...] | None:
    """The unit_ids the signed-in account is limited to (its unit names through the spellings directory, so a
    unit merged into another follows it); None when it sees every unit."""
    account = current_account()
    if account is None or not account.is_scoped:
        return None
    spellings = cache.cached(cur, "unit_aliases", {})
    known = dict(zip(spellings["alias_key"], spellings["unit_id"].astype(int)))
    return tuple(sorted({known[alias_key(n)] for n in account.units if alias_key(n) in known}))


def query(cur, name: str, /, **params):
    """Read query for pages: cached by its parameters and the data version (a load, a rollback or a
    directory change makes a new version, so charts show new data at once). For a viewer limited to some
    units, limited on the server to those units as the query's contract says (`queries.scope`), whatever
    the page asked; then, when no unit is asked for, a Biểu 06 count reads the chosen level's units
    (`frame.levels`)."""
    return queries.scope.run_limited(name, params, scope_unit_ids(cur),
                                     lambda asked: cache.cached(cur, name, levels.levelled(cur, name, asked)))
