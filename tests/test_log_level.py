"""The operator's log setting: a wrong value is said and replaced, never a reason for the dashboard not to start."""
import logging

import serve


def _cchc_logger_reset():
    log = logging.getLogger("cchc")
    for handler in list(log.handlers):
        log.removeHandler(handler)
    log.setLevel(logging.NOTSET)
    return log


def test_a_known_level_is_used(monkeypatch):
    log = _cchc_logger_reset()
    monkeypatch.setenv("CCHC_LOG_LEVEL", " debug ")
    serve.configure_log()
    assert log.level == logging.DEBUG
    _cchc_logger_reset()


def test_an_unknown_level_is_said_and_info_used(monkeypatch, capsys):
    log = _cchc_logger_reset()
    monkeypatch.setenv("CCHC_LOG_LEVEL", "verbose")
    serve.configure_log()
    assert log.level == logging.INFO
    assert capsys.readouterr().err == (
        "CCHC_LOG_LEVEL='VERBOSE' không hợp lệ (dùng một trong DEBUG, INFO, WARNING, ERROR); ghi nhật ký ở mức INFO.\n")
    _cchc_logger_reset()


def test_unset_leaves_the_logger_alone(monkeypatch):
    log = _cchc_logger_reset()
    monkeypatch.delenv("CCHC_LOG_LEVEL", raising=False)
    serve.configure_log()
    assert log.level == logging.NOTSET and log.handlers == []
