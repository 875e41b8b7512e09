"""Access fails closed: every query declares how its rows relate to units, every read query run for a viewer
limited to two units (Sở Tư pháp, Sở Y tế) on the sample returns no row of another unit, and a query called
with a parameter too many, too few or outside its declared values is refused."""

import pandas as pd
import pytest

import queries
from queries import scope
from tests.test_query_contracts import READ_PARAMS

VIEWER_UNITS = (9, 10)            # Sở Tư pháp, Sở Y tế in the sample's directory (checked below)
# Columns that say whose a row is: a row belongs to the viewer when one of them names one of the viewer's units
# (a plan task is the viewer's when their unit owns it or leads it).
ID_COLUMNS = ("unit_id", "owner_unit_id", "lead_unit_id")
NAME_COLUMNS = ("unit_name", "owner_name")


@pytest.fixture(scope="module")
def unit_names(sample_con) -> dict[int, str]:
    return dict(sample_con.execute("SELECT unit_id, name FROM unit").fetchall())


def other_units_rows(name: str, frame: pd.DataFrame, unit_names: dict[int, str]) -> pd.DataFrame:
    """The rows of `frame` that belong to units other than VIEWER_UNITS: rows with a unit id or a unit name,
    none of them one of the viewer's units."""
    ids = [c for c in dict.fromkeys((scope.declared(name)[1], *ID_COLUMNS)) if c in frame.columns]
    names = [c for c in NAME_COLUMNS if c in frame.columns]
    if not ids and not names:
        return frame.iloc[0:0]
    every_name = set(unit_names.values())
    own_names = {unit_names[u] for u in VIEWER_UNITS}

    def others(row) -> bool:
        row_ids = [int(row[c]) for c in ids if pd.notna(row[c])]
        row_names = [row[c] for c in names if isinstance(row[c], str) and row[c] in every_name]
        if not row_ids and not row_names:
            return False
        return not (set(row_ids) & set(VIEWER_UNITS) or set(row_names) & own_names)

    return frame[frame.apply(others, axis=1)] if len(frame) else frame


def test_the_viewer_units_are_two_departments(unit_names):
    assert [unit_names[u] for u in VIEWER_UNITS] == ["Sở Tư pháp", "Sở Y tế"]


@pytest.mark.parametrize("name", sorted(queries.available()))
def test_every_query_declares_a_scope_it_can_keep(name):
    kind, column = scope.declared(name)
    assert kind in scope.SCOPES, f"{name}: no '-- scope: unit | province | none | all' line in its header"
    contract = queries.contract(name)
    used = queries.parameters_used(name)
    if kind == "unit":      # narrowed by $unit_ids, one unit's id, or its unit column
        assert {"unit_ids", "unit_id", column} & used or column in contract["columns"], name
    if kind == "province":  # sums that never list units
        assert not set(contract["columns"]) & {*ID_COLUMNS, *NAME_COLUMNS}, name


@pytest.mark.parametrize("name", sorted(READ_PARAMS))
def test_every_read_query_as_a_limited_viewer_returns_only_their_units(name, sample_con, unit_names):
    params = READ_PARAMS[name]
    kind, _ = scope.declared(name)
    if kind == "all":
        with pytest.raises(scope.QueryRefused, match=name):
            scope.run_limited(name, params, VIEWER_UNITS, lambda asked: queries.run(sample_con, name, **asked))
        return
    frame = scope.run_limited(name, params, VIEWER_UNITS, lambda asked: queries.run(sample_con, name, **asked))
    leaked = other_units_rows(name, frame, unit_names)
    assert leaked.empty, f"{name} returned {len(leaked)} row(s) of other units:\n{leaked.head()}"
    assert list(frame.columns) == queries.contract(name)["columns"] or name == "export_table"


# Queries whose rows on the sample, for every unit, include other units' rows (so the test above, limited, has
# something to remove): the check finds them when the query is not limited.
UNLIMITED_LEAKS = {"plan_task_plans": 1, "dossier_rates": 1, "kpi_values": 1, "plan_task_list": 1,
                   "score_subjects": 1, "target_list": 1, "dossier_units": 9}


@pytest.mark.parametrize("name", sorted(UNLIMITED_LEAKS))
def test_the_check_finds_other_units_rows_when_nothing_limits_them(name, sample_con, unit_names):
    frame = queries.run(sample_con, name, **READ_PARAMS[name])
    assert len(other_units_rows(name, frame, unit_names)) >= UNLIMITED_LEAKS[name]


def test_the_plans_of_other_units_are_not_shown(sample_con, unit_names):
    """The sample holds two plans (two years, 22 tasks each) of Quảng Trị: a viewer of two departments sees
    neither; a viewer of Quảng Trị sees both."""
    run = lambda asked: queries.run(sample_con, "plan_task_plans", **asked)     # noqa: E731
    every = run({"unit_ids": None})
    owners = [(unit_names[int(u)], n) for u, n in zip(every["owner_unit_id"], every["task_count"])]
    assert owners == [("Quảng Trị", 22)] * 2
    assert scope.run_limited("plan_task_plans", {"unit_ids": None}, VIEWER_UNITS, run).empty
    quang_tri = int(every["owner_unit_id"].iloc[0])
    own = scope.run_limited("plan_task_plans", {"unit_ids": None}, (quang_tri,), run)
    assert list(own["task_count"]) == [22, 22]


def test_one_unit_asked_by_id_outside_the_scope_gives_no_row(sample_con):
    run = lambda asked: queries.run(sample_con, "score_components", **asked)    # noqa: E731
    params = {"index_code": "PAR", "unit_id": 2, "year": 2024}
    assert len(run(params)) > 0
    limited = scope.run_limited("score_components", params, VIEWER_UNITS, run)
    assert limited.empty and list(limited.columns) == queries.contract("score_components")["columns"]


def test_province_totals_stay_province_totals_for_a_limited_viewer(sample_con):
    """Province totals (no units chosen) are the same for every viewer; units chosen are narrowed to theirs."""
    run = lambda asked: queries.run(sample_con, "dossier_yearly_totals", **asked)    # noqa: E731
    every = {"year_from": 2025, "year_to": 2025, "unit_ids": None}
    assert scope.run_limited("dossier_yearly_totals", every, VIEWER_UNITS, run).equals(run(every))
    chosen = dict(every, unit_ids=[1, 9])
    assert scope.run_limited("dossier_yearly_totals", chosen, VIEWER_UNITS, run).equals(run(dict(every, unit_ids=[9])))


def test_a_query_without_a_scope_is_refused_to_a_limited_viewer(tmp_path, monkeypatch, sample_con):
    """The plan list as it was before it declared a scope (no $unit_ids, no unit_id column): refused to a limited
    viewer; still run for a viewer of every unit."""
    old = (queries.QUERY_DIR / "plan_task_plans.sql").read_text(encoding="utf-8")
    old = old.replace("-- scope: unit (owner_unit_id)\n", "").replace(
        "WHERE $unit_ids IS NULL OR list_contains($unit_ids, t.owner_unit_id)\n", "").replace(
        "-- params: $unit_ids (INTEGER[]; NULL = every unit)", "-- params: none")
    (tmp_path / "old_plan_task_plans.sql").write_text(old.replace("name: plan_task_plans", "name: old_plan_task_plans"),
                                                      encoding="utf-8")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    queries.sql.cache_clear()
    scope.declared.cache_clear()
    try:
        run = lambda asked: queries.run(sample_con, "old_plan_task_plans", **asked)    # noqa: E731
        assert scope.declared("old_plan_task_plans") == (None, "unit_id")
        with pytest.raises(scope.QueryRefused, match="declares no scope"):
            scope.run_limited("old_plan_task_plans", {}, VIEWER_UNITS, run)
        assert len(scope.run_limited("old_plan_task_plans", {}, None, run)) == 2
    finally:
        monkeypatch.undo()
        queries.sql.cache_clear()
        scope.declared.cache_clear()


def test_missing_unknown_and_undeclared_values_are_errors(sample_con):
    with pytest.raises(queries.ParameterError, match="missing parameter.*unit_ids"):
        queries.run(sample_con, "kpi_values", year=2025)                 # NULL would have meant every unit
    with pytest.raises(queries.ParameterError, match="unknown parameter.*unit_id"):
        queries.run(sample_con, "kpi_values", year=2025, unit_ids=None, unit_id=9)
    with pytest.raises(queries.ParameterError, match=r"\$definition = 'qd 766' is not one of default, qd766, due"):
        queries.run(sample_con, "dossier_unit_ranking", year=2024, unit_ids=None, definition="qd 766")
    with pytest.raises(queries.ParameterError, match=r"\$kind = None is not one of quarter"):
        queries.run(sample_con, "dossier_unit_periods", kind=None, year_from=2024, year_to=2025, unit_ids=None)
    with pytest.raises(queries.ParameterError, match="missing parameter"):      # the frame's path checks too
        scope.run_limited("kpi_values", {"year": 2025}, None, lambda asked: pytest.fail("ran"))
    # NULL where the contract says what NULL means is a value like any other
    assert len(queries.run(sample_con, "dossier_rates", unit_ids=[9], year_from=2025, year_to=2025, kind=None,
                           linh_vuc=None)) > 0


def test_each_definition_ranks_by_its_own_rate(sample_con):
    """The three declared definitions give three rate columns: 'due' ranks by on_time_due_pct, 'qd766' by
    on_time_766_pct, 'default' by on_time_pct (each read here from dossier_rates_yearly of the same units)."""
    yearly = queries.run(sample_con, "dossier_rates_yearly", unit_ids=[9, 10], year_from=2024, year_to=2024)
    yearly = yearly[yearly["linh_vuc"].isna()]
    for definition, column in (("default", "on_time_pct"), ("qd766", "on_time_766_pct"), ("due", "on_time_due_pct")):
        ranked = queries.run(sample_con, "dossier_unit_ranking", year=2024, unit_ids=[9, 10], definition=definition)
        expected = dict(zip(yearly["unit_id"], yearly[column]))
        assert {u: round(r, 6) for u, r in zip(ranked["unit_id"], ranked["chosen_pct"])} == \
            {u: round(r, 6) for u, r in expected.items()}, definition


def test_parameters_are_checked_before_the_statement_runs(sample_con):
    before = sample_con.execute("SELECT count(*) FROM alert_rule").fetchone()[0]
    with pytest.raises(queries.ParameterError):
        queries.execute(sample_con, "alert_rule_insert", name="x", kind="late", threshold=None, unit_idz=[9])
    assert sample_con.execute("SELECT count(*) FROM alert_rule").fetchone()[0] == before
