"""Functions a reader child runs in tests/test_reader_server.py (imported by name in the child): one answers, one
dies as a reader killed by its limits would (SIGKILL: no exception, no answer)."""

import os
import signal


def answer(name, data):
    return "đọc được"


def die(name, data):
    os.kill(os.getpid(), signal.SIGKILL)
