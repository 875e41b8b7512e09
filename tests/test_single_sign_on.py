"""Single sign-on (issue 18 §1): with `[auth]` in Streamlit's secrets, people sign in through the identity
provider (`st.login`) and the accounts file gives the role and units of the entry naming their subject or e-mail;
someone it does not name gets "chưa được cấp quyền" and nothing else. End to end against a real OIDC provider
on 127.0.0.1 in Chromium; the lookup and the screens also directly and through AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

import accounts
from accounts import config, users
from tests.e2e import browser_page, free_port, serve_app, wait_rendered
from tests.oidc_provider import oidc_provider, write_secrets
from tests.sample_db import ROOT
from tests.workbook_truth import totals

SHOTS = ROOT / "tests" / "out"
OVERVIEW = str(ROOT / "pages" / "overview.py")
SAMPLE_Q4_2025 = sorted((ROOT / "data" / "sample" / "2025").glob("*_2025_q4.xlsx"))
JUSTICE_Q4_2025 = ROOT / "data" / "sample" / "2025" / "bieu06_so_tu_phap_2025_q4.xlsx"

ACCOUNTS = """\
[users.quantri]
display_name = "Quản Trị"
role = "admin"
email = "quantri@quangtri.gov.vn"

[users.tuphap]
display_name = "Phòng Tư pháp"
role = "viewer"
units = ["Sở Tư pháp"]
subject = "tu-phap-0001"

[users.chuyenvien]
display_name = "Chuyên Viên"
role = "analyst"
email = "chuyenvien@quangtri.gov.vn"
"""
# what the provider says about each person (subject → claims)
PROVIDER_USERS = {
    "quantri-0001": {"email": "QuanTri@QuangTri.gov.vn", "email_verified": True, "name": "Quản Trị"},
    "tu-phap-0001": {"email": "tuphap@quangtri.gov.vn", "email_verified": True},
    "gia-mao-0001": {"email": "chuyenvien@quangtri.gov.vn", "email_verified": False},
}
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "cchc",
        "client_secret": "s", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "accounts.toml"
    path.write_text(ACCOUNTS, encoding="utf-8")
    monkeypatch.setenv("CCHC_ACCOUNTS", str(path))
    monkeypatch.setenv("CCHC_SIGNIN_LOG", str(tmp_path / "dang-nhap.log"))
    return path


# ---------------------------------------------------------------------------------------------------------
# The accounts file: which entry a person the provider signed in is
# ---------------------------------------------------------------------------------------------------------

def test_identity_found_by_subject_else_by_verified_email(accounts_file):
    assert config.find_identity("tu-phap-0001", "someone@else.vn").login == "tuphap"       # subject first
    assert config.find_identity("quantri-0001", "QuanTri@QuangTri.gov.vn").login == "quantri"   # any case
    assert config.find_identity("gia-mao-0001", "chuyenvien@quangtri.gov.vn", email_verified=False) is None
    assert config.find_identity("nguoi-la", "nguoi.la@example.com") is None
    assert config.find_identity(None, None) is None
    viewer = accounts.provider_account("tu-phap-0001", None, record=False)
    assert (viewer.login, viewer.role, viewer.units) == ("tuphap", "viewer", ("Sở Tư pháp",))
    with pytest.raises(accounts.SignInRefused) as refused:
        accounts.provider_account("nguoi-la", "nguoi.la@example.com", client="127.0.0.9")
    assert str(refused.value) == ("Tài khoản nguoi.la@example.com đã đăng nhập qua hệ thống định danh nhưng chưa "
                                  "được cấp quyền sử dụng bảng điều khiển này. Hãy liên hệ quản trị viên để được "
                                  "cấp quyền.")
    logged = (accounts_file.parent / "dang-nhap.log").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1:] for line in logged] == [
        ["từ chối", "nguoi.la@example.com", "127.0.0.9", "đăng nhập một lần: chưa được cấp quyền"]]


@pytest.mark.parametrize("entry, message", [
    ('email = "khong-phai-thu"', 'tài khoản "tuphap": email phải là một chuỗi, ví dụ email = '
                                 '"nguyenvana@quangtri.gov.vn".'),
    ('subject = ""', 'tài khoản "tuphap": subject phải là một chuỗi, ví dụ subject = "2f6c0e5a-…".'),
    ('email = "QUANTRI@quangtri.gov.vn"', 'email "QUANTRI@quangtri.gov.vn" ghi cho cả hai tài khoản "quantri" và '
                                          '"tuphap"; mỗi người chỉ một tài khoản.'),
])
def test_a_bad_or_shared_identity_keeps_everyone_out(accounts_file, entry, message):
    accounts_file.write_text(ACCOUNTS.replace('subject = "tu-phap-0001"', entry), encoding="utf-8")
    with pytest.raises(config.AccountsFileError) as broken:
        config.users()
    assert str(broken.value).endswith(message)


def test_account_changes_keep_the_identity(accounts_file):
    admin = config.users()["quantri"].account()
    users.update_user("tuphap", by=admin, display_name="Phòng Tư pháp tỉnh")
    users.set_password("quantri", "mat-khau-moi-dai", by=admin)
    again = config.users()
    assert (again["tuphap"].subject, again["quantri"].email) == ("tu-phap-0001", "quantri@quangtri.gov.vn")
    assert 'subject = "tu-phap-0001"' in accounts_file.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------
# The screens (AppTest: `at.secrets` holds [auth], `at.user` is what the provider said)
# ---------------------------------------------------------------------------------------------------------

def overview_as(user: dict | None):
    at = AppTest.from_file(OVERVIEW, default_timeout=90)
    at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    return at.run()


def test_nobody_signed_in_gets_the_provider_button_only(accounts_file, sample_db):
    at = overview_as(None)
    assert not at.exception
    assert [t.value for t in at.title] == ["Đăng nhập"]
    assert [b.label for b in at.button] == ["Đăng nhập"] and not at.text_input      # no password form
    assert not at.metric and not at.sidebar.multiselect


def test_an_unknown_person_sees_only_that_access_is_not_granted(accounts_file, sample_db):
    at = overview_as({"is_logged_in": True, "sub": "nguoi-la", "email": "nguoi.la@example.com"})
    assert not at.exception
    assert [t.value for t in at.title] == ["Chưa được cấp quyền"]
    assert "chưa được cấp quyền" in at.error[0].value
    assert [b.label for b in at.button] == ["Đăng xuất"]
    assert not at.metric and not at.dataframe and not at.sidebar.multiselect and not at.markdown


def test_an_unverified_email_does_not_open_its_account(accounts_file, sample_db):
    at = overview_as({"is_logged_in": True, "sub": "gia-mao-0001", "email": "chuyenvien@quangtri.gov.vn",
                      "email_verified": False})
    assert [t.value for t in at.title] == ["Chưa được cấp quyền"] and not at.metric


def test_a_provider_without_an_accounts_file_is_not_local_mode(tmp_path, monkeypatch, sample_db):
    monkeypatch.setenv("CCHC_ACCOUNTS", str(tmp_path / "khong-co.toml"))
    at = overview_as({"is_logged_in": True, "sub": "quantri-0001", "email": "quantri@quangtri.gov.vn"})
    assert [t.value for t in at.title] == ["Chưa được cấp quyền"] and not at.metric
    assert not any("Chế độ cục bộ" in c.value for c in at.sidebar.caption)


def test_the_viewer_named_by_subject_sees_its_unit(accounts_file, sample_db):
    at = overview_as({"is_logged_in": True, "sub": "tu-phap-0001", "email": "tuphap@quangtri.gov.vn"})
    assert not at.exception
    assert at.metric[0].value == "3.039"        # Sở Tư pháp, Quý IV/2025 (column (3) of its workbook)
    assert totals([JUSTICE_Q4_2025])["recv_total"] == 3039
    assert at.sidebar.caption[0].value == ":material/person: **Phòng Tư pháp** · Người xem · chỉ xem: Sở Tư pháp"
    assert at.multiselect(key="f_units").options == ["Toàn tỉnh (tổng các đơn vị)", "Sở Tư pháp"]


# ---------------------------------------------------------------------------------------------------------
# End to end: the provider on 127.0.0.1, the app served as `make run` does, Chromium
# ---------------------------------------------------------------------------------------------------------

def _nav(page) -> list[str]:
    """The navigation's page titles (each link's text is its icon's name, then the title)."""
    return [a.strip().splitlines()[-1] for a in page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()]


def _back_at(page, url: str):
    """Back on the app, past its /oauth2callback (which redirects to the home page)."""
    page.wait_for_url(lambda at: at.startswith(url) and "oauth2callback" not in at, timeout=30000)
    wait_rendered(page)


def _sign_in(page, url: str, subject: str):
    page.goto(url + "/")
    wait_rendered(page)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("input[name=sub]", timeout=30000)        # the provider's form
    page.fill("input[name=sub]", subject)
    page.get_by_role("button", name="Authorize").click()
    _back_at(page, url)


def _sign_out(page, url: str):
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("button", name="End session").click()          # the provider's end-session page
    _back_at(page, url)
    assert page.get_by_role("button", name="Đăng nhập").is_visible()


def _first_metric(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text().strip()


@pytest.mark.long
def test_single_sign_on_in_chromium(accounts_file, sample_db, tmp_path):
    province, justice = totals(SAMPLE_Q4_2025)["recv_total"], totals([JUSTICE_Q4_2025])["recv_total"]
    assert (province, justice) == (11604, 3039)          # Quý IV/2025: the 4 sample departments, Sở Tư pháp
    SHOTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with oidc_provider(PROVIDER_USERS) as provider:
        secrets_file = write_secrets(tmp_path / "app", f"http://127.0.0.1:{port}", provider)
        env = {"STREAMLIT_SECRETS_FILES": str(secrets_file), "CCHC_ACCOUNTS": str(accounts_file),
               "CCHC_SIGNIN_LOG": str(tmp_path / "dang-nhap.log")}
        with serve_app(sample_db, port=port, env=env) as url, browser_page() as page:
            page.goto(url + "/")
            wait_rendered(page)
            page.screenshot(path=str(SHOTS / "dang-nhap-mot-lan.png"))
            body = page.inner_text("body")
            assert "Đăng nhập bằng tài khoản của hệ thống định danh" in body and "Mật khẩu" not in body
            assert _nav(page) == [] and page.locator("[data-testid='stMetricValue']").count() == 0

            # the admin, named by e-mail (the provider writes it with other capitals)
            _sign_in(page, url, "quantri-0001")
            assert _nav(page) == ["Tổng quan", "Hồ sơ TTHC", "Hồ sơ chi tiết", "Chỉ số", "Mục tiêu & kế hoạch",
                                  "Chất lượng dữ liệu", "Nạp dữ liệu", "Quản lý dữ liệu", "Trình chiếu",
                                  "Cảnh báo & bản tin", "Tài khoản"]
            assert "Quản Trị · Quản trị" in page.inner_text("[data-testid='stSidebar']")
            assert _first_metric(page) == "11.604"
            _sign_out(page, url)

            # the viewer limited to Sở Tư pháp, named by subject: its pages, its unit's numbers only
            _sign_in(page, url, "tu-phap-0001")
            assert _nav(page) == ["Tổng quan", "Hồ sơ TTHC", "Hồ sơ chi tiết", "Chỉ số", "Mục tiêu & kế hoạch",
                                  "Chất lượng dữ liệu", "Trình chiếu", "Cảnh báo & bản tin"]
            assert "Phòng Tư pháp · Người xem · chỉ xem: Sở Tư pháp" in page.inner_text("[data-testid='stSidebar']")
            assert _first_metric(page) == "3.039"
            page.screenshot(path=str(SHOTS / "dang-nhap-mot-lan-nguoi-xem.png"))
            _sign_out(page, url)

            # someone the accounts file does not name: that, and nothing else, on every page
            _sign_in(page, url, "nguoi.la@example.com")
            page.screenshot(path=str(SHOTS / "chua-duoc-cap-quyen.png"))
            for path in ("/", "/ho-so-tthc", "/quan-ly-du-lieu"):
                if path != "/":
                    page.goto(url + path)
                    wait_rendered(page)
                body = page.inner_text("body")
                assert "Chưa được cấp quyền" in body and "chưa được cấp quyền sử dụng" in body, path
                assert _nav(page) == [] and page.locator("[data-testid='stMetricValue']").count() == 0, path
                assert "Hồ sơ" not in body and "Bộ lọc chung" not in body, path
            _sign_out(page, url)
    logged = [line.split("\t")[1:4] for line in (tmp_path / "dang-nhap.log").read_text(encoding="utf-8").splitlines()]
    # once per Streamlit session, and each page load is one: the refused person opened three
    assert [(result, who) for result, who, _ in logged] == [
        ("thành công", "quantri"), ("thành công", "tuphap")] + [("từ chối", "nguoi.la@example.com")] * 3
    assert {client for _, _, client in logged} == {"-"}      # Streamlit gives no address for a loopback client
    for shot in ("dang-nhap-mot-lan.png", "chua-duoc-cap-quyen.png"):
        assert (SHOTS / shot).stat().st_size > 5_000
