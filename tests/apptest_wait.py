"""AppTest waits for its script run by joining the script's thread, instead of waking every millisecond to look.

Why: streamlit 1.67's `local_script_runner.require_widgets_deltas` sleeps 1 ms and scans the run's events, in a
loop, for as long as the page runs — about 2,4 % of a core for every second a page test waits (measured 7/12/2026),
more on a busy machine where the pages take longer, over the suite's hundreds of page runs. The run is over
when the script's thread ends (Streamlit sends SHUTDOWN last, then the thread returns, and AppTest joins it
afterwards anyway), so joining it with the same timeout gives the same outcome: the run's result, or the same
RuntimeError after `timeout` seconds. `tests/test_apptest_wait.py` checks both."""

from streamlit.testing.v1 import local_script_runner


def wait_for_run(runner, timeout: float = 3) -> None:
    """What `require_widgets_deltas(runner, timeout)` does, without polling."""
    thread = runner._script_thread
    if thread is not None:
        thread.join(timeout)
    if runner.script_stopped():
        return
    runner.request_stop()
    runner.join()
    raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")


def install() -> None:
    """From conftest: `LocalScriptRunner.run` looks the function up in its module at each run."""
    local_script_runner.require_widgets_deltas = wait_for_run
