"""Reading a file where a crash cannot reach the server: every file is checked and parsed in a child process
with hard limits, and only plain grids come back.

A crafted workbook can make a spreadsheet reader reserve hundreds of gigabytes (a declared count it trusts),
loop, or abort the whole process (a Rust allocation failure is an abort, not an exception). Inside the
dashboard that would end every user's session. So each file is read in a fresh child forked from a small
fork server (`python -m loaders.reader_process`, started on first use, the reader preloaded): the server is
single-threaded, so forking it is safe although the dashboard runs many threads, and a child costs a few
milliseconds. (The standard library's "forkserver" was the first choice; it re-imports the caller's main
script in the server, which under some launchers means all of Streamlit or a script without a main guard.)

The child sets its limits before it touches the bytes:
- address space: what the child already maps plus `CCHC_READER_MEMORY_MB` (default 1.536 MB);
- CPU time: `CCHC_READER_CPU_SECONDS` (default 60 s; the kernel stops it past the limit);
- no core file;
and the caller waits at most `CCHC_READER_WALL_SECONDS` (default 120 s) before killing it. Whatever happens
in the child — an abort, running out of memory, a hang, a Python error — the analyst gets a Vietnamese
message naming the file and nothing is written; the server, and any other file being read at the same time,
carry on. At most `CCHC_READER_PROCESSES` children (default: the number of cores, at least 2) run at once;
further files wait their turn.

`CCHC_READER_IN_PROCESS=1` reads in the calling process instead (a debugging aid; never on a server).
"""

import importlib
import logging
import os
import pickle
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection

from vocabulary.issues import ERROR, Issue
from loaders.workbook import Sheet, UnreadableFile, check_file, check_size, limits, read_sheets
from vocabulary.numbers import number, short

CHECK, READ, BOTH = "check", "read", "both"   # what a child does: the pre-check, the parse, or one then the other
MAX_CHILDREN_ASKED = 2      # children one message may ask the fork server for (`_Server.open_children`)

log = logging.getLogger("cchc")


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
        return value if value > 0 else default
    except ValueError:
        return default


# ---------------------------------------------------------------- the fork server and its children


def _mapped_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _limit_self(memory_mb: float, cpu_seconds: float):
    limit = _mapped_bytes() + int(memory_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cpu = max(1, int(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _outcome(task: str, name: str, data: bytes, limit) -> tuple:
    try:
        if task == CHECK:
            check_file(name, data, limit)
            return ("ok", None)
        if ":" in task:               # "module:function" — another reader of the file's bytes (dossier lists)
            module, _, function = task.partition(":")
            return ("ok", getattr(importlib.import_module(module), function)(name, data))
        return ("ok", read_sheets(name, data, limit, checked_elsewhere=task == READ))
    except UnreadableFile as exc:
        return ("refused", exc.issue)
    except MemoryError:
        return ("memory", None)
    except Exception as exc:      # a reader bug on a strange file: said as unreadable, logged by the caller
        # Where it failed, never the message: a message may quote a cell, and cells may hold personal data.
        frames = traceback.extract_tb(exc.__traceback__)[-3:]
        return ("failed", type(exc).__name__ + " at " + ", ".join(f"{f.filename}:{f.lineno}" for f in frames))


def _serve_child(conn: Connection):
    conn.send(os.getpid())
    task, name, data, limit, memory_mb, cpu_seconds = conn.recv()
    _limit_self(memory_mb, cpu_seconds)
    result = _outcome(task, name, data, limit)
    del data
    conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


_PRELOADED: set[str] = set()


def _preload(module: str):
    """Import `module` in the library server (`_library_server`), once: its children are then born with it. A
    dossier list's reader imports DuckDB, a sixth of a second in each child. The server must stay single-threaded
    to fork safely: SINGLE_THREADED is in its environment before anything is imported (pyarrow's jemalloc would
    start a thread). A failure here is left to the child, which imports the module itself and says why."""
    if module in _PRELOADED:
        return
    _PRELOADED.add(module)
    try:
        importlib.import_module(module)
    except Exception:
        pass


def _fork_children(fds, *servers: socket.socket):
    """One child per socket end received, forked from this server to serve it (`_serve_child`); the child closes
    the `servers`' sockets it was born with."""
    for index, fd in enumerate(fds):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                for server in servers:
                    server.close()
                # a sibling's end kept open here would hide that sibling's death from the caller (no end of file)
                for other in fds[index + 1:]:
                    os.close(other)
                _serve_child(Connection(fd))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(fd)


def _messages(control: socket.socket):
    """(message, fds) received on `control` until the other end closes it."""
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 256, MAX_CHILDREN_ASKED)
        except InterruptedError:
            continue
        if not message:
            return
        yield message, fds


def serve(control: socket.socket, libraries: bool = False):
    """The fork server's loop: each message on `control` carries one end of a socket pair; a child is forked to
    serve it. Ends when the caller closes `control` (the caller's process ended).

    A message naming a module to import first (`b"p…"`: a dossier list's reader, with DuckDB, pyarrow and pandas)
    is handed to a second server, forked from this one (`_library_server`; at once with `libraries`, else at the
    first such message), which imports it and forks that child. This server stays small: a report's two children
    are forks of a process of ~20 MB rather than of ~120 MB, which costs several times less (bench/RESULTS.md,
    h-load4)."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)       # children are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl+C stops the dashboard, which then closes us
    server = _library_server(control, preload=True) if libraries else None
    for message, fds in _messages(control):
        if not message.startswith(b"p"):
            _fork_children(fds, *(s for s in (control, server) if s is not None))
            continue
        for _ in range(2):
            if server is None:
                server = _library_server(control, preload=False, inherited=fds)
            try:
                socket.send_fds(server, [message], fds, socket.MSG_NOSIGNAL)
                break
            except OSError:             # the library server died: a new one, once
                server.close()
                server = None
        for fd in fds:
            os.close(fd)


def _library_server(control: socket.socket, preload: bool, inherited=()) -> socket.socket:
    """Fork the server that serves the children needing libraries (`_preload`), with the list reader's imported
    first when `preload`; the socket its messages go to. It ends when this server does (its socket closes).
    `inherited`: the socket ends of the message being handed over when it is forked; it closes its copies, or a
    child of that message dying (abort, memory, CPU limit) would not end the caller's wait until its deadline."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            ours.close()
            control.close()
            for fd in inherited:
                os.close(fd)
            if preload:
                _preload_list_reader()
            for message, fds in _messages(theirs):
                _preload(message[1:].decode())
                _fork_children(fds, theirs)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    theirs.close()
    return ours


# ---------------------------------------------------------------- the caller's side


class _Forked:
    """The fork server as a forked copy of the calling process (`start_reader(fork=True)`), seen as a Popen."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = self.pid, 0
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode


class _Server:
    def __init__(self):
        self.lock = threading.Lock()
        self.process = None
        self.control = None
        self.slots = threading.BoundedSemaphore(int(_env_number("CCHC_READER_PROCESSES", max(2, os.cpu_count() or 2))))

    def _ensure(self, fork: bool = False):
        if self.process is not None and self.process.poll() is None:
            return
        ours, theirs = socket.socketpair()
        if fork and threading.active_count() == 1:
            self.process = _Forked(_fork_server(ours, theirs))
        else:
            root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
            env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
            for name, value in SINGLE_THREADED.items():
                env.setdefault(name, value)
            self.process = subprocess.Popen([sys.executable, "-m", "loaders.reader_process", str(theirs.fileno())],
                                            pass_fds=[theirs.fileno()], cwd=root, env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        if self.control is not None:
            self.control.close()
        self.control = ours

    def open_child(self, preload: str | None = None) -> Connection:
        """A connection to a new child; `preload`: a module the server imports first (`_preload`)."""
        return self.open_children(1, preload)[0]

    def open_children(self, count: int, preload: str | None = None) -> list[Connection]:
        """Connections to `count` new children, asked for in one message: the server forks them one after the
        other at once, rather than the second after the first has answered (a report's check and parse)."""
        if not 1 <= count <= MAX_CHILDREN_ASKED:     # the server receives at most that many ends a message
            raise ValueError(f"open_children: {count} children asked, at most {MAX_CHILDREN_ASKED}")
        pairs = [socket.socketpair() for _ in range(count)]
        fds = [theirs.fileno() for _, theirs in pairs]
        message = b"p" + preload.encode() if preload else b"r"
        with self.lock:
            self._ensure()
            try:
                socket.send_fds(self.control, [message], fds)
            except OSError:                     # the server died between the check and the send: once more
                self.process = None
                self._ensure()
                socket.send_fds(self.control, [message], fds)
        connections = []
        for ours, theirs in pairs:
            theirs.close()
            connections.append(Connection(ours.detach()))
        return connections


_SERVER = _Server()


def _fork_server(ours: socket.socket, theirs: socket.socket) -> int:
    """Fork this process into the fork server; the server's pid. Only while the process has one thread (a fork
    copies the forking thread alone: a lock another thread held would stay locked in the server)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            ours.close()
            for name, value in SINGLE_THREADED.items():     # before a list's libraries are imported here
                os.environ.setdefault(name, value)
            serve(theirs)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    return pid


def start_reader(fork: bool = False) -> None:
    """Start the fork server now, so that the first upload does not wait for it. `fork`: as a forked copy of
    this process rather than a new interpreter (`python -m loaders.reader_process`), when the process has one
    thread: the command line, before DuckDB is imported, saves a start of Python and the reader's imports on
    its two cores (issue 13 §4). The dashboard, with its threads and Streamlit loaded, always starts a new one."""
    with _SERVER.lock:
        _SERVER._ensure(fork)


def abnormal_message(name: str, why: str) -> str:
    return (f"Tệp {name} có cấu trúc bất thường, không đọc được ({why}). Tệp không được nạp, dữ liệu đã lưu không "
            "thay đổi. Nếu đây là báo cáo thật, hãy mở tệp trong Excel, chép các ô cần thiết sang một bảng tính mới, "
            "lưu dưới dạng .xlsx rồi tải lên; nếu không rõ nguồn gửi, đừng mở tệp.")


def _refuse(name: str, why: str):
    raise UnreadableFile(Issue(ERROR, None, None, abnormal_message(name, why)))


def _kill(pid: int | None):
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _module_of(task: str) -> str | None:
    """The module a "module:function" task needs imported (`_preload`); None for the sheet reader's own tasks."""
    return task.partition(":")[0] if ":" in task else None


class _Child:
    """One forked child doing one task on one file; `result` waits for it until a deadline."""

    def __init__(self, task: str, name: str, data: bytes, limit, memory_mb: float, cpu_seconds: float, deadline: float,
                 conn: Connection | None = None):
        self.pid = None
        self.conn = conn or _SERVER.open_child(_module_of(task))
        self.deadline = deadline
        try:
            if not self.conn.poll(self._left()):
                raise TimeoutError
            self.pid = self.conn.recv()
            self.conn.send((task, name, data, limit, memory_mb, cpu_seconds))
            self.failed = None
        except TimeoutError:
            self.failed = ("timeout", None)
        except (EOFError, OSError):
            self.failed = ("died", None)

    def _left(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def result(self) -> tuple:
        status = self.failed
        try:
            if status is None:
                if not self.conn.poll(self._left()):
                    raise TimeoutError
                status = pickle.loads(self.conn.recv_bytes())
        except TimeoutError:
            status = ("timeout", None)
        except (EOFError, OSError, pickle.UnpicklingError):
            status = ("died", None)
        finally:
            # only a child still running is killed: one that died is reaped at once by the fork server, and its
            # pid may already belong to another process
            self.close(kill=status is None or status[0] == "timeout")
        return status

    def close(self, kill: bool = True):
        """Close the connection; with `kill`, end the child if it is still working (a child whose answer is
        already waiting has finished or is about to, and is left to exit as its pipe closes)."""
        try:
            working = kill and not self.conn.poll(0)
        except (OSError, EOFError):
            working = False
        self.conn.close()
        if working:
            _kill(self.pid)


def read_sheets_isolated(name: str, data: bytes) -> list[Sheet]:
    """`workbook.read_sheets` in limited child processes: the same grids, or `UnreadableFile` with a
    Vietnamese message naming the file — never a crash, hang or memory blow-up of the caller.

    An .xlsx is read by two children side by side, one running the structure pre-check, the other the
    reader (the two cores each take one): the reader's grids are used only once the check has passed, and a
    check that refuses the file ends the reader at once. The reader child is as limited as the other, so
    reading before the check has passed puts nothing at risk but that child."""
    if os.environ.get("CCHC_READER_IN_PROCESS") == "1":
        return read_sheets(name, data)
    memory_mb = _env_number("CCHC_READER_MEMORY_MB", 1536)
    cpu_seconds = _env_number("CCHC_READER_CPU_SECONDS", 60)
    wall_seconds = _env_number("CCHC_READER_WALL_SECONDS", 120)
    limit = limits()
    check_size(name, len(data), limit)     # too large for a report: refused here, the bytes never sent to a child
    deadline = time.monotonic() + wall_seconds
    with _SERVER.slots:
        if name.lower().endswith(".xlsx"):
            first, second = _SERVER.open_children(2)
            checker = _Child(CHECK, name, data, limit, memory_mb, cpu_seconds, deadline, first)
            reader = _Child(READ, name, data, limit, memory_mb, cpu_seconds, deadline, second)
            status, value = checker.result()
            if status == "ok":
                status, value = reader.result()
            else:
                reader.close()
        else:
            status, value = _Child(BOTH, name, data, limit, memory_mb, cpu_seconds, deadline).result()
    return _verdict(name, status, value, memory_mb, wall_seconds)


def _verdict(name: str, status: str, value, memory_mb: float, wall_seconds: float):
    if status == "ok":
        return value
    if status == "refused":
        raise UnreadableFile(value)
    if status == "memory":
        _refuse(name, f"trình đọc cần hơn {number(memory_mb)} MB bộ nhớ")
    if status == "timeout":
        _refuse(name, f"đọc quá {short(wall_seconds, 6)} giây")
    if status == "failed":
        log.warning("reader failed on %s: %s", name, value)
    else:
        log.warning("reader process ended abnormally on %s", name)
    _refuse(name, "trình đọc bảng tính dừng bất thường khi xử lý tệp")


def call_isolated(function: str, name: str, data, memory_mb: float | None = None):
    """`function(name, data)` ("package.module:function", importable in the child) in a limited child, its
    return value pickled back; `UnreadableFile` as for the sheet reader. For readers of large files (dossier
    lists: fastexcel, DuckDB's read_csv) with a memory budget of their own; `data` may be the path of a file
    holding the bytes (a million-row list is not pickled through the pipe, nor held twice in memory)."""
    memory_mb = memory_mb or _env_number("CCHC_READER_MEMORY_MB", 1536)
    cpu_seconds = _env_number("CCHC_READER_CPU_SECONDS", 60)
    wall_seconds = _env_number("CCHC_READER_WALL_SECONDS", 120)
    deadline = time.monotonic() + wall_seconds
    with _SERVER.slots:
        status, value = _Child(function, name, data, limits(), memory_mb, cpu_seconds, deadline).result()
    return _verdict(name, status, value, memory_mb, wall_seconds)


def call_checked(check: str, read: str, name: str, data, memory_mb: float | None = None):
    """`call_isolated(read, …)` with `check(name, data)` run beside it in a second limited child, as an .xlsx
    report is read (`read_sheets_isolated`): the read's answer is used only once the check has passed, and a check
    that refuses ends the read at once. A large list's structure check (every cell of the sheet's XML) then costs
    the other core's time, not the analyst's."""
    memory_mb = memory_mb or _env_number("CCHC_READER_MEMORY_MB", 1536)
    cpu_seconds = _env_number("CCHC_READER_CPU_SECONDS", 60)
    wall_seconds = _env_number("CCHC_READER_WALL_SECONDS", 120)
    deadline = time.monotonic() + wall_seconds
    with _SERVER.slots:
        first, second = _SERVER.open_children(2, _module_of(check))    # a check and a read of the same module
        checker = _Child(check, name, data, limits(), memory_mb, cpu_seconds, deadline, first)
        reader = _Child(read, name, data, limits(), memory_mb, cpu_seconds, deadline, second)
        status, value = checker.result()
        if status == "ok":
            status, value = reader.result()
        else:
            reader.close()
    return _verdict(name, status, value, memory_mb, wall_seconds)


def _preload_list_reader():
    """In the dashboard's library server (the dashboard's fork server started as its own process forks it at once;
    the command line's forked copy at its first list, importing per message: `_preload`): import the list reader's
    libraries once: a child forked from it starts with them (DuckDB, pyarrow, fastexcel: ~1 s of imports a child
    would otherwise pay on every list). With SINGLE_THREADED in its environment the server stays one thread after
    these imports, so forking it stays safe."""
    try:
        importlib.import_module("loaders.dossier_list")
        for module in PRELOADED:
            importlib.import_module(module)
    except ImportError:          # a child imports what it needs itself
        log.warning("reader server: list reader not preloaded", exc_info=True)


# pyarrow's bundled jemalloc starts a background thread, numpy's OpenBLAS a pool: neither is used by a reader
SINGLE_THREADED = {"JE_ARROW_MALLOC_CONF": "background_thread:false", "OPENBLAS_NUM_THREADS": "1"}
# pandas: pyarrow imports it when it builds its first table
PRELOADED = ("duckdb", "pyarrow", "pyarrow.compute", "pyarrow.ipc", "fastexcel", "pandas")


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), libraries=True)
