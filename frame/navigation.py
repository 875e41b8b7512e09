"""The page list and what each page needs; `main`, run by `dashboard.py` as Streamlit's main script."""

from pathlib import Path

import streamlit as st

import accounts
from charts import theme
from frame import national, reader
from frame.connection import first_start
from frame.preload import chart_library
from frame.signin import current_account

ROOT = Path(__file__).resolve().parents[1]


def page_links(targets: list[tuple[str, str, str]]):
    """Links to other pages (file under pages/, label, icon); plain text when a page runs on its own."""
    from streamlit.errors import StreamlitPageNotFoundError

    for column, (file, label, icon) in zip(st.columns(len(targets)), targets):
        try:
            column.page_link(f"pages/{file}", label=label, icon=icon)
        except StreamlitPageNotFoundError:
            column.markdown(f"{label} (trang {file})")


# url path → the action a page is for (others: "browse")
PAGE_ACTIONS = {"nap-du-lieu": "upload", "quan-ly-du-lieu": "browse_all", "tai-khoan": "manage_users"}


def main():
    # a local image: a Material icon as favicon is fetched from fonts.gstatic.com, out of reach on a provincial network
    st.set_page_config(page_title="CCHC – Bảng điều khiển", page_icon=str(ROOT / "charts" / "favicon.png"), layout="wide")
    pages = [
        st.Page(str(ROOT / "pages" / "overview.py"), title="Tổng quan", icon=":material/dashboard:",
                default=True),
        st.Page(str(ROOT / "pages" / "dossiers.py"), title="Hồ sơ TTHC", icon=":material/fact_check:",
                url_path="ho-so-tthc"),
        st.Page(str(ROOT / "pages" / "dossier_list.py"), title="Hồ sơ chi tiết", icon=":material/list_alt:", url_path="ho-so-chi-tiet"),
        st.Page(str(ROOT / "pages" / "scores.py"), title="Chỉ số", icon=":material/leaderboard:", url_path="chi-so"),
        st.Page(str(ROOT / "pages" / "plan.py"), title="Mục tiêu & kế hoạch", icon=":material/flag:",
                url_path="muc-tieu"),
        st.Page(str(ROOT / "pages" / "quality.py"), title="Chất lượng dữ liệu", icon=":material/rule:",
                url_path="chat-luong-du-lieu"),
        st.Page(str(ROOT / "pages" / "upload.py"), title="Nạp dữ liệu", icon=":material/upload_file:",
                url_path="nap-du-lieu"),
        st.Page(str(ROOT / "pages" / "manage.py"), title="Quản lý dữ liệu", icon=":material/database:",
                url_path="quan-ly-du-lieu"),
        st.Page(str(ROOT / "pages" / "presentation.py"), title="Trình chiếu", icon=":material/slideshow:",
                url_path="trinh-chieu"),
        st.Page(str(ROOT / "pages" / "alerts.py"), title="Cảnh báo & bản tin", icon=":material/notifications:", url_path="canh-bao"),
        st.Page(str(ROOT / "pages" / "user_accounts.py"), title="Tài khoản", icon=":material/manage_accounts:",
                url_path="tai-khoan"),
    ]
    reader.begin_app_run()
    try:
        page = _run_app(pages)
        reader.app_run_done(page)
    finally:
        reader.end_app_run()


def _run_app(pages: list) -> str:
    """The app's run; returns the address of the page it ran."""
    first_start()
    account = current_account()
    # a page the account may not use is not registered for its session at all: its link leads nowhere
    pages = [p for p in pages if account is None or accounts.allowed(account, PAGE_ACTIONS.get(p.url_path, "browse"))]
    if national.active():
        pages = [p for p in pages if p.url_path not in national.WRITE_PAGES]
        national.sidebar()
    pages = reader.pages(pages)
    navigation = st.navigation(pages, position="sidebar" if account is not None else "hidden")
    chart_library()
    with st.sidebar:
        st.markdown("**Cải cách hành chính** · theo dõi hồ sơ TTHC và chỉ số")
    reader.writer_note()
    reader.follow_publications()
    st.html(theme.TOOLBAR_STYLE)
    navigation.run()
    return navigation.url_path
