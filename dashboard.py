"""The frame of the CCHC dashboard: page config, who is signed in, database, shared filters, navigation.

Run with `make run` (or `streamlit run dashboard.py`). Pages import this module for the shared
pieces (`cursor`, `shared_filters`, `guarded`, `current_account`); the navigation itself only runs as the
main script. Every page body runs through `guarded`, which also asks for a sign-in when accounts are on
(so a page reached by its link, or run alone, is never shown to someone not signed in).
"""

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import accounts
import queries
from loaders import backup, sample, snapshots
from frame import reader
from vocabulary import instance
from charts import theme
from charts.format import number
from loaders.units import alias_key

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("cchc")

# Streamlit treats a `pages/` folder beside the main script as an old-style multipage app and lists its
# files itself. This app navigates with st.navigation (titles in Vietnamese, URL paths that differ from
# the file names), so the old behaviour is switched off as soon as this module is loaded; `serve.py` (make
# run) switches it off before the server starts, so that even the first request may be a deep link.
PagesManager.uses_pages_directory = False

KIND_CHOICES = {
    "quarter": "Quý",
    "half": "6 tháng",
    "nine_months": "9 tháng",
    "year": "Năm",
    "month": "Tháng",
    "other": "Kỳ khác",
}
# Short, readable keys in shared links (?ky=quy&tu=2023&den=2025&donvi=1,4).
KIND_PARAM = {"quarter": "quy", "half": "6thang", "nine_months": "9thang", "year": "nam", "month": "thang", "other": "khac"}


# DuckDB's own defaults are 80 % of the machine's memory and a thread per core: at national scale one query of
# "Chất lượng dữ liệu" took the server to 2,8 GB. The dashboard's limits, set on its connection (global to the
# DuckDB instance, so every session's cursor shares them); a query that needs more spills to disk (DuckDB's
# temporary folder beside the file) rather than growing the process. Change them with $CCHC_DUCKDB_MEMORY
# ("600MB", "2GB" …) and $CCHC_DUCKDB_THREADS.
DUCKDB_MEMORY = "600MB"
DUCKDB_THREADS = 2


def duckdb_limits() -> tuple[str, int]:
    memory = os.environ.get("CCHC_DUCKDB_MEMORY", "").strip() or DUCKDB_MEMORY
    threads = _int(os.environ.get("CCHC_DUCKDB_THREADS"), DUCKDB_THREADS)
    return memory, max(1, threads)


# The frame (main) loads the demo into an empty warehouse itself, with a progress bar counting the files; a page
# script run on its own (a test) has no frame, and its connection loads the demo as before, without the bar.
_frame = {"running": False}
_first_start_lock = threading.Lock()
_first_start_done: set[str] = set()


@st.cache_resource(show_spinner="Đang mở kho dữ liệu…")
def _connection(path: str):
    """One read-write connection per process and file, with the dashboard's DuckDB limits; the bundled sample
    is loaded into an empty warehouse (by the frame, `_first_start`, when there is one).

    Every block of the file is read first (`verify`): a damaged file stops here with the restore steps."""
    con = queries.connect(path, verify=True)
    _limits(con)
    backup.watch_requests(con, path)          # `python -m loaders --backup` asks this process for its backups
    if not _frame["running"]:
        _load_sample(con)
    if instance.publish_to() is not None:     # a writer: a snapshot for the readers now and after each write
        snapshots.publish_from(con, instance.publish_to())
    return con


def _limits(con):
    memory, threads = duckdb_limits()
    queries.execute(con, "duckdb_memory_limit", limit=memory)
    queries.execute(con, "duckdb_threads", threads=threads)


def _load_sample(con, progress=None):
    loaded, problems = sample.start(con, progress=progress)
    log.info("sample data: %s files loaded, %s refused", loaded, len(problems))
    for problem in problems:
        log.warning("sample file refused: %s", problem)


def _first_start():
    """Once per process and file: an empty warehouse gets the demo before the first page, the bar saying which
    file of how many is being loaded (other sessions arriving meanwhile wait with a spinner)."""
    path = str(queries.db_path())
    if path in _first_start_done or reader.active():
        return
    con = connection()
    with st.spinner("Đang nạp dữ liệu minh họa lần đầu…"), _first_start_lock:
        if path not in _first_start_done:
            if sample.is_empty(con) and sample.wanted():
                bar = st.progress(0.0, text="Lần đầu mở kho dữ liệu: chuẩn bị nạp dữ liệu minh họa…")

                def progress(done: int, total: int, what: str):
                    bar.progress(done / total, text=f"Lần đầu mở kho dữ liệu: đang nạp dữ liệu minh họa, "
                                                    f"{number(done)}/{number(total)} — {what}")

                _load_sample(con, progress)
                bar.empty()
            _first_start_done.add(path)


def connection():
    if reader.active():
        return reader.connection(_limits)
    return _connection(str(queries.db_path()))


# One cursor per thread, never per browser session: a cursor runs one statement at a time, and Streamlit may
# run two scripts of one session at once (a click during a long query starts a new run in a new thread while
# the old run's query is still going; it stops only at its next Streamlit call). A session's cursor shared by
# both raised "ResourceInUseException: connection is busy" under fast navigation. A download built on click
# (`data=lambda: …`) runs in a worker thread of the server: it calls `cursor()` inside the lambda, never
# captures the run's cursor.
_thread = threading.local()


def cursor():
    """A cursor of the shared connection for the running thread (DuckDB cursors are not shared by threads).
    A new one after `reset_connection` (a restore), since closing the connection closed the old one."""
    con = connection()
    if getattr(_thread, "connection", None) is not con:
        _thread.connection, _thread.cursor = con, con.cursor()
    return _thread.cursor


def reset_connection():
    """Close the shared connection and forget it; the next `connection()` opens the file again.

    For a restore, which replaces the file: closing the connection closes every session's cursor with it
    (DuckDB), so no instance keeps the old file open. Under the write lock, so no load is cut in half."""
    with queries.WRITE_LOCK:
        connection().close()
        st.cache_resource.clear()


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(_cur, db: str, version: tuple, name: str, params: tuple):
    """A named query's rows, kept until the data change (`version`) — reruns and other sessions reuse them.
    (`_cur` is not part of the cache key: Streamlit skips arguments whose name starts with "_".)"""
    return queries.run(_cur, name, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in params})


# Queries whose rows are sums over the chosen units and never list them: a viewer limited to some units may
# see them for the whole province ("the province totals"); every other query is limited to the viewer's units.
PROVINCE_TOTALS = frozenset({"dossier_period_totals", "dossier_yearly_totals"})


def query(cur, name: str, /, **params):
    """Read query for pages: cached by its parameters and the data version (a load, a rollback or a
    directory change makes a new version, so charts show new data at once).

    For a viewer limited to some units, on the server whatever the page asked: `unit_ids` is narrowed to
    those units (None, "every unit", becomes them, except for PROVINCE_TOTALS), and rows of other units are
    dropped from any result with a `unit_id` column."""
    scope = scope_unit_ids(cur)
    if scope is not None and "unit_ids" in queries.parameters_used(name):
        asked = params.get("unit_ids")
        if asked is not None or name not in PROVINCE_TOTALS:
            params = dict(params, unit_ids=[u for u in (asked or scope) if u in scope] or list(scope))
    frame = _query(cur, name, params)
    if scope is not None and name not in PROVINCE_TOTALS and "unit_id" in frame.columns:
        frame = frame[frame["unit_id"].isin(scope)].reset_index(drop=True)
    return frame


# The data version is read once per page run (`guarded`), not before each of the page's queries: a page asks
# for tens of them, and every write ends its run (callbacks run before it, st.rerun after it).
_run = threading.local()


def _data_version(cur) -> tuple:
    version = getattr(_run, "version", None)
    if version is None:
        version = tuple(queries.rows(cur, "data_version")[0])
        if getattr(_run, "inside", False):
            _run.version = version
    return version


def _query(cur, name: str, params: dict):
    version = _data_version(cur)
    key = tuple(sorted((k, _hashable(v)) for k, v in params.items()))
    return _cached_query(cur, reader.source(str(queries.db_path())), version, name, key)


def scope_unit_ids(cur) -> tuple[int, ...] | None:
    """The unit_ids the signed-in account is limited to (its unit names through the spellings directory, so a
    unit merged into another follows it); None when it sees every unit."""
    account = current_account()
    if account is None or not account.is_scoped:
        return None
    spellings = _query(cur, "unit_aliases", {})
    known = dict(zip(spellings["alias_key"], spellings["unit_id"].astype(int)))
    return tuple(sorted({known[alias_key(n)] for n in account.units if alias_key(n) in known}))


@dataclass(frozen=True)
class Filters:
    unit_ids: tuple[int, ...] | None   # None = every unit
    unit_names: tuple[str, ...]
    year_from: int
    year_to: int
    kind: str

    @property
    def kind_label(self) -> str:
        return KIND_CHOICES.get(self.kind, self.kind)

    @property
    def scope_text(self) -> str:
        return self.scope_for(self.kind_label)

    def scope_for(self, kind_label: str) -> str:
        """The scope line with another period kind (a page showing whole years whatever the filter says)."""
        units = "tất cả đơn vị" if not self.unit_ids else ", ".join(self.unit_names)
        years = str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"
        return f"{units} · kỳ: {kind_label.lower()} · {years}"


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _page_id() -> str:
    """Which page script is running (its hash), to notice a page switch."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""


def shared_filters(cur) -> Filters | None:
    """Unit, year range and period kind in the sidebar, mirrored in the URL so a link reproduces the view."""
    scope = scope_unit_ids(cur)
    every_unit = _query(cur, "dossier_units", {})
    units = query(cur, "dossier_units")                  # a viewer limited to some units: those only
    kinds = query(cur, "dossier_period_kinds")
    if every_unit.empty or kinds.empty:
        return None
    params = st.query_params
    names = dict(zip(units["unit_id"].astype(int), units["name"]))
    if scope is not None:                                # …and the province totals, as a choice of its own
        names = {PROVINCE: PROVINCE_LABEL, **names}
    kind_options = list(kinds["kind"])
    param_to_kind = {v: k for k, v in KIND_PARAM.items()}
    first_year, last_year = int(every_unit["first_year"].min()), int(every_unit["last_year"].max())

    # Streamlit forgets a widget's value when the page changes (widgets belong to their page), so the
    # chosen values are also kept under plain keys ("_keep_…") that survive the switch.
    keep = st.session_state.setdefault("_keep_filters", {})
    page = _page_id()
    if keep.get("page") not in (None, page):      # arrived from another page: restore what was chosen there
        for key in ("f_units", "f_kind", "f_years"):
            st.session_state.pop(key, None)
    keep["page"] = page
    if "f_units" not in st.session_state:
        if "units" in keep:
            wanted = keep["units"]
        else:
            wanted = [_int(x, None) for x in params.get("donvi", "").split(",") if x]
        st.session_state["f_units"] = [u for u in wanted if u in names]
    gone = None
    if "f_kind" not in st.session_state:
        wanted_kind = keep.get("kind") or param_to_kind.get(params.get("ky", ""), "quarter")
        st.session_state["f_kind"] = wanted_kind if wanted_kind in kind_options else kind_options[0]
        if "ky" in params and wanted_kind not in kind_options:
            gone = wanted_kind     # a link made before a rollback, or to another warehouse: said, not hidden
    if "f_years" not in st.session_state:
        lo, hi = keep.get("years") or (_int(params.get("tu"), first_year), _int(params.get("den"), last_year))
        st.session_state["f_years"] = (lo, hi)
    lo, hi = st.session_state["f_years"]
    if keep.get("last_year") is not None and hi == keep["last_year"] < last_year:
        hi = last_year          # new data for a later year: a range that reached the end follows it
    lo = min(max(lo, first_year), last_year)
    st.session_state["f_years"] = (lo, max(min(hi, last_year), lo))
    keep["last_year"] = last_year

    with st.sidebar:
        st.markdown("### Bộ lọc chung")
        chosen = st.multiselect("Đơn vị", options=list(names), format_func=names.get, key="f_units",
                                placeholder="Tất cả đơn vị" if scope is None else "Các đơn vị của tôi")
        kind = st.selectbox("Loại kỳ báo cáo", options=kind_options, format_func=KIND_CHOICES.get, key="f_kind")
        if first_year < last_year:
            years = st.slider("Năm", min_value=first_year, max_value=last_year, key="f_years")
        else:
            years = (first_year, last_year)
            st.caption(f"Năm: {first_year}")
    if gone is not None:
        st.warning(f"Liên kết này chọn loại kỳ \"{KIND_CHOICES.get(gone, gone).lower()}\" nhưng kho dữ liệu không còn số "
                   f"liệu loại kỳ đó (có thể lô đã được hoàn tác); đang hiển thị loại kỳ \"{KIND_CHOICES[kind].lower()}\".",
                   icon=":material/link_off:")
    keep.update(units=list(chosen), kind=kind, years=tuple(years))
    st.query_params.update({"donvi": ",".join(map(str, chosen)), "ky": KIND_PARAM[kind],
                            "tu": str(years[0]), "den": str(years[1])})
    if not chosen:
        del st.query_params["donvi"]
    if scope is not None and (PROVINCE in chosen or not chosen):
        if PROVINCE in chosen or not scope:
            return Filters(None, (PROVINCE_LABEL,), int(years[0]), int(years[1]), kind)
        return Filters(scope, tuple(names[u] for u in scope if u in names), int(years[0]), int(years[1]), kind)
    return Filters(tuple(chosen) or None, tuple(names[u] for u in chosen), int(years[0]), int(years[1]), kind)


def demo_dossiers_shown(cur, filters: Filters) -> bool:
    """Whether the dossier figures of `filters` include numbers of the bundled demo (loaders.sample)."""
    shown = query(cur, "demo_dossiers_in_view", kind=filters.kind, year_from=filters.year_from,
                  year_to=filters.year_to, unit_ids=list(filters.unit_ids) if filters.unit_ids else None)
    return bool(shown["shown"].iloc[0])


DEMO_DOSSIERS_NOTE = (":material/info: Đang hiển thị **dữ liệu minh họa** (số liệu giả lập của các sở tỉnh Quảng Trị, "
                      "không phải số liệu chính thức). Quản trị viên xóa toàn bộ dữ liệu minh họa ở trang \"Quản lý "
                      "dữ liệu\".")


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


PROVINCE = 0                       # not a unit_id (they start at 1): the choice "the province's totals"
PROVINCE_LABEL = "Toàn tỉnh (tổng các đơn vị)"


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


def _sign_out():
    st.session_state.pop("_account", None)


def _sign_in_form():
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


def _account_sidebar(account: accounts.Account):
    """Who is working, on every page: the local-mode notice, or the account with its role and a sign-out."""
    with st.sidebar:
        if account.is_local:
            st.caption(":material/lock_open: **Chế độ cục bộ** — chưa bật tài khoản: mọi người mở được trang này đều có "
                       "toàn quyền (xem, nạp, hoàn tác, sửa danh mục, sao lưu). Cách bật tài khoản: tài liệu "
                       "docs/operations.md, mục \"Tài khoản và vai trò\".")
            return
        scope = f" · chỉ xem: {', '.join(account.units)}" if account.is_scoped else ""
        st.caption(f":material/person: **{account.display_name}** · {account.role_label}{scope}")
        st.button("Đăng xuất", key="sign_out", on_click=_sign_out, icon=":material/logout:")


def link_choice(param: str, key: str, options: list[str], default: str):
    """A page's own choice (a widget with `key`) kept in the URL as `param`, like the shared filters.

    Call before the widget: on the first run the URL seeds it, afterwards the widget's value is written back.
    """
    keep = st.session_state.setdefault("_keep_choices", {})
    page = _page_id()
    if keep.get(("page", key)) not in (None, page):
        st.session_state.pop(key, None)
    keep[("page", key)] = page
    if key in st.session_state and st.session_state[key] not in options:
        # the options changed under the choice (another index has other subjects): the default, not the
        # link's value, which is the old choice; the URL is rewritten below, so it always says what is shown
        st.session_state[key] = default
    if key not in st.session_state:
        wanted = keep.get(key, st.query_params.get(param))
        st.session_state[key] = wanted if wanted in options else default
    keep[key] = st.session_state[key]
    st.query_params[param] = str(st.session_state[key])


def page_links(targets: list[tuple[str, str, str]]):
    """Links to other pages (file under pages/, label, icon); plain text when a page runs on its own."""
    from streamlit.errors import StreamlitPageNotFoundError

    for column, (file, label, icon) in zip(st.columns(len(targets)), targets):
        try:
            column.page_link(f"pages/{file}", label=label, icon=icon)
        except StreamlitPageNotFoundError:
            column.markdown(f"{label} (trang {file})")


def guarded(render):
    """Run a page body for a signed-in account; an unexpected failure shows a Vietnamese message, never a
    traceback (an action refused to the account says why; a damaged database says how to restore it)."""
    _run.inside, _run.version = True, None
    reader.begin_run()
    try:
        account = current_account()
        if account is None:
            _sign_in_form()
            return
        _account_sidebar(account)
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
    finally:
        _run.inside, _run.version = False, None
        reader.end_run()


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
    _frame["running"] = True
    _first_start()
    account = current_account()
    # a page the account may not use is not registered for its session at all: its link leads nowhere
    pages = [p for p in pages if account is None or accounts.allowed(account, PAGE_ACTIONS.get(p.url_path, "browse"))]
    pages = reader.pages(pages)
    navigation = st.navigation(pages, position="sidebar" if account is not None else "hidden")
    with st.sidebar:
        st.markdown("**Cải cách hành chính** · theo dõi hồ sơ TTHC và chỉ số")
    reader.writer_note()
    st.html(theme.TOOLBAR_STYLE)
    navigation.run()


if __name__ == "__main__":
    main()
