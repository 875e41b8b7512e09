"""A writer, reader instances and nginx on one machine, for a demo and for the tests (`make cluster`).

    python -m deploy.cluster run    [--dir D] [--port 8720] [--admin-port 8724] [--writer-port 8721]
                                    [--reader-ports 8722,8723]
    python -m deploy.cluster start  [same options]     # in the background; `stop` ends them
    python -m deploy.cluster stop   [--dir D]

Every browser goes through nginx: `--port` is the readers' address (balanced, sticky), `--admin-port` the
writer's (uploads and administration); the instances' own ports are nginx's upstreams, and the readers link to
the writer's address on nginx.

The state folder D (default /tmp/cchc-cluster) holds the writer's warehouse `cchc.duckdb` (the demo data on
a first start, unless $CCHC_DB names another file), the published snapshots `snapshots/`, nginx's
configuration, pid, logs and temporary files `nginx/`, each instance's log, and `cluster.json`, the processes
started (pid and the time the kernel started it), which `stop` reads: it ends those processes only, and only
while that pid still has that start time (a pid may have been reused; nginx rewrites its command line).

Before the instances start, the warehouse is opened once here and published, so the readers have a snapshot
from their first page on (the writer publishes again when it first opens the file, and after each change).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import queries  # noqa: E402
from loaders import sample, snapshots  # noqa: E402

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
DEFAULT_DIR = Path("/tmp/cchc-cluster")
ADDRESS = "127.0.0.1"
STATE_FILE = "cluster.json"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(state: Path, port: int, reader_ports: list[int], admin_port: int, writer_port: int,
                 address: str = ADDRESS) -> str:
    """The template with its fields filled: the state folder, the balancer's addresses, the readers and the writer."""
    servers = "\n".join(f"        server {address}:{p} max_fails=2 fail_timeout=10s;" for p in reader_ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    fields = {"STATE": str(state), "ADDRESS": address, "PORT": str(port), "READER_SERVERS": servers,
              "ADMIN_PORT": str(admin_port), "WRITER_SERVER": f"{address}:{writer_port}"}
    for field, value in fields.items():
        text = text.replace(f"@{field}@", value)
    return text


def prepare(state: Path, db: Path) -> Path:
    """The warehouse migrated (and given the demo data if empty and $CCHC_DEMO allows) and published once."""
    con = queries.connect(db)
    try:
        sample.start(con)
        return snapshots.publish(con, state / "snapshots")
    finally:
        con.close()


def _streamlit(port: int, log: Path, env: dict) -> subprocess.Popen:
    command = [sys.executable, str(ROOT / "serve.py"), "--server.address", ADDRESS, "--server.port", str(port),
               "--server.headless", "true"]
    with open(log, "ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
                                                             **env),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(url: str, proc: subprocess.Popen, log: Path | str, timeout: float) -> None:
    """Until Streamlit (or nginx) at `url` answers its health check; RuntimeError with the end of the log when the
    process ends or `timeout` seconds pass first. The tests and the page bench wait with this one too."""
    log = Path(log)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not start; its log {log}:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.3)


def start(state: Path, port: int, writer_port: int, reader_ports: list[int], db: Path | None = None,
          writer_url: str | None = None, timeout: float = 180, extra_env: dict | None = None,
          admin_port: int | None = None) -> dict:
    """Start the writer, the readers and nginx; returns what `cluster.json` records: "balancer" (the readers)
    and "writer" are nginx's addresses, "instances" the processes' own (nginx's upstreams). `admin_port`: the
    writer's port on nginx (default: the readers' port + 4, the demo's 8724)."""
    state = Path(state)
    state.mkdir(parents=True, exist_ok=True)
    if (state / STATE_FILE).exists():
        stop(state)
    db = Path(db or os.environ.get("CCHC_DB") or state / "cchc.duckdb")
    published = state / "snapshots"
    prepare(state, db)
    admin_port = admin_port or port + 4
    writer_url = writer_url or f"http://{ADDRESS}:{admin_port}/"
    # each snapshot's publication, opening and first page runs, timed in the instances' logs (bench/load_test.py)
    common = {"CCHC_LOG_LEVEL": os.environ.get("CCHC_LOG_LEVEL") or "INFO", **(extra_env or {})}
    started = []
    record = {"writer": f"http://{ADDRESS}:{admin_port}", "balancer": f"http://{ADDRESS}:{port}",
              "instances": {"writer": f"http://{ADDRESS}:{writer_port}",
                            "readers": [f"http://{ADDRESS}:{p}" for p in reader_ports]},
              "db": str(db), "snapshots": str(published), "processes": started}
    try:
        instances = [("writer", writer_port, {"CCHC_DB": str(db), "CCHC_PUBLISH_TO": str(published)})]
        instances += [(f"reader-{i + 1}", p, {"CCHC_READER_OF": str(published), "CCHC_WRITER_URL": writer_url,
                                              "CCHC_DB": str(published / "khong-dung.duckdb")})
                      for i, p in enumerate(reader_ports)]
        procs = []
        for name, instance_port, env in instances:
            log = state / f"{name}.log"
            proc = _streamlit(instance_port, log, {**common, **env})
            started.append({"name": name, "pid": proc.pid, "started": _start_time(proc.pid), "command": env_note(env)})
            procs.append((f"http://{ADDRESS}:{instance_port}", proc, log))
            _save(state, record)
        for url, proc, log in procs:
            wait_healthy(url, proc, log, timeout)
        nginx_dir = state / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (nginx_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        (nginx_dir / "nginx.conf").write_text(nginx_config(nginx_dir, port, reader_ports, admin_port, writer_port),
                                              encoding="utf-8")
        log = nginx_dir / "nginx.out"
        with open(log, "ab") as out:
            proc = subprocess.Popen([NGINX, "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log"),
                                     "-c", str(nginx_dir / "nginx.conf"), "-g", "daemon off;"],
                                    stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        started.append({"name": "nginx", "pid": proc.pid, "started": _start_time(proc.pid), "command": NGINX})
        _save(state, record)
        wait_healthy(record["balancer"], proc, nginx_dir / "error.log", 30)
        wait_healthy(record["writer"], proc, nginx_dir / "error.log", 30)
    except BaseException:
        stop(state)
        raise
    return record


def env_note(env: dict) -> str:
    return "serve.py " + " ".join(f"{k}={v}" for k, v in env.items())


def _start_time(pid: int) -> int | None:
    """When the kernel started process `pid` (clock ticks since boot; field 22 of /proc/PID/stat)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _save(state: Path, record: dict) -> None:
    temporary = state / (STATE_FILE + ".tmp")
    temporary.write_text(json.dumps(record, indent=2), encoding="utf-8")
    os.replace(temporary, state / STATE_FILE)


def stop(state: Path, wait: float = 15) -> list[str]:
    """End the processes `cluster.json` records (nginx first, then the readers, the writer last); returns
    their names."""
    path = Path(state) / STATE_FILE
    if not path.exists():
        return []
    record = json.loads(path.read_text(encoding="utf-8"))
    ended = []
    for process in reversed(record["processes"]):
        pid = process["pid"]
        if _start_time(pid) != process["started"]:       # gone already, or the pid now belongs to another program
            continue
        os.kill(pid, signal.SIGQUIT if process["name"] == "nginx" else signal.SIGTERM)   # nginx: graceful
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and _alive(pid):   # until its file locks are gone
                time.sleep(0.1)
        ended.append(process["name"])
    path.unlink(missing_ok=True)
    return ended


def _alive(pid: int) -> bool:
    """Whether any thread of process `pid` still runs. Its main thread may already show as a zombie while the
    others are still ending (DuckDB's file lock is released only when the last one has gone), so every thread
    is looked at; our own child is reaped once all are gone."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        threads = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False
    for thread in threads:
        try:
            if (thread / "stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                return True
        except OSError:
            continue
    return False


def reader_keys(state: Path, balancer: str, readers: int, tries: int = 40) -> dict[int, str]:
    """For each reader's port, a sticky key (the cchc_reader cookie nginx hands a new browser) that leads to it,
    found by asking for the first page without a cookie and reading nginx's access log."""
    import urllib.request

    keys = {}
    for _ in range(tries):
        with urllib.request.urlopen(balancer + "/") as response:
            cookie = response.headers["Set-Cookie"] or ""
        found = re.match(r"cchc_reader=(\w+); Path=/; HttpOnly; SameSite=Lax", cookie)
        if found is None:
            raise RuntimeError(f"nginx set no sticky cookie: {cookie!r}")
        time.sleep(0.05)                                 # nginx writes the log line as the response ends
        ports = served_by(state, found.group(1))
        if len(ports) == 1:
            keys.setdefault(int(ports.pop().rsplit(":", 1)[1]), found.group(1))
        if len(keys) == readers:
            return keys
    raise RuntimeError(f"nginx sent {tries} new browsers to the readers {sorted(keys)} only")


def served_by(state: Path, key: str, path: str = "") -> set[str]:
    """The upstream addresses that answered the requests (whose line holds `path`) of the browser holding the
    sticky `key`, from nginx's access log. nginx logs a websocket once it has closed."""
    log = (Path(state) / "nginx" / "access.log").read_text(encoding="utf-8", errors="replace").splitlines()
    return {re.search(r"upstream=(\S+)", row).group(1) for row in log
            if f"reader_key={key} " in row and path in row and "upstream=-" not in row}


def _interrupt(*_):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Máy ghi, các máy đọc và nginx trên 127.0.0.1 (minh họa, kiểm thử).")
    parser.add_argument("action", choices=("run", "start", "stop"))
    parser.add_argument("--dir", type=Path, default=Path(os.environ.get("CCHC_CLUSTER_DIR") or DEFAULT_DIR))
    parser.add_argument("--port", type=int, default=8720, help="nginx: the readers")
    parser.add_argument("--admin-port", type=int, default=8724, help="nginx: the writer")
    parser.add_argument("--writer-port", type=int, default=8721, help="the writer instance (nginx's upstream)")
    parser.add_argument("--reader-ports", default="8722,8723")
    parser.add_argument("--writer-url", help="the writer's address the readers link to (default: nginx's for it)")
    args = parser.parse_args(argv)
    if args.action == "stop":
        ended = stop(args.dir)
        print("Đã dừng: " + (", ".join(ended) if ended else "không có tiến trình nào đang chạy"))
        return 0
    readers = [int(p) for p in args.reader_ports.split(",") if p.strip()]
    record = start(args.dir, args.port, args.writer_port, readers, writer_url=args.writer_url,
                   admin_port=args.admin_port)
    instances = record["instances"]
    print(f"Máy ghi qua nginx (nạp dữ liệu, quản trị): {record['writer']}  ({instances['writer']})\n"
          f"Các máy đọc qua nginx:                     {record['balancer']}  ({', '.join(instances['readers'])})\n"
          f"Thư mục trạng thái và nhật ký:             {args.dir}")
    if args.action == "start":
        return 0
    print("Nhấn Ctrl-C để dừng tất cả.")
    signal.signal(signal.SIGTERM, _interrupt)          # `kill` stops them all as Ctrl-C does
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("Đã dừng: " + ", ".join(stop(args.dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
