"""bench/RESULTS.md is shared by the benchmark scripts: each one owns a section and rewrites only it.

A section is delimited by HTML comments (invisible in the rendered Markdown):

    <!-- bench:loader -->
    ## …
    <!-- /bench:loader -->

`write_section` replaces the text between a key's markers, or appends the section when the file does not
have it yet; the title, the other sections and anything outside the markers are kept as they are.
"""

import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TITLE = (
    "# Benchmark results\n\n"
    "Each section is written by its own script and rewritten only by it (between its `<!-- bench:… -->` "
    "markers). Medians unless stated; nothing here is a test assertion.\n"
)


def _markers(key: str) -> tuple[str, str]:
    if not re.fullmatch(r"[a-z0-9_-]+", key):
        raise ValueError(f"bad section key {key!r}")
    return f"<!-- bench:{key} -->", f"<!-- /bench:{key} -->"


def write_section(key: str, body: str, path: Path = RESULTS) -> str:
    """Put `body` (Markdown, starting with its own "## " heading) into the `key` section of `path`."""
    start, end = _markers(key)
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.strip():
        text = TITLE
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def machine() -> str:
    """CPU model, cores, Python and OS, for the line that goes with every measurement."""
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def new_session(path: str, like, timeout: float = 900):
    """An AppTest of `path` that is a new visitor of the same server as `like` (an AppTest already run).

    A real server scans the installed packages for custom components once, when it starts (streamlit's
    runtime.py); AppTest does it for every new AppTest (100–225 ms measured here, more than some pages' whole
    run), so a "new session" measured with a fresh AppTest carried the harness's start-up cost. The scan's
    result is shared as the server shares it."""
    from streamlit.testing.v1 import AppTest

    fresh = AppTest.from_file(path, default_timeout=timeout)
    fresh._bidi_component_manager = like._bidi_component_manager
    return fresh
