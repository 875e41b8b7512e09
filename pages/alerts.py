"""Cảnh báo & bản tin: the alert rules an admin keeps, the bulletin of a period, and the send log.

Rules and the log are read fresh (queries.run), not through the page cache: a rule added or a send made must
show at once. Writes go through reports.alerts (checked against the account's role there, on the server).
"""

import functools
import logging

import streamlit as st

import accounts
import dashboard
import queries
from charts import alerts as views
from vocabulary.numbers import number
from reports import alerts, bulletin, delivery

log = logging.getLogger(__name__)
REFUSALS = (alerts.RuleRefused, accounts.NotAllowed, queries.DatabaseBusy)


def _act(work, *args):
    """A button's write; its outcome shown once at the top of the section. A refusal says why, nothing else leaks."""
    try:
        st.session_state["flash_alerts"] = ("ok", work(*args))
    except REFUSALS as exc:
        st.session_state["flash_alerts"] = ("error", str(exc))
    except Exception:
        log.exception("alert rule change failed")
        st.session_state["flash_alerts"] = ("error", "Không lưu được thay đổi; quy tắc không đổi. Hãy tải lại trang "
                                                     "và thử lại.")


def _add() -> str:
    s = st.session_state
    kind = s["a_kind"]
    rule_id = alerts.add_rule(dashboard.cursor(), s["a_name"], kind, s.get("a_threshold"), s["a_units"],
                              s["a_recipients"].replace(",", "\n").splitlines(), created_by=dashboard.current_user(),
                              by=dashboard.current_account())
    return f"Đã thêm quy tắc số {rule_id}."


def _toggle(rule_id: int, active: bool) -> str:
    alerts.set_active(dashboard.cursor(), rule_id, active, by=dashboard.current_account())
    return f"Đã {'bật' if active else 'tắt'} quy tắc số {rule_id}."


def _delete(rule_id: int) -> str:
    alerts.delete_rule(dashboard.cursor(), rule_id, by=dashboard.current_account())
    return f"Đã xóa quy tắc số {rule_id} (nhật ký gửi vẫn giữ)."


def _send(label: str) -> str:
    cur = dashboard.cursor()
    run = functools.partial(dashboard.query, cur)
    made = bulletin.build(run, bulletin.choose_window(run, label))
    if made is None:
        return f"Không có số liệu của kỳ {label}."
    outcomes = delivery.deliver(cur, made.label, bulletin.messages(made))
    failed = sum(o.status == delivery.FAILED for o in outcomes)
    if not outcomes:
        return "Không có người nhận nào cần gửi: đã gửi hết cho kỳ này, hoặc chưa có quy tắc nào đang bật."
    return (f"Đã gửi {number(len(outcomes) - failed)}/{number(len(outcomes))} bản tin {made.label}"
            + (f"; {number(failed)} lần gửi thất bại, xem nhật ký bên dưới." if failed else "."))


def render():
    st.title("Cảnh báo & bản tin")
    cur = dashboard.cursor()
    may_manage = accounts.allowed(dashboard.current_account(), "manage_alerts")
    found = st.session_state.pop("flash_alerts", None)
    if found:
        (st.success if found[0] == "ok" else st.error)(found[1])

    rules = queries.run(cur, "alert_rules")
    st.subheader("Quy tắc cảnh báo")
    st.caption("Mỗi kỳ, bản tin gửi đến mọi người nhận của các quy tắc đang bật; mỗi người nhận thấy các cảnh báo "
               "của quy tắc mình theo dõi. Người nhận: địa chỉ e-mail, hoặc webhook:TÊN (địa chỉ webhook khai báo "
               "trong .streamlit/secrets.toml, mục [webhooks]).")
    if rules.empty:
        st.info("Chưa có quy tắc nào.")
    else:
        st.dataframe(views.rules_table(rules), hide_index=True, width="stretch")
    if not may_manage:
        st.caption("Thêm, tắt hoặc xóa quy tắc và gửi bản tin cần vai trò Quản trị.")
    else:
        if not rules.empty:
            choices = views.rule_choice(rules)
            left, mid, right = st.columns([3, 1, 1], vertical_alignment="bottom")
            chosen = left.selectbox("Quy tắc", options=list(choices), format_func=choices.get, key="a_chosen")
            active = bool(rules.loc[rules["rule_id"] == chosen, "active"].iloc[0])
            mid.button("Tắt" if active else "Bật", key="a_toggle", on_click=_act, args=(_toggle, chosen, not active))
            right.button("Xóa", key="a_delete", on_click=_act, args=(_delete, chosen))
        with st.expander("Thêm quy tắc", expanded=rules.empty):
            kind = st.selectbox("Cảnh báo khi", options=list(alerts.KINDS), key="a_kind",
                                format_func=lambda k: alerts.KINDS[k].label)
            st.text_input("Tên quy tắc", key="a_name", placeholder="Ví dụ: Đúng hạn dưới 98 %")
            if alerts.KINDS[kind].threshold:
                st.number_input(alerts.KINDS[kind].threshold, min_value=0.0, value=alerts.KINDS[kind].default,
                                step=1.0, key="a_threshold")
            units = dashboard.query(cur, "dossier_units")
            names = dict(zip(units["unit_id"], units["name"]))
            st.multiselect("Đơn vị theo dõi (để trống: tất cả)", options=list(names), format_func=names.get,
                           key="a_units", placeholder="Tất cả đơn vị")
            st.text_area("Người nhận (mỗi dòng một người)", key="a_recipients",
                         placeholder="lanhdao@so.example.gov.vn\nwebhook:zalo_oa")
            st.button("Thêm quy tắc", type="primary", key="a_add", on_click=_act, args=(_add,))

    st.subheader("Bản tin")
    run = functools.partial(dashboard.query, cur)
    labels = bulletin.periods_offered(run)
    if not labels:
        st.info("Chưa có số liệu quý nào, cũng chưa có danh sách hồ sơ nào để lập bản tin.")
    else:
        kind = st.radio("Bản tin", options=list(labels), horizontal=True, key="a_every")
        label = st.selectbox("Kỳ", options=labels[kind], key=f"a_period_{kind}")
        if kind != bulletin.QUARTERLY:
            st.caption("Bản tin tuần và tháng tính từ danh sách hồ sơ (hệ thống thông tin giải quyết TTHC), không phải "
                       "từ báo cáo Biểu 06 của các đơn vị.")
        left, right = st.columns(2)
        if left.button("Xem trước bản tin", key="a_preview"):
            with st.spinner("Đang lập bản tin…"):
                made = bulletin.build(run, bulletin.choose_window(run, label))
            if made is not None:
                st.text(bulletin.as_text(made))
            else:
                st.info(f"Không có số liệu của kỳ {label}.")
        if may_manage:
            right.button("Gửi bản tin ngay", key="a_send", on_click=_act, args=(_send, label),
                         help="Gửi đến mọi người nhận chưa nhận bản tin của kỳ này (kể cả các lần gửi thất bại trước).")
        st.caption("Gửi định kỳ bằng lệnh (cron), kể cả khi dashboard đang chạy: python -m reports bulletin --every week "
                   "--out THƯ_MỤC --send — xem README.")

    st.subheader("Nhật ký gửi")
    sent = queries.run(cur, "alert_deliveries", period_label=None, limit=200)
    if sent.empty:
        st.info("Chưa gửi bản tin nào.")
        return
    failed = views.failed_count(sent)
    if failed:
        st.warning(f"{number(failed)} lần gửi thất bại: dashboard tự thử lại vào thời điểm ở cột \"Thử lại lúc\" "
                   "(30 phút sau lần đầu, rồi giãn dần tới 8 giờ), hoặc thử lại ngay bằng nút \"Gửi bản tin ngay\" của "
                   "cùng kỳ.", icon=":material/warning:")
    st.dataframe(views.log_table(sent), hide_index=True, width="stretch")


dashboard.guarded(render)
