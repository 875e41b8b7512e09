"""`python -m reports bulletin --send` while another process holds the warehouse (the dashboard): the command
leaves a request, the holder's watcher (reports/send_requests.py, started by dashboard._connection) writes and
sends the bulletin with its own connection, and the command prints what happened. Real parts only: a real
SMTP server on 127.0.0.1 (aiosmtpd), the command as a subprocess, this test process holding the DuckDB file."""

import datetime as dt
import os
import subprocess
import sys

import pytest

import queries
from loaders.pipeline import commit_file, inspect_file
from reports import alerts, delivery, send_requests
from tests.sample_db import ROOT
from tests.test_bulletin import _free_port, smtp_server  # noqa: F401  (the SMTP server of the bulletin tests)

CSV = ROOT / "tests" / "fixtures" / "dossier_lists" / "so_noi_vu_ban_tin.csv"
WEEK = "Tuần 20/2025"
LABEL = "Tuần 20/2025, 12/05 – 18/05/2025"
FAST = delivery.Policy(attempts=2, backoff_s=(0.05,), timeout_s=5, retry_after=dt.timedelta(minutes=30))


@pytest.fixture
def held(db_file, monkeypatch):
    """The warehouse with Sở Nội vụ's dossier list and two rules, held open by this process as the dashboard
    holds it, with the dashboard's watcher running."""
    con = queries.connect(db_file)
    report = inspect_file(con, CSV.name, CSV.read_bytes())
    commit_file(con, report, loaded_by="pytest")
    alerts.add_rule(con, "Quá hạn", alerts.OVERDUE_ABOVE, 0, None, ["lanhdao@so.example.vn"])
    alerts.add_rule(con, "Đúng hạn", alerts.ON_TIME_BELOW, 98, None, ["vanphong@so.example.vn"])
    for key in [k for k in os.environ if k.startswith("CCHC_SMTP_") or k.startswith("CCHC_WEBHOOK_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("CCHC_SECRETS", "/nonexistent")
    monkeypatch.setenv("CCHC_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CCHC_SMTP_STARTTLS", "0")
    monkeypatch.setenv("CCHC_SMTP_SENDER", "cchc@so.example.vn")
    watcher = send_requests.Watcher(con, db_file, every=0.2, policy=FAST, retry_every=3600).start()
    yield con, watcher
    watcher.stop()
    con.close()


def _send(db_file, out, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_SMTP_")}   # the command has no SMTP
    return subprocess.run([sys.executable, "-m", "reports", "bulletin", "--db", str(db_file), "--period", WEEK,
                           "--out", str(out), "--send", *extra], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_dashboard_sends_for_the_command_and_retries_a_failed_delivery_when_due(held, db_file, smtp_server,  # noqa: F811
                                                                                   tmp_path, monkeypatch):
    con, watcher = held
    port, inbox = smtp_server
    monkeypatch.setenv("CCHC_SMTP_PORT", str(_free_port()))          # the mail server is down at first
    done = _send(db_file, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Dashboard đang mở cơ sở dữ liệu" in done.stderr
    assert "LỖI    lanhdao@so.example.vn (2 lần thử): không kết nối được" in done.stdout
    assert (tmp_path / "ban_tin_cchc_tuan_20_2025_12_05_18_05_2025.pdf").read_bytes().startswith(b"%PDF")
    log = queries.run(con, "alert_deliveries", period_label=LABEL, limit=10).set_index("recipient")
    assert set(log["status"]) == {"failed"} and set(log["attempts"]) == {2}
    # the first failed run waits retry_after (30 min) before the watcher tries again
    waits = {(due - last).total_seconds() for due, last in zip(log["next_at"], log["last_at"])}
    assert waits == {1800.0}
    first_due = log["next_at"].min()
    assert watcher.retry_due(now=first_due - dt.timedelta(seconds=1)) == []          # not yet due: nothing tried
    assert inbox.messages == []

    # the server is back; when the time comes the dashboard sends without any command
    monkeypatch.setenv("CCHC_SMTP_PORT", str(port))
    ((label, outcomes),) = watcher.retry_due(now=first_due)
    assert label == LABEL and sorted((o.recipient, o.status, o.attempts) for o in outcomes) == [
        ("lanhdao@so.example.vn", "sent", 1), ("vanphong@so.example.vn", "sent", 1)]
    assert sorted(rcpt[0] for rcpt, _, _ in inbox.messages) == ["lanhdao@so.example.vn", "vanphong@so.example.vn"]
    subject = inbox.messages[0][1]["Subject"]
    assert subject == f"Bản tin CCHC {LABEL}"          # week 20: all resolved on time, nothing overdue
    log = queries.run(con, "alert_deliveries", period_label=LABEL, limit=10)
    assert set(log["status"]) == {"sent"} and set(log["attempts"]) == {3} and log["next_at"].isna().all()

    # the next cron run finds everyone served: nothing is sent twice
    again = _send(db_file, tmp_path)
    assert again.returncode == 0 and "Không có người nhận nào cần gửi" in again.stdout
    assert len(inbox.messages) == 2


def test_a_holder_that_does_not_answer_leaves_no_request_behind(db_file, tmp_path):
    con = queries.connect(db_file)               # holds the file, but runs no watcher
    try:
        done = _send(db_file, tmp_path, "--wait", "1")
    finally:
        con.close()
    assert done.returncode == 2
    assert "không nhận yêu cầu gửi bản tin trong 1 giây; yêu cầu đã được rút lại, không có gì được gửi" in done.stderr
    assert list(send_requests.request_dir(db_file).iterdir()) == []


def test_the_pause_before_a_retry_doubles_after_each_failed_run():
    policy = delivery.Policy(attempts=3, retry_after=dt.timedelta(minutes=30))
    assert [delivery.retry_pause(n, policy) / dt.timedelta(minutes=1) for n in (3, 6, 9, 12, 15, 18, 30)] == [
        30, 60, 120, 240, 480, 480, 480]
