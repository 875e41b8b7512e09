"""Quản lý dữ liệu — placeholder replaced by the data-management page (load history, rollback, directory)."""

import streamlit as st

import dashboard


def render():
    st.title("Quản lý dữ liệu")
    st.info("Trang đang được xây dựng.")


dashboard.guarded(render)
