"""The national instance in the frame: which connection a session reads, the province picker, no writes.

When $CCHC_NATIONAL_PARQUET names a folder holding provinces' Parquet exports (`python -m reports
export-parquet`), the dashboard reads it instead of a warehouse file: `connection` hands the frame a
read-only connection over the folder (queries/national.py), one per scope — "Toàn quốc" (every province) or
one province, chosen in the sidebar (`sidebar`) — and the pages run their queries on it unchanged. The pages
that write (Nạp dữ liệu, Quản lý dữ liệu, Mục tiêu & kế hoạch with its editors, Cảnh báo & bản tin, Tài khoản)
are not offered, and without an accounts file everyone is a viewer (`ACCOUNT`), so no write control shows.

A province exporting again into the folder is read at the next query (DuckDB lists the files at each query;
tests/test_national.py); a province added to the folder, or a table no province had rows of, appears after a
restart (the connections and their views are built once).
"""

from __future__ import annotations

import streamlit as st

from accounts.roles import VIEWER, Account
from queries import national

EVERY_PROVINCE = ""                      # the picker's value for "Toàn quốc"
EVERY_PROVINCE_LABEL = "Toàn quốc"
SCOPE_KEY = "national_scope"
WRITE_PAGES = frozenset({"nap-du-lieu", "quan-ly-du-lieu", "muc-tieu", "canh-bao", "tai-khoan"})
ACCOUNT = Account("", "Bản toàn quốc (chỉ đọc)", VIEWER, None, kind="system")


def active() -> bool:
    return national.folder() is not None


def scope() -> str | None:
    """The province this session looks at; None = every province."""
    return st.session_state.get(SCOPE_KEY) or None


def scope_label() -> str:
    return scope() or EVERY_PROVINCE_LABEL


def every_province() -> bool:
    """This session looks at every province of the national instance ("Toàn quốc")."""
    return active() and scope() is None


def province_names() -> dict[int, str]:
    """province number (the id span its unit ids live in, queries/national.py) → province name."""
    return national.province_numbers(_provinces_found(str(national.folder())))


def area_prefix() -> str:
    """What a page's scope line starts with: "Toàn quốc · " or "<tỉnh> · " in the national instance, else ""."""
    return f"{scope_label()} · " if active() else ""


@st.cache_resource(show_spinner="Đang mở số liệu toàn quốc…")
def _connection(source: str, chosen: str | None, memory: str, threads: int):
    return national.connect(source, chosen, memory=memory, threads=threads)


def connection(memory: str, threads: int):
    """The read-only connection of this session's scope (one per scope and process, shared by sessions)."""
    return _connection(str(national.folder()), scope(), memory, threads)


def cache_key() -> str:
    """What names the data a query read, for the frame's query cache: the folder and the scope."""
    return f"{national.folder()}#{scope() or ''}"


@st.cache_resource(show_spinner=False)
def _provinces_found(source: str) -> dict[str, str]:
    return national.provinces(source)


def _provinces(source: str) -> list[str]:
    return list(_provinces_found(source))


def _scope_changed():
    # unit ids of one scope mean nothing in another: the unit filter starts again
    st.session_state.pop("f_units", None)
    st.session_state.get("_keep_filters", {}).pop("units", None)


def sidebar():
    """The province picker and what this instance is, at the top of the sidebar."""
    names = _provinces(str(national.folder()))
    if st.session_state.get(SCOPE_KEY) not in (EVERY_PROVINCE, *names):
        st.session_state[SCOPE_KEY] = EVERY_PROVINCE
    with st.sidebar:
        st.selectbox("Phạm vi", options=[EVERY_PROVINCE, *names], key=SCOPE_KEY, on_change=_scope_changed,
                     format_func=lambda name: name or f"{EVERY_PROVINCE_LABEL} ({len(names)} tỉnh)")
        st.caption(":material/public: **Bản toàn quốc, chỉ đọc**: số liệu các tỉnh đã xuất (Parquet), không nạp "
                   "hay sửa được ở đây; mỗi tỉnh nạp và sửa trên bản của tỉnh mình rồi xuất lại.")
