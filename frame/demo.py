"""The demo data: the note shown while its numbers are on screen, and its removal (one action, confirmed)."""

import logging

import duckdb
import streamlit as st

import accounts
from vocabulary.numbers import number
from frame import national, reader
from frame.connection import cursor
from frame.filters import Filters
from frame.scope import query
from frame.signin import current_account
from loaders import sample

log = logging.getLogger("cchc")


def demo_dossiers_shown(cur, filters: Filters) -> bool:
    """Whether the dossier figures of `filters` include numbers of the bundled demo (loaders.sample)."""
    shown = query(cur, "demo_dossiers_in_view", kind=filters.kind, year_from=filters.year_from,
                  year_to=filters.year_to, unit_ids=list(filters.unit_ids) if filters.unit_ids else None)
    return bool(shown["shown"].iloc[0])


def demo_dossiers_note() -> str:
    """The note beside demo dossier figures; where they are removed depends on the instance (a reader or the
    national roll-up has no page that writes)."""
    note = (":material/info: Đang hiển thị **dữ liệu minh họa** (số liệu giả lập của các sở, ban, ngành và các xã, "
            "phường tỉnh Quảng Trị, không phải số liệu chính thức).")
    if national.active():
        return note + " Bản toàn quốc đọc đúng số liệu các tỉnh đã xuất; dữ liệu minh họa được xóa ở bản của tỉnh."
    if reader.active():
        return note + " Quản trị viên xóa dữ liệu minh họa ở trang \"Quản lý dữ liệu\" của máy chủ ghi."
    return note + " Quản trị viên xóa toàn bộ dữ liệu minh họa ở trang \"Quản lý dữ liệu\"."


def _remove_demo(key: str):
    """The button's callback: every demo batch and its rows deleted (the write checks the account itself)."""
    st.session_state.pop(f"{key}_demo_ok", None)
    try:
        removed = sample.remove_demo(cursor(), by=current_account())
    except accounts.NotAllowed as exc:
        st.session_state["_demo_flash"] = ("error", str(exc))
        return
    except duckdb.Error:
        log.exception("demo removal failed")
        st.session_state["_demo_flash"] = ("error", "Không xóa được dữ liệu minh họa; dữ liệu không thay đổi. Hãy "
                                                    "tải lại trang và thử lại.")
        return
    finally:
        st.cache_data.clear()
    st.session_state["_demo_flash"] = ("ok", f"Đã xóa {number(removed['batches'])} lô dữ liệu minh họa cùng "
                                             f"{demo_rows_text(removed)}. Kho chỉ còn số liệu thật.")


def demo_rows_text(summary: dict) -> str:
    parts = [(summary["dossier_rows"], "dòng số liệu hồ sơ"), (summary["score_rows"], "điểm chỉ số"),
             (summary["kpi_rows"], "số liệu KPI"), (summary["target_rows"], "chỉ tiêu"),
             (summary["plan_task_rows"], "nhiệm vụ kế hoạch"),
             (summary.get("dossier_list_rows", 0), "hồ sơ trong danh sách hồ sơ")]
    return ", ".join(f"{number(n)} {label}" for n, label in parts if n) or "không dòng số liệu nào"


def demo_removal(cur, key: str, first_upload: bool = False):
    """While demo data is stored: what it is and, for an account allowed to, one action that removes all of it
    after a confirmation. On "Nạp dữ liệu" (`first_upload`) it is offered as a clean start before real data."""
    flash = st.session_state.pop("_demo_flash", None)
    if flash:
        (st.success if flash[0] == "ok" else st.error)(flash[1])
    summary = sample.summary(cur)
    if not summary["batches"]:
        return
    with st.container(border=True):
        if first_upload:
            st.markdown("**:material/cleaning_services: Bắt đầu với số liệu thật?**")
            st.caption(f"Kho đang chứa dữ liệu minh họa ({number(summary['batches'])} lô: {demo_rows_text(summary)}). "
                       "Số liệu thật nạp vào sẽ thay số liệu minh họa của cùng đơn vị và kỳ, nhưng các đơn vị và kỳ "
                       "khác vẫn hiển thị số liệu minh họa. Nên xóa dữ liệu minh họa trước lần nạp đầu tiên.")
        else:
            st.markdown("**:material/cleaning_services: Dữ liệu minh họa**")
            st.caption(f"{number(summary['batches'])} lô dữ liệu minh họa (số liệu giả lập kèm theo phần mềm): "
                       f"{demo_rows_text(summary)}. Xóa toàn bộ để chỉ còn số liệu thật; dữ liệu tham chiếu đã công "
                       "bố (điểm PAR INDEX, SIPAS… của các tỉnh), danh mục đơn vị và số liệu đã nạp khác được giữ nguyên.")
        if not accounts.allowed(current_account(), "remove_demo"):
            st.caption(":material/lock: Chỉ Quản trị viên xóa được dữ liệu minh họa (trang \"Quản lý dữ liệu\").")
            return
        confirmed = st.checkbox("Tôi hiểu mọi lô dữ liệu minh họa và số liệu của chúng sẽ bị xóa hẳn, không hoàn tác "
                                "được.", key=f"{key}_demo_ok")
        st.button("Xóa toàn bộ dữ liệu minh họa", type="primary", disabled=not confirmed, key=f"{key}_demo_remove",
                  on_click=_remove_demo, args=(key,), icon=":material/delete_sweep:")
