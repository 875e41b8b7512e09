"""Who is signed in to this browser session, and the sign-in form shown instead of a page."""

import streamlit as st

import accounts

LOCAL_USER = accounts.LOCAL_NAME


def current_account() -> accounts.Account | None:
    """The account of this browser session, as the accounts file says it is now: the local account (every
    role) when no accounts are configured; None when accounts are on and nobody is signed in (or the account
    was removed, or the accounts file is broken)."""
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


def sign_in_form():
    """The sign-in form, shown instead of the page; a success reruns the page for the account."""
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
