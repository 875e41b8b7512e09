"""AppTest's wait for a run (tests/apptest_wait.py): the run's result when it ends, the timeout error when not."""

import pytest
from streamlit.testing.v1 import AppTest, local_script_runner

from tests import apptest_wait


def test_the_joining_wait_is_installed():
    assert local_script_runner.require_widgets_deltas is apptest_wait.wait_for_run


def test_a_run_that_reruns_itself_is_waited_for_to_its_end():
    script = """
import time
import streamlit as st
st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
time.sleep(0.2)
if st.session_state.runs < 3:
    st.rerun()
st.write(f"lần chạy {st.session_state.runs}")
"""
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["lần chạy 3"]


def test_a_run_over_its_timeout_is_stopped_with_streamlits_error():
    at = AppTest.from_string("import time\nfor _ in range(40):\n    time.sleep(0.05)\n", default_timeout=0.3)
    with pytest.raises(RuntimeError, match=r"AppTest script run timed out after 0.3\(s\)"):
        at.run()
