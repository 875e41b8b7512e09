"""The per-process cache of Streamlit's component scan (tests/component_scan.py) answers what the scan answers."""

from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from tests import component_scan


def test_the_cached_scan_is_installed_and_gives_the_scans_own_answer():
    assert manifest_scanner.scan_component_manifests is component_scan.scan_once
    # no custom component is installed in the venv: the real scan and the cached one both find none
    assert component_scan._scan() == component_scan.scan_once() == []
    assert component_scan.scan_once() is not component_scan.scan_once()      # a caller may change its list


def test_an_app_test_scans_through_the_cache(monkeypatch):
    calls = []
    monkeypatch.setattr(component_scan, "_scan", lambda: calls.append(1) or [])
    component_scan._scanned.cache_clear()
    for _ in range(3):
        at = AppTest.from_string("import streamlit as st\nst.write('xin chào')").run()
        assert at.markdown[0].value == "xin chào"
    assert calls == [1]
    component_scan._scanned.cache_clear()
