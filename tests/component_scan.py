"""Streamlit's scan for installed custom components, done once per test process instead of once per AppTest.

Why: every new `AppTest` (streamlit 1.67, `AppTest._run`) builds a component manager that calls
`manifest_scanner.scan_component_manifests()`, which reads the metadata of every installed distribution (81 in
our venv): about 0,1 CPU-second each time, more than a small page's own run costs (measured 0,198 → 0,057
CPU-s per run of pages/overview.py, 0,240 → 0,146 for pages/scores.py). The installed packages do not change
while the tests run, so the first scan's result serves the rest of the process. The server (serve.py) scans
once at its start and is not touched. `tests/test_component_scan.py` checks that the cached answer is the
scan's own."""

import functools

from streamlit.components.v2 import manifest_scanner

_scan = manifest_scanner.scan_component_manifests


@functools.cache
def _scanned() -> tuple:
    return tuple(_scan())


def scan_once(max_workers: int | None = None) -> list:
    """What `scan_component_manifests` returns, scanned at the first call of the process (a new list each time)."""
    return list(_scanned())


def install() -> None:
    """From conftest: the component manager imports the scanner's function at each call, so this takes effect."""
    manifest_scanner.scan_component_manifests = scan_once
