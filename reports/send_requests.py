"""Sending the bulletin while the dashboard holds the warehouse: the dashboard sends on the command's behalf.

DuckDB lets one process open a file for writing, and the send log is written into the warehouse, so
`python -m reports bulletin --send` (cron) cannot send by itself while the dashboard runs. As with scheduled
backups (loaders/backup.py), the command then leaves a request — a small JSON file naming the period and the
output folder — in `.cchc-yeu-cau-ban-tin/` beside the database, and waits. The dashboard's watcher (started
with its connection, dashboard._connection) claims it by renaming it (`.json` → `.dang-gui`, atomic: a request is
served once), builds and writes the bulletin, delivers it with its own connection (reports.bulletin.produce) and
answers `<request>.ok` with the exit status and what the command would have printed; the command prints that.
A request the dashboard has not claimed when the command stops waiting is withdrawn, so nothing is sent behind
the back of a command that reported failure; one already claimed is finished and its outcome is in the send log.

The watcher also tries again, on its own, every failed delivery whose time has come (`next_at`, growing after
each failed run: reports.delivery.retry_pause), so a mail server that was down at 7:00 gets the bulletin when it
is back, without waiting for next week's cron run. SMTP settings are read where the sending happens: the
dashboard's environment and `.streamlit/secrets.toml`.
"""

import json
import logging
import threading
import time
import uuid
from pathlib import Path

import queries
from reports import bulletin, delivery
from vocabulary.clock import vietnam_now

log = logging.getLogger(__name__)
REQUEST_DIR_NAME = ".cchc-yeu-cau-ban-tin"
CLAIMED, ANSWER, FAILED = ".dang-gui", ".ok", ".loi"
RETRY_EVERY_S = 60.0        # how often the watcher looks for failed deliveries that are due


class NoAnswer(Exception):
    """The dashboard did not take the request in time; Vietnamese message."""


def request_dir(db_file: Path) -> Path:
    return Path(db_file).parent / REQUEST_DIR_NAME


def ask_the_dashboard(db_file: Path, period_text: str | None, every: str | None, out: Path,
                      wait: float = 900.0) -> tuple[int, list[tuple[str, str]]]:
    """Ask the running dashboard to write and send the bulletin; its (exit status, lines) when it has done so.
    Raises NoAnswer when it did not claim the request within `wait` seconds (the request is then withdrawn)."""
    folder = request_dir(db_file)
    folder.mkdir(exist_ok=True)
    request = folder / f"{uuid.uuid4().hex}.json"
    partial = request.with_suffix(".tam")
    partial.write_text(json.dumps({"period": period_text, "every": every, "out": str(Path(out).resolve())},
                                  ensure_ascii=False), encoding="utf-8")
    partial.rename(request)           # the watcher never reads a half-written request
    answer, failed, claimed = (request.with_suffix(s) for s in (ANSWER, FAILED, CLAIMED))
    deadline = time.monotonic() + wait
    try:
        while True:
            if answer.exists():
                found = json.loads(answer.read_text(encoding="utf-8"))
                return int(found["code"]), [tuple(line) for line in found["said"]]
            if failed.exists():
                return 2, [("err", "Dashboard không lập hoặc không gửi được bản tin: "
                                   + failed.read_text(encoding="utf-8"))]
            if time.monotonic() >= deadline and not claimed.exists():
                break
            time.sleep(0.2)
    finally:
        for path in (request, answer, failed):
            path.unlink(missing_ok=True)
    raise NoAnswer(
        f"Cơ sở dữ liệu {db_file} đang được một chương trình khác mở (thường là dashboard) nhưng chương trình đó không "
        f"nhận yêu cầu gửi bản tin trong {int(wait)} giây; yêu cầu đã được rút lại, không có gì được gửi. Hãy kiểm tra "
        "dashboard còn chạy bình thường, hoặc gửi bằng nút \"Gửi bản tin ngay\" ở trang \"Cảnh báo & bản tin\".")


class Watcher:
    """In the dashboard process: serves the commands' send requests and retries failed deliveries when due."""

    def __init__(self, con, db_file: Path, every: float = 1.0, policy: delivery.Policy = delivery.Policy(),
                 retry_every: float = RETRY_EVERY_S):
        self.con, self.folder, self.every, self.policy = con, request_dir(db_file), every, policy
        self.retry_every = retry_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cchc-bulletin-requests", daemon=True)

    def start(self) -> "Watcher":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        last_retry = 0.0
        while not self._stop.wait(self.every):
            try:
                self.serve_once()
                if time.monotonic() - last_retry >= self.retry_every:
                    last_retry = time.monotonic()
                    self.retry_due()
            except Exception:                    # a closed connection (restore) ends this watcher's use
                log.exception("bulletin request watcher")

    def serve_once(self) -> int:
        """Serve every pending request; returns how many were served."""
        if not self.folder.is_dir():
            return 0
        served = 0
        for request in sorted(self.folder.glob("*.json")):
            claimed = request.with_suffix(CLAIMED)
            try:
                request.rename(claimed)
            except FileNotFoundError:             # withdrawn by its command meanwhile
                continue
            try:
                asked = json.loads(claimed.read_text(encoding="utf-8"))
                cur = self.con.cursor()
                try:
                    code, said = bulletin.produce(cur, asked.get("period"), Path(asked["out"]), send=True,
                                                  policy=self.policy, every=asked.get("every"))
                finally:
                    cur.close()
                answer = request.with_suffix(ANSWER)
                answer.with_suffix(".tam").write_text(json.dumps({"code": code, "said": said}, ensure_ascii=False),
                                                      encoding="utf-8")
                answer.with_suffix(".tam").rename(answer)
            except Exception as exc:
                log.exception("bulletin request %s failed", request.name)
                request.with_suffix(FAILED).write_text(f"{type(exc).__name__}: {exc}"[:300], encoding="utf-8")
            finally:
                claimed.unlink(missing_ok=True)
            served += 1
        return served

    def retry_due(self, now=None) -> list[tuple[str, list[delivery.Outcome]]]:
        """Try again the failed deliveries whose time has come; (period, outcomes) for each period tried."""
        cur = self.con.cursor()
        try:
            due = queries.run(cur, "alert_deliveries_due", now=now or vietnam_now())
            done = []
            for label in due["period_label"]:
                run = lambda name, **params: queries.run(cur, name, **params)      # noqa: E731
                window = bulletin.choose_window(run, label)
                made = bulletin.build(run, window) if window else None
                if made is None or made.label != label:
                    log.warning("failed bulletin %s can no longer be built; left in the send log", label)
                    continue
                outcomes = delivery.deliver(cur, made.label, bulletin.messages(made), self.policy)
                log.info("bulletin %s retried: %s", label, [(o.recipient, o.status) for o in outcomes])
                done.append((label, outcomes))
            return done
        finally:
            cur.close()


_watchers: dict[str, Watcher] = {}
_watchers_lock = threading.Lock()


def watch(con, db_file: Path, **options) -> Watcher:
    """Start serving send requests for `db_file` with `con`, replacing this process's earlier watcher."""
    key = str(Path(db_file).resolve())
    with _watchers_lock:
        old = _watchers.pop(key, None)
        if old is not None:
            old.stop()
        _watchers[key] = Watcher(con, db_file, **options).start()
        return _watchers[key]
