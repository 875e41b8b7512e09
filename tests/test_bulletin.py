"""The bulletin and its delivery, against real servers on 127.0.0.1 only: an SMTP server (aiosmtpd) that the test
starts and reads back, an HTTP server (http.server in a thread) that receives the webhook JSON, and servers that
refuse — retried, recorded as failed, served on the next run without repeating what was already sent."""

import datetime as dt
import email
import email.policy
import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

import queries
from reports import alerts, bulletin, delivery
from tests.sample_db import ROOT, departments
from vocabulary.numbers import number, percent

Q4_2025 = "Quý IV/2025"
PASSWORD = "mat-khau-thu-9f3c"        # must never reach the database, stdout/stderr or a log


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default),
                              session.authenticated))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data.login == b"cchc" and auth_data.password == PASSWORD.encode())

    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def webhook_server():
    received, status = [], {"code": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.path, self.headers["Content-Type"], json.loads(body)))
            self.send_response(status["code"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received, status
    server.shutdown()
    server.server_close()


@pytest.fixture
def with_rules(sample_db):
    con = queries.connect(sample_db)
    ids = {
        "on_time": alerts.add_rule(con, "Đúng hạn dưới 99,5 %", alerts.ON_TIME_BELOW, 99.5, None,
                                   ["lanhdao@so.example.vn"]),
        "overdue": alerts.add_rule(con, "Quá hạn tồn trên 10 hồ sơ", alerts.OVERDUE_ABOVE, 10, None,
                                   ["lanhdao@so.example.vn", "webhook:zalo"]),
        "justice": alerts.add_rule(con, "Sở Tư pháp dưới 99,9 %", alerts.ON_TIME_BELOW, 99.9, [9],
                                   ["vanphong@so.example.vn"]),
    }
    q4 = queries.run(con, "dossier_period_totals", kind="quarter", year_from=2025, year_to=2025, unit_ids=None,
                     linh_vuc=None).iloc[-1]
    # a rule for no unit in particular watches the departments (issue 19: the sample's communes are a level apart)
    units = queries.run(con, "presentation_unit_period", period_start=q4["period_start"], period_end=q4["period_end"],
                        unit_ids=departments(con), metric="on_time", min_dossiers=1)
    con.close()
    return sample_db, ids, q4, units


def _env(smtp_port, hook_port):
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DB"}
    env.update(CCHC_SMTP_HOST="127.0.0.1", CCHC_SMTP_PORT=str(smtp_port), CCHC_SMTP_STARTTLS="0",
               CCHC_SMTP_USER="cchc", CCHC_SMTP_PASSWORD=PASSWORD, CCHC_SMTP_SENDER="Văn phòng Sở <cchc@so.example.vn>",
               CCHC_WEBHOOK_ZALO=f"http://127.0.0.1:{hook_port}/hook?token=bi-mat", CCHC_SECRETS="/nonexistent")
    return env


def test_the_q4_bulletin_is_written_and_received_by_a_local_smtp_server(with_rules, smtp_server, webhook_server,
                                                                       tmp_path):
    db, ids, q4, units = with_rules
    smtp_port, inbox = smtp_server
    hook_port, received, _ = webhook_server
    done = subprocess.run([sys.executable, "-m", "reports", "bulletin", "--db", str(db), "--period", Q4_2025,
                           "--out", str(tmp_path), "--send"], cwd=ROOT, env=_env(smtp_port, hook_port),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for suffix in (".eml", ".html", ".pdf", ".txt"):
        assert (tmp_path / f"ban_tin_cchc_quy_iv_2025{suffix}").stat().st_size > 500
    assert "ĐÃ GỬI lanhdao@so.example.vn (1 lần thử)" in done.stdout

    # two addresses, one message each; the leader's carries both of his rules, the office's only its own
    assert sorted(m[0][0] for m in inbox.messages) == ["lanhdao@so.example.vn", "vanphong@so.example.vn"]
    leader = next(m for rcpt, m, _ in inbox.messages if rcpt == ["lanhdao@so.example.vn"])
    assert all(authenticated for *_, authenticated in inbox.messages)
    low = units[units["on_time_pct"] < 99.5]
    over = units[units["proc_late"] > 10]
    assert leader["Subject"] == "Bản tin CCHC Quý IV/2025 — 3 cảnh báo"
    assert leader["From"] == "Văn phòng Sở <cchc@so.example.vn>"
    text = leader.get_body(("plain",)).get_content()
    html = leader.get_body(("html",)).get_content()
    for body in (text, html.replace("&#x27;", "'")):
        assert f"toàn tỉnh đã tiếp nhận {number(q4['recv_total'])} hồ sơ" in body
        assert f"đạt {percent(q4['on_time_pct'])}" in body
        assert f"So với kỳ trước ({q4['prev_label']})" in body
    assert (f"Đúng hạn dưới 99,5 %: Có {len(low)} đơn vị có tỷ lệ giải quyết trước và đúng hạn dưới {percent(99.5)}"
            in text)
    for name, value in zip(low["unit_name"], low["on_time_pct"]):
        assert f"{name} ({percent(value)})" in text
    assert f"Có {len(over)} đơn vị còn trên 10 hồ sơ đang giải quyết quá hạn cuối Quý IV/2025" in text
    assert "Sở Tư pháp dưới 99,9 %" not in text
    attachment = next(leader.iter_attachments())
    assert attachment.get_filename() == "ban_tin_cchc_quy_iv_2025.pdf"
    assert attachment.get_content().startswith(b"%PDF") and len(attachment.get_content()) > 20_000
    office = next(m for rcpt, m, _ in inbox.messages if rcpt == ["vanphong@so.example.vn"])
    assert "Sở Tư pháp dưới 99,9 %" in office.get_body(("plain",)).get_content()

    # the chat webhook: a short JSON text with the headline and the leader's rules
    assert len(received) == 1
    path, content_type, payload = received[0]
    assert path == "/hook?token=bi-mat" and content_type == "application/json; charset=utf-8"
    assert payload["period"] == Q4_2025 and payload["text"].startswith("Bản tin CCHC Quý IV/2025")
    assert f"tiếp nhận {number(q4['recv_total'])} hồ sơ" in payload["text"] and len(payload["text"]) <= 1500
    assert "Quá hạn tồn trên 10 hồ sơ" in payload["text"]

    con = queries.connect(db, read_only=True)
    log = queries.run(con, "alert_deliveries", period_label=Q4_2025, limit=10)
    con.close()
    assert sorted(zip(log["recipient"], log["status"], log["attempts"])) == [
        ("lanhdao@so.example.vn", "sent", 1), ("vanphong@so.example.vn", "sent", 1), ("webhook:zalo", "sent", 1)]
    assert sorted(log.loc[log["recipient"] == "webhook:zalo", "rule_ids"].iloc[0]) == [ids["overdue"]]
    # no secret in what the command printed or in the database file
    assert PASSWORD not in done.stdout + done.stderr and "bi-mat" not in done.stdout + done.stderr
    assert PASSWORD.encode() not in db.read_bytes() and b"bi-mat" not in db.read_bytes()


@pytest.mark.long
def test_refusing_servers_are_retried_recorded_as_failed_and_served_on_the_next_run(with_rules, smtp_server,
                                                                                    webhook_server, tmp_path,
                                                                                    monkeypatch, capsys):
    db, ids, _, _ = with_rules
    smtp_port, inbox = smtp_server
    hook_port, received, status = webhook_server
    closed = _free_port()                              # nothing listens there: connection refused
    for key, value in _env(closed, hook_port).items():
        if key.startswith("CCHC_"):
            monkeypatch.setenv(key, value)
    status["code"] = 500
    policy = delivery.Policy(attempts=3, backoff_s=(0.05, 0.1), timeout_s=5)
    con = queries.connect(db)
    try:
        code = bulletin.command(con, Q4_2025, tmp_path, send=True, policy=policy)
        log = queries.run(con, "alert_deliveries", period_label=Q4_2025, limit=10).set_index("recipient")
        assert code == 1
        assert set(log["status"]) == {"failed"} and set(log["attempts"]) == {3}
        assert log.loc["lanhdao@so.example.vn", "last_error"].startswith("không kết nối được")
        assert log.loc["webhook:zalo", "last_error"] == "máy chủ trả lời HTTP 500"
        assert len(received) == 3                      # the webhook was tried three times
        assert all(log["next_at"] > log["last_at"])
        out = capsys.readouterr().out
        assert "LỖI    webhook:zalo (3 lần thử): máy chủ trả lời HTTP 500" in out

        # the servers come back: the next run sends to everyone not yet served, and only once
        monkeypatch.setenv("CCHC_SMTP_PORT", str(smtp_port))
        status["code"] = 204
        assert bulletin.command(con, Q4_2025, tmp_path, send=True, policy=policy) == 0
        assert bulletin.command(con, Q4_2025, tmp_path, send=True, policy=policy) == 0
        log = queries.run(con, "alert_deliveries", period_label=Q4_2025, limit=10).set_index("recipient")
    finally:
        con.close()
    assert set(log["status"]) == {"sent"} and set(log["attempts"]) == {4} and log["next_at"].isna().all()
    assert len(log) == 3 and len(inbox.messages) == 2 and len(received) == 4


def test_a_bad_rule_is_refused_with_its_reason_and_nothing_is_stored(db):
    with pytest.raises(alerts.RuleRefused, match="Người nhận không hợp lệ: https://hook.example/x"):
        alerts.add_rule(db, "Webhook", alerts.ON_TIME_BELOW, 95, None, ["https://hook.example/x"])
    with pytest.raises(alerts.RuleRefused, match="Hãy nhập ngưỡng"):
        alerts.add_rule(db, "Không ngưỡng", alerts.ON_TIME_BELOW, None, None, ["a@b.vn"])
    assert queries.run(db, "alert_rules").empty


def test_a_unit_that_has_not_reported_fires_only_after_its_grace_days(with_rules):
    db, _, _, _ = with_rules
    con = queries.connect(db, read_only=True)
    run = functools.partial(queries.run, con)
    rule = alerts.Rule(1, "Chưa báo cáo", alerts.NOT_REPORTED, 5, None, ("a@b.vn",))
    q1_2026 = bulletin.choose_period(run, "Quý I/2026")          # nothing stored for it in the sample
    assert alerts.evaluate(run, rule, q1_2026, dt.date(2026, 3, 19)) is None          # 14/3 + 5 days not over
    fired = alerts.evaluate(run, rule, q1_2026, dt.date(2026, 3, 20))
    con.close()
    assert fired.sentence.startswith("Đến ngày 20/03/2026, quá 5 ngày sau khi hết Quý I/2026, còn 6 đơn vị chưa gửi "
                                     "đủ báo cáo Biểu 06: ")
    assert "Sở Tư pháp (chưa có báo cáo nào trong kỳ)" in fired.sentence


def test_the_plan_rules_name_the_kpis_short_of_target_and_the_late_tasks(with_rules):
    db, _, _, _ = with_rules
    con = queries.connect(db, read_only=True)
    run = functools.partial(queries.run, con)
    q4 = bulletin.choose_period(run, None)                     # the latest stored quarter
    # a rule for no unit in particular: the departments that report (issue 19)
    kpis = run("kpi_status", year=2025, as_of=q4.end, unit_ids=departments(con), amber_points=5.0)
    tasks = run("plan_task_list", today=dt.date(2026, 1, 5), due_days=30, plan_year=2025, unit_ids=None)
    kpi_rule = alerts.Rule(1, "Chỉ tiêu", alerts.KPI_BELOW_TARGET, None, None, ("a@b.vn",))
    task_rule = alerts.Rule(2, "Nhiệm vụ", alerts.TASKS_DUE, 30, None, ("a@b.vn",))
    kpi = alerts.evaluate(run, kpi_rule, q4, dt.date(2026, 1, 5))
    task = alerts.evaluate(run, task_rule, q4, dt.date(2026, 1, 5))
    con.close()
    assert q4.label == Q4_2025
    short = kpis[kpis["status"].isin(["red", "amber"])]
    assert len(short) >= 1
    assert kpi.sentence.startswith(f"Có {len(short)} chỉ tiêu kế hoạch CCHC năm 2025 chưa đạt mục tiêu đến cuối "
                                   "Quý IV/2025: ")
    for name, actual in zip(short["short_name"], short["actual_pct"]):
        assert f"{name} ({percent(actual)}, mục tiêu ≥" in kpi.sentence
    late = tasks[tasks["status"] == "late"]
    assert len(late) >= 1 and task.sentence.startswith(f"Kế hoạch CCHC năm 2025: {len(late)} nhiệm vụ quá hạn")
    assert str(late.iloc[0]["lead_unit"]) in task.sentence
