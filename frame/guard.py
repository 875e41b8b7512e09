"""`guarded`: every page body runs through it — sign-in first, then the page; an unexpected failure shows a
Vietnamese message, never a traceback."""

import logging

import duckdb
import streamlit as st

import accounts
import queries
from frame.cache import page_run
from frame.sidebar import account_sidebar
from frame.signin import current_account, sign_in_form

log = logging.getLogger("cchc")


def guarded(render):
    """Run a page body for a signed-in account; an unexpected failure shows a Vietnamese message, never a
    traceback (an action refused to the account says why; a damaged database says how to restore it)."""
    with page_run():
        try:
            account = current_account()
            if account is None:
                sign_in_form()
                return
            account_sidebar(account)
            render()
        except accounts.NotAllowed as exc:
            st.error(str(exc), icon=":material/block:")
        except (queries.DatabaseBusy, queries.DatabaseDamaged) as exc:
            st.error(str(exc))
        except duckdb.Error as exc:
            log.exception("page failed on a database error")
            if queries.is_damage(exc):
                st.error(queries.damaged_message(queries.db_path(), str(exc)))
            else:
                st.error("Đã xảy ra lỗi khi đọc dữ liệu cho trang này. Dữ liệu đã lưu không bị ảnh hưởng. "
                         "Hãy tải lại trang; nếu lỗi lặp lại, báo cho quản trị viên kèm thời điểm xảy ra lỗi.")
        except Exception:
            log.exception("page failed")
            st.error("Đã xảy ra lỗi khi hiển thị trang này. Dữ liệu đã lưu không bị ảnh hưởng. "
                     "Hãy tải lại trang; nếu lỗi lặp lại, báo cho quản trị viên kèm thời điểm xảy ra lỗi.")
