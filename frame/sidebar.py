"""The sidebar's account line on every page: the local-mode notice, or who is working with a sign-out."""

import streamlit as st

import accounts
from frame import national, reader
from frame.signin import sign_out_button


def account_sidebar(account: accounts.Account):
    if account is national.ACCOUNT:
        return                                   # frame.national.sidebar says what this instance is
    with st.sidebar:
        if account.is_local and reader.active():       # a reader's own note (navigation) says what may be done
            return
        if account.is_local:
            st.caption(":material/lock_open: **Chế độ cục bộ** — chưa bật tài khoản: mọi người mở được trang này đều có "
                       "toàn quyền (xem, nạp, hoàn tác, sửa danh mục, sao lưu). Cách bật tài khoản: tài liệu "
                       "docs/operations.md, mục \"Tài khoản và vai trò\".")
            return
        scope = f" · chỉ xem: {', '.join(account.units)}" if account.is_scoped else ""
        st.caption(f":material/person: **{account.display_name}** · {account.role_label}{scope}")
        sign_out_button("sign_out")
