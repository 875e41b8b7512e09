"""Who may do what: passwords, the accounts file, rate-limited and logged sign-in, every role against every
write action — called directly and through the pages (AppTest) — and a viewer limited to some units."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import accounts
import queries
from accounts import config, signin, users
from accounts.passwords import hash_password, verify_password
from accounts.roles import ACTIONS, refusal
from charts.plan import target_editor_rows
from loaders import backup, directory, pipeline, plan_tasks, reference, targets
from loaders.store import roll_back
from tests.sample_db import ROOT
from tests.test_directory import OTHER_SPELLING_Q4
from tests.warehouse_state import snapshot
from tests.test_loader_store import NOI_VU_Q2, TU_PHAP_Q2, load
from tests.workbook_truth import totals

PASSWORD = "mat-khau-thu"
HASH = hash_password(PASSWORD)          # one scrypt for the whole module (about 50 ms each)
PEOPLE = {   # login → (display name, role, units)
    "xem": ("Người Xem", "viewer", None),
    "xem.tuphap": ("Phòng Tư pháp", "viewer", ("Sở Tư pháp",)),
    "chuyenvien": ("Chuyên Viên", "analyst", None),
    "quantri": ("Quản Trị", "admin", None),
}
ROLE_LOGIN = {"viewer": "xem", "analyst": "chuyenvien", "admin": "quantri"}

# What each account may do, written out by hand from the roles of issue 8: viewer (browse, export),
# analyst (upload, roll back, edit directory and task status), admin (users, targets, backups).
VIEWER_MAY = {"browse", "browse_all", "export", "export_all"}
ANALYST_MAY = VIEWER_MAY | {"upload", "rollback", "edit_directory", "edit_task_status"}
MAY = {
    "xem": VIEWER_MAY,
    "xem.tuphap": {"browse", "export"},                  # limited to its units: not every unit's history
    "chuyenvien": ANALYST_MAY,
    "quantri": ANALYST_MAY | {"edit_targets", "manage_users", "manage_alerts", "backup", "restore", "remove_demo",
                              "edit_settings"},
}
MANAGE = str(ROOT / "pages" / "manage.py")
USERS_PAGE = str(ROOT / "pages" / "user_accounts.py")


def write_accounts(path: Path, people=PEOPLE):
    config.save({login: config.User(login, name, role, HASH, units) for login, (name, role, units) in people.items()})
    return path


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "accounts.toml"
    monkeypatch.setenv("CCHC_ACCOUNTS", str(path))
    monkeypatch.setenv("CCHC_SIGNIN_LOG", str(tmp_path / "dang-nhap.log"))
    signin.reset()
    write_accounts(path)
    yield path
    signin.reset()


def account(login):
    return config.users()[login].account()


def set_role(login, role, units=None):
    """The admin changes an account in the file (as the Tài khoản page or `python -m accounts` would)."""
    people = dict(PEOPLE)
    name, _, _ = people[login]
    people[login] = (name, role, units)
    write_accounts(config.path(), people)


# ---------------------------------------------------------------------------------------------------------
# Passwords and the accounts file
# ---------------------------------------------------------------------------------------------------------

def test_passwords_are_salted_scrypt_and_checked():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password("mat-khau-sai", first)
    assert not verify_password(PASSWORD, None) and not verify_password(PASSWORD, "md5$abc")


def test_accounts_file_round_trip_keeps_no_password_in_clear(accounts_file):
    text = accounts_file.read_text(encoding="utf-8")
    assert PASSWORD not in text and 'units = ["Sở Tư pháp"]' in text
    assert accounts_file.stat().st_mode & 0o777 == 0o600
    found = config.users()
    assert [(u.login, u.role, u.units) for u in found.values()] == [
        ("xem", "viewer", None), ("xem.tuphap", "viewer", ("Sở Tư pháp",)), ("chuyenvien", "analyst", None),
        ("quantri", "admin", None)]


@pytest.mark.parametrize("text, message", [
    ('[users.an]\nrole = "boss"\n', "vai trò \"boss\" không hợp lệ; dùng viewer (người xem), analyst (chuyên viên) "
                                    "hoặc admin (quản trị)."),
    ('[users.an]\nrole = "analyst"\nunits = ["Sở Y tế"]\n', "chỉ tài khoản người xem (viewer) được giới hạn theo "
                                                           "đơn vị; vai trò Chuyên viên xem được mọi đơn vị."),
    ('[users."Nguyễn"]\nrole = "viewer"\n', "tên đăng nhập chỉ gồm chữ thường không dấu"),
    ('[users.an\nrole = "viewer"\n', "sai cú pháp TOML"),
])
def test_a_broken_accounts_file_keeps_everyone_out(accounts_file, text, message):
    accounts_file.write_text(text, encoding="utf-8")
    assert accounts.configured()                            # not local mode: a typo never opens the dashboard
    with pytest.raises(config.AccountsFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        config.users()
    with pytest.raises(accounts.SignInRefused):
        accounts.sign_in("an", PASSWORD)
    with pytest.raises(accounts.NotAllowed):
        accounts.require(accounts.Account("an", "An", "admin"), "upload")


def test_no_accounts_file_is_local_mode_with_every_role(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_ACCOUNTS", str(tmp_path / "khong-co.toml"))
    assert not accounts.configured()
    for action in ACTIONS:
        assert accounts.require(None, action) is accounts.LOCAL
    assert accounts.LOCAL.display_name == "người dùng cục bộ"


# ---------------------------------------------------------------------------------------------------------
# Sign-in: rate-limited and logged
# ---------------------------------------------------------------------------------------------------------

def test_sign_in_then_failures_rate_limited_and_logged(accounts_file, tmp_path):
    signed = accounts.sign_in(" ChuyenVien ", PASSWORD, client="10.0.0.7", now=1000.0)
    assert (signed.login, signed.display_name, signed.role, signed.role_label) == (
        "chuyenvien", "Chuyên Viên", "analyst", "Chuyên viên")
    messages = []
    for attempt in range(5):                      # five wrong passwords within the 15-minute window
        with pytest.raises(accounts.SignInRefused) as refused:
            accounts.sign_in("chuyenvien", "sai", client="10.0.0.7", now=1000.0 + attempt)
        messages.append(str(refused.value))
    assert messages[0] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert messages[1] == ("Tên đăng nhập hoặc mật khẩu không đúng. Còn 3 lần thử trước khi tên đăng nhập bị khóa "
                           "15 phút.")        # 5 allowed − 2 failed = 3
    assert messages[3].endswith("Còn 1 lần thử trước khi tên đăng nhập bị khóa 15 phút.")
    assert messages[4] == "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút, hoặc liên hệ quản trị viên."
    # locked: even the right password is refused (1004 + 600 s: 5 of the 15 minutes left)
    with pytest.raises(accounts.SignInRefused, match="Hãy thử lại sau 5 phút"):
        accounts.sign_in("chuyenvien", PASSWORD, client="10.0.0.7", now=1604.0)
    assert accounts.sign_in("chuyenvien", PASSWORD, client="10.0.0.7", now=1004.0 + 15 * 60).login == "chuyenvien"
    lines = [line.split("\t") for line in (tmp_path / "dang-nhap.log").read_text(encoding="utf-8").splitlines()]
    assert [tuple(fields[1:5]) for fields in lines] == (
        [("thành công", "chuyenvien", "10.0.0.7", "")]
        + [("thất bại", "chuyenvien", "10.0.0.7", "sai mật khẩu")] * 5
        + [("bị chặn", "chuyenvien", "10.0.0.7", "đang bị khóa do đăng nhập sai nhiều lần"),
           ("thành công", "chuyenvien", "10.0.0.7", "")])
    assert signin.recent(2)[0][1] == "thành công" and signin.recent(2)[1][1] == "bị chặn"


def test_unknown_names_get_the_same_answer_and_one_address_is_limited_too(accounts_file):
    with pytest.raises(accounts.SignInRefused, match=r"^Tên đăng nhập hoặc mật khẩu không đúng\.$"):
        accounts.sign_in("khong-co-ai", PASSWORD, client="10.0.0.9", now=0.0)
    for i in range(1, 20):                         # 20 failures from one address, each with another name
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(f"ten-{i}", "sai", client="10.0.0.9", now=float(i))
    with pytest.raises(accounts.SignInRefused, match="Đăng nhập sai quá nhiều lần"):
        accounts.sign_in("quantri", PASSWORD, client="10.0.0.9", now=30.0)
    assert accounts.sign_in("quantri", PASSWORD, client="10.0.0.10", now=30.0).login == "quantri"


def test_an_account_without_a_password_cannot_sign_in(accounts_file):
    config.save({**config.users(), "moi": config.User("moi", "Mới", "viewer", None, None)})
    with pytest.raises(accounts.SignInRefused, match=r"^Hãy nhập tên đăng nhập và mật khẩu\.$"):
        accounts.sign_in("moi", "")
    with pytest.raises(accounts.SignInRefused, match="không đúng"):
        accounts.sign_in("moi", PASSWORD)


# ---------------------------------------------------------------------------------------------------------
# Every account against every action
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("login", sorted(PEOPLE))
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_account_against_each_action(accounts_file, login, action):
    who = account(login)
    if action in MAY[login]:
        assert accounts.require(who, action) == who
    else:
        with pytest.raises(accounts.NotAllowed) as refused:
            accounts.require(who, action)
        assert str(refused.value) == refusal(who, action)


def test_refusals_say_who_what_and_which_role(accounts_file):
    assert refusal(account("xem"), "rollback") == (
        "Tài khoản \"Người Xem\" (vai trò Người xem) không được phép hoàn tác lô dữ liệu. Việc này cần vai trò "
        "Chuyên viên hoặc Quản trị; hãy liên hệ quản trị viên.")
    assert refusal(account("chuyenvien"), "restore") == (
        "Tài khoản \"Chuyên Viên\" (vai trò Chuyên viên) không được phép khôi phục từ bản sao lưu. Việc này cần vai "
        "trò Quản trị; hãy liên hệ quản trị viên.")
    assert refusal(account("xem.tuphap"), "export_all") == (
        "Tài khoản \"Phòng Tư pháp\" chỉ được xem số liệu của Sở Tư pháp, nên không được tải toàn bộ kho dữ liệu. "
        "Hãy liên hệ quản trị viên nếu cần.")


def test_the_file_decides_at_each_action(accounts_file):
    signed = account("chuyenvien")                      # signed in as analyst …
    set_role("chuyenvien", "viewer")                    # … then lowered to viewer by the admin
    with pytest.raises(accounts.NotAllowed, match="vai trò Người xem"):
        accounts.require(signed, "rollback")
    people = {k: v for k, v in PEOPLE.items() if k != "chuyenvien"}
    write_accounts(accounts_file, people)               # … then removed
    with pytest.raises(accounts.NotAllowed, match="không còn trong danh sách tài khoản"):
        accounts.require(signed, "browse")
    with pytest.raises(accounts.NotAllowed, match="Bạn chưa đăng nhập"):
        accounts.require(None, "browse")


# Every write function of the loaders, the role it needs, and a call that succeeds for that role.
def _writes(tmp_path):
    return {
        "add_alias": ("analyst", lambda con, by: directory.add_alias(con, 1, "Sở Tư pháp QT", by=by)),
        "merge_units": ("analyst", lambda con, by: directory.merge_units(con, 1, 2, by=by)),
        "set_level": ("analyst", lambda con, by: directory.set_level(con, 1, "phong", by=by)),
        "record_lineage": ("analyst", lambda con, by: directory.record_lineage(con, 2, 1, date(2025, 9, 15), by=by)),
        "delete_lineage": ("analyst", lambda con, by: directory.delete_lineage(con, 2, 1, by=by)),   # fixture's link
        "relabel_linh_vuc": ("analyst", lambda con, by: directory.relabel_linh_vuc(con, "Hộ tịch", "Hộ tịch mới", by=by)),
        "make_backup": ("admin", lambda con, by: backup.make_backup(con, tmp_path / "b.duckdb", by=by)),
        "backup_bytes": ("admin", lambda con, by: backup.backup_bytes(con, by=by)),
        "check_backup_bytes": ("admin", lambda con, by: backup.check_backup_bytes(
            backup.backup_bytes(con, by=accounts.system_account("pytest")), "b.duckdb", by=by)),
        "scheduled_backup": ("admin", lambda con, by: backup.scheduled_backup(
            queries.db_path(), tmp_path / "lich", by=by)),
        "add_user": ("admin", lambda con, by: users.add_user("moi", "viewer", PASSWORD, by=by)),
        "set_password": ("admin", lambda con, by: users.set_password("xem", "mat-khau-moi", by=by)),
        "remove_user": ("admin", lambda con, by: users.remove_user("xem", by=by)),
        "commit_file": ("analyst", lambda con, by: pipeline.commit_file(
            con, pipeline.inspect_file(con, NOI_VU_Q2, (ROOT / "tests" / "fixtures" / NOI_VU_Q2).read_bytes()),
            loaded_by="x", by=by)),
        "roll_back": ("analyst", lambda con, by: roll_back(con, 2, by=by)),
        "save_edits": ("admin", lambda con, by: _raise_target(con, by)),
        "load_published": ("analyst", lambda con, by: reference.load_published(con, "x", by=by)),
        "set_task_status": ("analyst", lambda con, by: plan_tasks.set_task_status(con, *_first_task(con), "done", "x",
                                                                                   by=by)),
    }


def _raise_target(con, by):
    """An admin raises the 2025 online-dossier target to 55 % (the page's editor rows, one value changed)."""
    before = target_editor_rows(queries.run(con, "target_list", year=2025))
    after = before.copy()
    after.loc[after["kpi"] == "Hồ sơ trực tuyến", "value"] = 55.0
    return targets.save_edits(con, 2025, before, after, "x", by=by)


def _first_task(con):
    """(owner unit, plan year, task key) of the first task of the loaded plan appendix."""
    return con.execute("SELECT owner_unit_id, plan_year, task_key FROM plan_task ORDER BY source_row LIMIT 1").fetchone()


@pytest.fixture(scope="module")
def two_units_master(tmp_path_factory):
    """Sở Tư pháp (unit 1, Q2 2025) and "Sở Tư pháp Quảng Trị" (unit 2, Q4 2025): every directory write applies."""
    path = tmp_path_factory.mktemp("roles") / "roles.duckdb"
    con = queries.connect(path)
    fixtures = ROOT / "tests" / "fixtures"
    load(con, fixtures, TU_PHAP_Q2)
    load(con, fixtures, OTHER_SPELLING_Q4)
    directory.record_lineage(con, 2, 1, date(2025, 7, 1), by=accounts.system_account("pytest"))
    plan = fixtures / "ke_hoach_nhiem_vu_cchc_2021.xlsx"
    pipeline.commit_file(con, pipeline.inspect_file(con, plan.name, plan.read_bytes()), loaded_by="pytest",
                         by=accounts.system_account("pytest"))
    con.close()
    return path


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
@pytest.mark.parametrize("write", sorted(_writes(Path("."))))
def test_each_role_against_each_write_function(accounts_file, two_units_master, tmp_path, monkeypatch, role, write):
    db = tmp_path / "w.duckdb"
    shutil.copy(two_units_master, db)
    monkeypatch.setenv("CCHC_DB", str(db))
    needs, call = _writes(tmp_path)[write]
    con = queries.connect(db)
    before, people = snapshot(con), accounts_file.read_bytes()
    who = account(ROLE_LOGIN[role])
    if ["viewer", "analyst", "admin"].index(role) >= ["viewer", "analyst", "admin"].index(needs):
        result = call(con, who)
        # and it did its work: a table, the accounts file or a backup file changed — or, for the two that only
        # hand a backup over or check one, what they return
        wrote = (snapshot(con) != before or accounts_file.read_bytes() != people
                 or (tmp_path / "b.duckdb").exists() or any((tmp_path / "lich").glob("*.duckdb")))
        assert wrote or (write in ("backup_bytes", "check_backup_bytes") and result), (write, result)
    else:
        with pytest.raises(accounts.NotAllowed, match=f"vai trò {who.role_label}"):
            call(con, who)
        assert snapshot(con) == before
        assert accounts_file.read_bytes() == people
        assert not (tmp_path / "b.duckdb").exists() and not (tmp_path / "lich").exists()
    con.close()


def test_write_functions_refuse_nobody_signed_in(accounts_file, two_units_master, tmp_path):
    con = queries.connect(shutil.copy(two_units_master, tmp_path / "n.duckdb"))
    with pytest.raises(accounts.NotAllowed, match="Bạn chưa đăng nhập"):
        directory.set_level(con, 1, "phong")
    with pytest.raises(accounts.NotAllowed, match="Bạn chưa đăng nhập"):
        backup.backup_bytes(con)
    con.close()


def test_account_changes_keep_an_admin(accounts_file):
    admin = account("quantri")
    with pytest.raises(users.UserRefused, match="Không thể tự xóa tài khoản đang đăng nhập."):
        users.remove_user("quantri", by=admin)
    with pytest.raises(users.UserRefused, match="Phải còn ít nhất một tài khoản quản trị"):
        users.update_user("quantri", by=admin, role="analyst")
    with pytest.raises(users.UserRefused, match="Mật khẩu phải có ít nhất 8 ký tự."):
        users.add_user("moi", "viewer", "ngan", by=admin)
    users.add_user("moi", "viewer", PASSWORD, by=admin, display_name="Người\tMới\x00", units=["Sở Y tế"])
    assert config.users()["moi"] == config.User("moi", "Người Mới", "viewer", config.users()["moi"].password,
                                                ("Sở Y tế",))
    assert accounts.sign_in("moi", PASSWORD).units == ("Sở Y tế",)


# ---------------------------------------------------------------------------------------------------------
# Through the pages
# ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def manage_db(tmp_path, monkeypatch, three_batches_master):
    """Batch 1 (Sở Tư pháp Q2) replaced by batch 2, batch 3 (Sở Nội vụ Q2) — as in test_manage_page; a copy."""
    path = shutil.copyfile(three_batches_master, tmp_path / "manage.duckdb")
    monkeypatch.setenv("CCHC_DB", str(path))
    return path


def stored(path):
    con = queries.connect(path)
    try:
        return snapshot(con)
    finally:
        con.close()


def page_as(script, login, **state):
    at = AppTest.from_file(script, default_timeout=60)
    if login:
        at.session_state["_account"] = account(login)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def keys(at, kind):
    return [w.key for w in at.get(kind)]


def test_sign_in_through_the_form_then_sign_out(accounts_file, manage_db):
    at = AppTest.from_file(MANAGE, default_timeout=60).run()
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.tabs      # nothing of the page before
    at.text_input(key="signin_login").input("quantri")
    at.text_input(key="signin_password").input("sai-mat-khau")
    at.button[0].click().run()
    assert at.error[0].value == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert not at.tabs
    at.text_input(key="signin_login").input("quantri")
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert [t.label for t in at.tabs][0] == "Lịch sử nạp"
    assert at.sidebar.caption[0].value == ":material/person: **Quản Trị** · Quản trị"
    at.sidebar.button(key="sign_out").click().run()
    assert [t.value for t in at.title] == ["Đăng nhập"] and not at.tabs


def test_a_broken_accounts_file_shows_why_instead_of_the_form(accounts_file, manage_db):
    accounts_file.write_text('[users.an]\nrole = "boss"\n', encoding="utf-8")
    at = AppTest.from_file(MANAGE, default_timeout=60).run()
    assert at.error[0].value.startswith(f"Tệp tài khoản {accounts_file}, tài khoản \"an\": vai trò \"boss\"")
    assert not at.tabs and not at.text_input


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_local_mode_is_said_on_every_page(sample_db, page):
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=90).run()
    assert not at.exception
    assert any(c.value.startswith(":material/lock_open: **Chế độ cục bộ** — chưa bật tài khoản")
               for c in at.sidebar.caption)


# controls of the Quản lý dữ liệu page each account sees
CONTROLS = {
    "xem": {"b_xlsx"},
    "chuyenvien": {"b_xlsx", "h_rollback", "u_alias_add", "u_level_save", "u_lin_add", "l_apply"},
    "quantri": {"b_xlsx", "h_rollback", "u_alias_add", "u_level_save", "u_lin_add", "l_apply", "b_backup", "b_restore"},
}


@pytest.mark.parametrize("login", sorted(CONTROLS))
def test_manage_page_draws_only_the_controls_of_the_role(accounts_file, manage_db, login):
    at = page_as(MANAGE, login)
    shown = set()
    for key in ("u_x_alias", "u_x_merge", "u_x_level", "u_x_lineage"):     # the directory's forms, opened
        at.session_state[key] = True
    for tab in [t.label for t in at.tabs]:            # only the tab shown is drawn (frame/tabs.py): each in turn
        at.session_state["m_tab"] = tab
        at.run()
        assert not at.exception
        shown |= set(keys(at, "button")) | set(keys(at, "download_button")) | (
            {"b_restore"} if at.get("file_uploader") else set())
    watched = set().union(*CONTROLS.values())
    assert shown & watched == CONTROLS[login]


def test_manage_page_refused_to_a_viewer_limited_to_some_units(accounts_file, manage_db):
    at = page_as(MANAGE, "xem.tuphap")
    assert at.error[0].value == refusal(account("xem.tuphap"), "browse_all")
    assert not at.tabs and not at.dataframe


def test_rollback_refused_on_the_server_after_the_role_was_lowered(accounts_file, manage_db):
    at = page_as(MANAGE, "chuyenvien", h_batch=2)
    at.button(key="h_rollback").click().run()
    before = stored(manage_db)
    set_role("chuyenvien", "viewer")          # the confirm button is still on the analyst's screen
    at.button(key="h_confirm").click().run()
    assert at.error[0].value == refusal(account("chuyenvien"), "rollback")
    assert stored(manage_db) == before
    set_role("chuyenvien", "analyst")
    at.run()
    at.button(key="h_rollback").click().run()
    at.button(key="h_confirm").click().run()
    assert at.success[0].value == "Đã hoàn tác lô 2; lô 1 được dùng lại."


def test_directory_edit_refused_on_the_server_after_the_role_was_lowered(accounts_file, manage_db):
    at = page_as(MANAGE, "chuyenvien", m_tab="Danh mục đơn vị", u_x_alias=True)
    at.selectbox(key="u_alias_unit").set_value(1)
    at.text_input(key="u_alias_text").input("Sở Tư pháp QT").run()
    before = stored(manage_db)
    set_role("chuyenvien", "viewer")
    at.button(key="u_alias_add").click().run()
    assert at.error[0].value == refusal(account("chuyenvien"), "edit_directory")
    assert stored(manage_db) == before


def test_restore_refused_to_an_analyst_even_with_the_admin_screen(accounts_file, manage_db):
    con = queries.connect(manage_db)
    data = backup.backup_bytes(con, by=account("quantri"))
    con.close()
    at = page_as(MANAGE, "quantri", m_tab="Xuất dữ liệu và sao lưu")
    at.file_uploader(key="b_upload_0").set_value(("sao-luu.duckdb", data, "application/octet-stream")).run()
    at.checkbox(key="b_confirm").check().run()
    file_before = manage_db.read_bytes()
    set_role("quantri", "analyst", None)
    people = dict(PEOPLE, chuyenvien=("Chuyên Viên", "admin", None))     # someone stays admin
    write_accounts(config.path(), {**people, "quantri": ("Quản Trị", "analyst", None)})
    at.button(key="b_restore").click().run()
    assert at.error[0].value == refusal(account("quantri"), "restore")
    assert manage_db.read_bytes() == file_before
    assert not [p for p in manage_db.parent.iterdir() if ".truoc-khoi-phuc-" in p.name]


def test_accounts_page_for_admins_only(accounts_file, manage_db):
    at = page_as(USERS_PAGE, "chuyenvien")
    assert at.error[0].value == refusal(account("chuyenvien"), "manage_users")
    assert not at.dataframe
    at = page_as(USERS_PAGE, "quantri")
    assert list(at.dataframe[0].value["Tên đăng nhập"]) == ["xem", "xem.tuphap", "chuyenvien", "quantri"]
    assert list(at.dataframe[0].value["Chỉ xem đơn vị"]) == ["tất cả đơn vị", "Sở Tư pháp", "tất cả đơn vị",
                                                             "tất cả đơn vị"]
    at.text_input(key="a_login").input("pho.giam.doc")
    at.text_input(key="a_display").input("Phó Giám đốc")
    at.selectbox(key="a_role").set_value("viewer").run()
    at.text_input(key="a_password").input("mat-khau-pgd")
    at.text_input(key="a_password2").input("mat-khau-pgd")
    at.button(key="a_add").click().run()
    assert at.success[0].value == "Đã thêm tài khoản \"pho.giam.doc\" (Người xem)."
    assert accounts.sign_in("pho.giam.doc", "mat-khau-pgd").display_name == "Phó Giám đốc"


def test_first_admin_created_on_the_page_turns_accounts_on(tmp_path, monkeypatch, manage_db):
    path = tmp_path / "moi.toml"
    monkeypatch.setenv("CCHC_ACCOUNTS", str(path))
    at = page_as(USERS_PAGE, None)
    assert at.info[0].value.startswith("Dashboard đang chạy ở **chế độ cục bộ**")
    at.text_input(key="a_login").input("quantri")
    at.text_input(key="a_password").input(PASSWORD)
    at.text_input(key="a_password2").input(PASSWORD)
    at.button(key="a_add").click().run()
    assert path.exists() and config.users()["quantri"].role == "admin"
    at.run()
    assert [t.value for t in at.title] == ["Đăng nhập"]          # from now on every page asks


# ---------------------------------------------------------------------------------------------------------
# A viewer limited to some units
# ---------------------------------------------------------------------------------------------------------

SAMPLE_2025 = ROOT / "data" / "sample" / "2025"


def test_scoped_viewer_sees_its_units_and_the_province_totals(accounts_file, sample_db):
    at = page_as(str(ROOT / "pages" / "overview.py"), "xem.tuphap")
    assert not at.exception
    justice = totals([SAMPLE_2025 / "bieu06_so_tu_phap_2025_q4.xlsx"])
    province = totals(sorted(SAMPLE_2025.glob("*_2025_q4.xlsx")))
    assert at.metric[0].value == f"{justice['recv_total']:,}".replace(",", ".")       # own unit by default
    unit_filter = at.multiselect(key="f_units")
    assert unit_filter.options == ["Toàn tỉnh (tổng các đơn vị)", "Sở Tư pháp"]
    unit_filter.set_value([0]).run()
    assert at.metric[0].value == f"{province['recv_total']:,}".replace(",", ".")      # the province's total


def test_scoped_viewer_cannot_reach_other_units_by_the_link_or_the_page(accounts_file, sample_db):
    con = queries.connect(sample_db)
    units = queries.run(con, "dossier_units")
    con.close()
    ids = dict(zip(units["name"], units["unit_id"].astype(int)))
    at = AppTest.from_file(str(ROOT / "pages" / "dossiers.py"), default_timeout=90)
    at.session_state["_account"] = account("xem.tuphap")
    at.query_params["donvi"] = str(ids["Sở Y tế"])                 # a link to another unit
    at.session_state["p_tab"] = "Lĩnh vực"                         # the lĩnh vực grid's tab (computed when shown)
    at.run()
    assert not at.exception
    assert at.multiselect(key="f_units").value == []               # not applied: own units shown
    shown = " ".join(str(frame.value.to_dict()) for frame in at.dataframe)
    assert "Sở Y tế" not in shown and "Sở Tư pháp" in shown
    quality = page_as(str(ROOT / "pages" / "quality.py"), "xem.tuphap")
    assert not quality.exception
    names = set(quality.dataframe[0].value.iloc[:, 1]) if quality.dataframe else set()
    assert names <= {"Sở Tư pháp"}

