"""Tài khoản: who may sign in, with which role and units; the sign-in log (admin only)."""

import logging

import streamlit as st

import accounts
import dashboard
import queries
from accounts import config, signin, users
from charts import accounts as tables

log = logging.getLogger("cchc")
ROLES = tables.role_options()


def _act(work, *args):
    """Run an account change (a button's callback); keep its outcome to show once."""
    try:
        st.session_state["flash_accounts"] = ("ok", work(*args))
    except (users.UserRefused, accounts.NotAllowed, config.AccountsFileError) as exc:
        st.session_state["flash_accounts"] = ("error", str(exc))
    except Exception:
        log.exception("account change failed")
        st.session_state["flash_accounts"] = ("error", "Không thực hiện được thay đổi; tệp tài khoản không đổi. Hãy "
                                                       "tải lại trang và thử lại.")


def _flash():
    found = st.session_state.pop("flash_accounts", None)
    if found:
        (st.success if found[0] == "ok" else st.error)(found[1])


def _add() -> str:
    state = st.session_state
    if state["a_password"] != state["a_password2"]:
        raise users.UserRefused("Hai lần nhập mật khẩu không giống nhau.")
    user = users.add_user(state["a_login"], state["a_role"], state["a_password"], by=dashboard.current_account(),
                          display_name=state["a_display"], units=state.get("a_units") or None)
    for key in ("a_login", "a_display", "a_password", "a_password2"):
        state[key] = ""
    return f"Đã thêm tài khoản \"{user.login}\" ({ROLES[user.role]})."


def _update(login: str) -> str:
    state = st.session_state
    user = users.update_user(login, by=dashboard.current_account(), role=state["e_role"],
                             display_name=state["e_display"], units=state.get("e_units") or [])
    return f"Đã cập nhật tài khoản \"{user.login}\": {ROLES[user.role]}."


def _password(login: str) -> str:
    state = st.session_state
    if state["p_password"] != state["p_password2"]:
        raise users.UserRefused("Hai lần nhập mật khẩu không giống nhau.")
    users.set_password(login, state["p_password"], by=dashboard.current_account())
    state["p_password"] = state["p_password2"] = ""
    return f"Đã đặt mật khẩu mới cho \"{login}\"."


def _remove(login: str) -> str:
    users.remove_user(login, by=dashboard.current_account())
    st.session_state["r_confirm"] = False
    return f"Đã xóa tài khoản \"{login}\"."


def _unit_names(cur) -> list[str]:
    return list(queries.run(cur, "unit_directory")["name"])


def render():
    st.title("Tài khoản")
    accounts.require(dashboard.current_account(), "manage_users")
    _flash()
    cur = dashboard.cursor()
    if not accounts.configured():
        st.info("Dashboard đang chạy ở **chế độ cục bộ**: chưa có tệp tài khoản "
                f"(`{config.path()}`), mọi người mở được dashboard đều có toàn quyền. Tạo tài khoản quản trị đầu tiên "
                "dưới đây để bật đăng nhập — sau đó mọi trang đều yêu cầu đăng nhập.")
    else:
        found = config.users()
        st.dataframe(tables.users_table(found), hide_index=True, width="stretch")
    _add_form(cur)
    if accounts.configured() and config.users():
        _edit_forms(cur, config.users())
        with st.expander("Nhật ký đăng nhập (50 lần gần nhất)", icon=":material/history:"):
            st.caption(f"Ghi tại {signin.log_path()}. Sai {signin.USER_LIMIT} lần trong {signin.WINDOW_SECONDS // 60} "
                       f"phút thì tên đăng nhập bị khóa {signin.LOCKOUT_SECONDS // 60} phút.")
            st.dataframe(tables.sign_in_table(signin.recent(50)), hide_index=True, width="stretch")


def _add_form(cur):
    first = not accounts.configured()
    with st.expander("Tạo tài khoản quản trị đầu tiên" if first else "Thêm tài khoản", expanded=first,
                     icon=":material/person_add:"):
        a, b = st.columns(2)
        a.text_input("Tên đăng nhập", key="a_login", placeholder="VD: nguyenvana",
                     help="Chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.")
        b.text_input("Họ tên", key="a_display", placeholder="VD: Nguyễn Văn A")
        if first:
            st.session_state["a_role"] = accounts.ADMIN
        else:
            a.selectbox("Vai trò", options=list(ROLES), format_func=ROLES.get, key="a_role")
            if st.session_state.get("a_role") == accounts.VIEWER:
                b.multiselect("Chỉ xem các đơn vị", options=_unit_names(cur), key="a_units",
                              placeholder="Để trống: xem mọi đơn vị")
        a.text_input("Mật khẩu", type="password", key="a_password", help="Ít nhất 8 ký tự.")
        b.text_input("Nhập lại mật khẩu", type="password", key="a_password2")
        st.button("Tạo tài khoản", type="primary", key="a_add", on_click=_act, args=(_add,))


def _edit_forms(cur, found):
    logins = list(found)
    with st.expander("Sửa, đặt lại mật khẩu hoặc xóa một tài khoản", icon=":material/edit:"):
        login = st.selectbox("Tài khoản", options=logins, key="e_login",
                             format_func=lambda n: f"{n} — {found[n].display_name}")
        user = found[login]
        if st.session_state.get("e_loaded") != login:   # the fields show the chosen account
            st.session_state.update(e_loaded=login, e_role=user.role, e_display=user.display_name,
                                    e_units=list(user.units or []))
        a, b = st.columns(2)
        a.selectbox("Vai trò", options=list(ROLES), format_func=ROLES.get, key="e_role")
        b.text_input("Họ tên", key="e_display")
        if st.session_state["e_role"] == accounts.VIEWER:
            names = _unit_names(cur)
            st.session_state["e_units"] = [u for u in st.session_state["e_units"] if u in names]
            st.multiselect("Chỉ xem các đơn vị", options=names, key="e_units", placeholder="Để trống: xem mọi đơn vị")
        st.button("Lưu thay đổi", key="e_save", on_click=_act, args=(_update, login))
        st.divider()
        a, b = st.columns(2)
        a.text_input("Mật khẩu mới", type="password", key="p_password")
        b.text_input("Nhập lại mật khẩu mới", type="password", key="p_password2")
        st.button("Đặt lại mật khẩu", key="p_save", on_click=_act, args=(_password, login))
        st.divider()
        confirmed = st.checkbox(f"Tôi xác nhận xóa tài khoản \"{login}\".", key="r_confirm")
        st.button("Xóa tài khoản", key="r_remove", disabled=not confirmed, on_click=_act, args=(_remove, login))


dashboard.guarded(render)
