"""Undoing a load: the batch stops counting, what it replaced counts again, exactly as before."""

import pytest

import queries
from loaders.store import CannotRollBack, roll_back
from tests.test_loader_store import NOI_VU_Q2, ROLLUP_Q2, TU_PHAP_Q2, TU_PHAP_Q2_FIX, batches, current, load

CURRENT_ALL = "SELECT * EXCLUDE (batch_id) FROM dossier_current ORDER BY ALL"


def test_rollback_of_a_replacement_restores_the_replaced_batch_exactly(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    load(db, fixtures_dir, NOI_VU_Q2)
    before = db.execute(CURRENT_ALL).fetchall()
    before_current = current(db)
    load(db, fixtures_dir, TU_PHAP_Q2_FIX)                       # batch 3 replaces batch 1
    assert db.execute(CURRENT_ALL).fetchall() != before
    assert roll_back(db, 3) == [1]
    assert db.execute(CURRENT_ALL).fetchall() == before          # every count, every lĩnh vực, as before
    assert current(db) == before_current                         # and from batch 1 again
    assert [(b, s) for b, _, s, _, _ in batches(db)] == [(1, "active"), (2, "active"), (3, "rolled_back")]
    # history is kept: the rolled-back rows are still stored
    assert db.execute("SELECT count(*) FROM dossier_count WHERE batch_id = 3").fetchone()[0] == 9


def test_replaced_batch_cannot_be_rolled_back_before_its_replacement(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    load(db, fixtures_dir, TU_PHAP_Q2_FIX)
    with pytest.raises(CannotRollBack) as refused:
        roll_back(db, 1)
    assert str(refused.value) == ("Lô số 1 (good_official_formulas_tu_phap_q2_2025.xlsx) đã bị lô số 2 thay thế; "
                                  "hãy hoàn tác lô số 2 trước.")
    roll_back(db, 2)
    with pytest.raises(CannotRollBack) as again:
        roll_back(db, 2)
    assert "đã được hoàn tác trước đó" in str(again.value)
    with pytest.raises(CannotRollBack, match="Không có lô số 99"):
        roll_back(db, 99)


def test_rolling_back_the_only_batch_empties_the_view_and_history_lists_it(db, fixtures_dir):
    load(db, fixtures_dir, ROLLUP_Q2)
    assert roll_back(db, 1) == []
    assert current(db) == []
    history = queries.run(db, "batch_history", kind=None, status=None)
    assert list(history["status"]) == ["rolled_back"]
    assert history.iloc[0]["units"] == "Sở Tư pháp, Sở Y tế"


def test_history_names_the_replacement(db, fixtures_dir):
    load(db, fixtures_dir, TU_PHAP_Q2)
    load(db, fixtures_dir, TU_PHAP_Q2_FIX)
    history = queries.run(db, "batch_history", kind="dossiers", status=None)
    assert list(history["batch_id"]) == [2, 1]
    assert list(history["status"]) == ["active", "replaced"]
    assert history.iloc[1]["replaced_by"] == 2
    assert list(history.iloc[0]["replaces"]) == [1]
    assert history.iloc[0]["period_label"] == "Quý II/2025"
    rows = queries.run(db, "batch_rows", batch_id=2)
    assert len(rows) == 9 and rows.iloc[0]["linh_vuc"] == "Hộ tịch"
