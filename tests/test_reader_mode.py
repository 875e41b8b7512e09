"""A reader instance ($CCHC_READER_OF): every write refused and its control hidden, whatever the role."""

import pytest

import accounts
from accounts import LOCAL, system_account


def test_on_a_reader_every_role_may_browse_and_export_only(monkeypatch, tmp_path):
    assert accounts.allowed(LOCAL, "upload") and accounts.allowed(LOCAL, "remove_demo")
    monkeypatch.setenv("CCHC_READER_OF", str(tmp_path))
    monkeypatch.setenv("CCHC_WRITER_URL", "http://127.0.0.1:8721/")
    for action in ("browse", "browse_all", "export", "export_all"):
        assert accounts.allowed(LOCAL, action), action
    writes = sorted(set(accounts.ACTIONS) - {"browse", "browse_all", "export", "export_all"})
    assert writes == ["backup", "edit_directory", "edit_settings", "edit_targets", "edit_task_status", "manage_alerts",
                      "manage_users", "remove_demo", "restore", "rollback", "upload"]
    for action in writes:
        assert not accounts.allowed(LOCAL, action), action
    with pytest.raises(accounts.NotAllowed) as refused:
        accounts.require(system_account("pytest"), "rollback")
    assert str(refused.value) == ("Địa chỉ này chỉ để xem số liệu đã công bố, nên không hoàn tác lô dữ liệu được. "
                                  "Việc hoàn tác lô dữ liệu làm ở địa chỉ quản trị (http://127.0.0.1:8721/).")


def test_the_demo_note_says_where_the_demo_is_removed_on_each_kind_of_instance(monkeypatch, tmp_path):
    from frame.demo import demo_dossiers_note

    monkeypatch.delenv("CCHC_READER_OF", raising=False)
    monkeypatch.delenv("CCHC_NATIONAL_PARQUET", raising=False)
    assert demo_dossiers_note().endswith("Quản trị viên xóa toàn bộ dữ liệu minh họa ở trang \"Quản lý dữ liệu\".")
    monkeypatch.setenv("CCHC_READER_OF", str(tmp_path))
    assert demo_dossiers_note().endswith("ở trang \"Quản lý dữ liệu\" của máy chủ ghi.")
    monkeypatch.delenv("CCHC_READER_OF")
    monkeypatch.setenv("CCHC_NATIONAL_PARQUET", str(tmp_path))
    assert "Bản toàn quốc" in demo_dossiers_note() and "Quản lý dữ liệu" not in demo_dossiers_note()


def test_the_automatic_refresh_gives_way_to_a_run_the_person_asked_for():
    """Streamlit folds a rerun asked while another is pending, the newer request's page winning: the reader's
    automatic rerun must not be asked while a click (here: another page) waits, or the click is lost."""
    from types import SimpleNamespace

    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData, ScriptRequests

    from frame.reader import run_pending

    requests = ScriptRequests()
    ctx = SimpleNamespace(script_requests=requests)
    assert run_pending(ctx) is False and run_pending(None) is False
    assert requests.request_rerun(RerunData(query_string="", page_script_hash="ho-so-chi-tiet"))
    assert run_pending(ctx) is True
    # the runner takes the request at its next stop: nothing is pending any more
    assert requests.on_scriptrunner_yield() is not None
    assert run_pending(ctx) is False
