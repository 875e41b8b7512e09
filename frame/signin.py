"""Who is signed in to this browser session, and the sign-in screen shown instead of a page: the password form
of the accounts file, or — when an identity provider is configured (`[auth]` in Streamlit's secrets) — a button
to `st.login`, and for someone the accounts file does not name, "chưa được cấp quyền" and nothing else."""

import logging

import streamlit as st

import accounts

log = logging.getLogger("cchc")

LOCAL_USER = accounts.LOCAL_NAME


def current_account() -> accounts.Account | None:
    """The account of this browser session, as the accounts file says it is now: the local account (every
    role) when no accounts are configured; None when accounts are on and nobody is signed in (or the account
    was removed, or the accounts file is broken). Through an identity provider: the accounts file's entry for
    the person it signed in, None for someone it does not name."""
    if accounts.provider_configured():
        return _provider_account()
    if not accounts.configured():
        return accounts.LOCAL
    signed = st.session_state.get("_account")
    if signed is None:
        return None
    try:
        return accounts.current(signed)
    except accounts.NotAllowed:
        st.session_state.pop("_account", None)
        return None


def _identity() -> tuple[str | None, str | None, bool] | None:
    """(subject, e-mail, whether the e-mail may be trusted) of the person the provider signed in, or None."""
    user = st.user.to_dict()
    if not user.get("is_logged_in"):
        return None
    return user.get("sub"), user.get("email"), user.get("email_verified") is not False


def _provider_account() -> accounts.Account | None:
    identity = _identity()
    if identity is None:
        return None
    record = st.session_state.get("_identity_recorded") != identity      # the sign-in log: once per session
    st.session_state["_identity_recorded"] = identity
    try:
        return accounts.provider_account(*identity, client=_client_address(), record=record)
    except (accounts.SignInRefused, accounts.AccountsFileError):
        return None


def current_user() -> str:
    """Who is working, for the load history (`loaded_by`): the account's display name."""
    account = current_account()
    return account.display_name if account is not None else LOCAL_USER


def _client_address() -> str | None:
    try:
        address = st.context.ip_address
    except Exception:                        # no browser connection (a page run by AppTest)
        return None
    return address if isinstance(address, str) else None


def sign_out():
    st.session_state.pop("_account", None)


def sign_out_button(key: str):
    """Sign out: forget the account of the password form, or end the provider's session (`st.logout`, which
    also clears its cookie and starts a new session)."""
    if accounts.provider_configured():
        if st.button("Đăng xuất", key=key, icon=":material/logout:"):
            st.logout()
    else:
        st.button("Đăng xuất", key=key, on_click=sign_out, icon=":material/logout:")


def _provider_sign_in():
    identity = _identity()
    if identity is None:
        st.title("Đăng nhập")
        st.caption("Bảng điều khiển cải cách hành chính. Đăng nhập bằng tài khoản của hệ thống định danh (đăng "
                   "nhập một lần); quyền sử dụng do quản trị viên cấp.")
        if st.button("Đăng nhập", type="primary", icon=":material/login:", key="sso_login"):
            try:
                st.login()
            except Exception:
                log.exception("st.login failed")
                st.error("Chưa đăng nhập được: cấu hình đăng nhập một lần (mục [auth] trong secrets.toml) chưa đúng. "
                         "Hãy báo cho quản trị viên (tài liệu docs/operations.md, mục \"Đăng nhập một lần\").")
        return
    try:
        accounts.provider_account(*identity, record=False)
    except accounts.AccountsFileError as exc:
        st.error(str(exc))
    except accounts.SignInRefused as exc:
        st.title("Chưa được cấp quyền")
        st.error(str(exc), icon=":material/block:")
    else:
        st.rerun()            # granted since this run began: the page itself
    sign_out_button("sso_logout")


def sign_in_form():
    """The sign-in screen, shown instead of the page; a success reruns the page for the account."""
    if accounts.provider_configured():
        _provider_sign_in()
        return
    st.title("Đăng nhập")
    st.caption("Bảng điều khiển cải cách hành chính. Tài khoản do quản trị viên cấp.")
    try:
        accounts.config.users()
    except accounts.AccountsFileError as exc:
        st.error(str(exc))
        return
    with st.form("sign_in", border=True, width=420):
        login = st.text_input("Tên đăng nhập", key="signin_login", autocomplete="username")
        password = st.text_input("Mật khẩu", type="password", key="signin_password", autocomplete="current-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary", icon=":material/login:")
    if submitted:
        try:
            account = accounts.sign_in(login, password, client=_client_address())
        except accounts.SignInRefused as exc:
            st.error(str(exc))
        else:
            st.session_state["_account"] = account
            st.session_state.pop("signin_password", None)
            st.rerun()
