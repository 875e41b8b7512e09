"""What a viewer limited to some units may read: `query`, the pages' read, narrowed on the server."""

import queries
from frame import cache
from frame.signin import current_account
from loaders.units import alias_key

# Queries whose rows are sums over the chosen units and never list them: a viewer limited to some units may
# see them for the whole province ("the province totals"); every other query is limited to the viewer's units.
PROVINCE_TOTALS = frozenset({"dossier_period_totals", "dossier_yearly_totals"})

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
    directory change makes a new version, so charts show new data at once).

    For a viewer limited to some units, on the server whatever the page asked: `unit_ids` is narrowed to
    those units (None, "every unit", becomes them, except for PROVINCE_TOTALS), and rows of other units are
    dropped from any result with a `unit_id` column."""
    scope = scope_unit_ids(cur)
    if scope is not None and "unit_ids" in queries.parameters_used(name):
        asked = params.get("unit_ids")
        if asked is not None or name not in PROVINCE_TOTALS:
            params = dict(params, unit_ids=[u for u in (asked or scope) if u in scope] or list(scope))
    frame = cache.cached(cur, name, params)
    if scope is not None and name not in PROVINCE_TOTALS and "unit_id" in frame.columns:
        frame = frame[frame["unit_id"].isin(scope)].reset_index(drop=True)
    return frame
