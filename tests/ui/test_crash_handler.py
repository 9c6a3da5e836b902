"""An error nothing caught: a report for IT, one calm message, and Counter closes."""

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.config import Settings
from counter_app.diagnostics.crash_reports import crash_folder
from counter_app.diagnostics.log_files import LOG_FILE, log_folder
from ui import app as desktop
from ui.crash_handler import EXIT_CRASHED, CrashHandler, CrashMessage

pytestmark = pytest.mark.gui


def _close_the_message_when_shown(seen: list[str]) -> None:
    """Read the real modal message once it is up, then press "Close Counter"."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, CrashMessage):
            seen.append(box.text())
            seen.append(box.informativeText())
            seen.append(box.defaultButton().text())
            box.defaultButton().click()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def _fail_while_saving() -> None:
    raise RuntimeError("the screen met a state it was not written for")


def _raise_and_hand(handler: CrashHandler) -> None:
    try:
        _fail_while_saving()
    except RuntimeError as error:
        handler.handle(type(error), error, error.__traceback__)


def test_an_unexpected_error_is_reported_told_once_and_closes_counter(
    qtbot: QtBot, tmp_path: Path
) -> None:
    codes: list[int] = []
    handler = CrashHandler(tmp_path, quit_with=codes.append)
    seen: list[str] = []
    _close_the_message_when_shown(seen)

    _raise_and_hand(handler)
    qtbot.waitUntil(lambda: codes != [], timeout=5000)
    _raise_and_hand(handler)  # a second error while closing: a report, no second message
    qtbot.wait(100)

    assert codes == [EXIT_CRASHED]
    reports = sorted(crash_folder(tmp_path).iterdir(), key=lambda path: len(path.name))
    assert len(reports) == 2
    text = reports[0].read_text(encoding="utf-8")
    assert "in _fail_while_saving" in text
    assert "RuntimeError: the screen met a state it was not written for" in text
    assert "Qt:" in text
    assert "Everything already saved is safe" in seen[0]
    assert str(reports[0]) in seen[1]
    assert seen[2] == "Close Counter"


def test_an_error_on_a_worker_thread_is_told_on_the_gui_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    codes: list[int] = []
    handler = CrashHandler(tmp_path, quit_with=codes.append)
    seen: list[str] = []
    _close_the_message_when_shown(seen)
    handler.install()
    try:
        worker = threading.Thread(target=_fail_while_saving, name="printing")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: codes != [], timeout=5000)
    finally:
        handler.uninstall()

    assert codes == [EXIT_CRASHED]
    (report,) = crash_folder(tmp_path).iterdir()
    assert "RuntimeError: the screen met a state it was not written for" in report.read_text(
        encoding="utf-8"
    )
    assert str(report) in seen[1]


def test_a_start_that_fails_unexpectedly_is_reported_and_logged(
    qtbot: QtBot, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desktop's own start: a bug while building the window gets its report and log line."""

    def broken_window(**_: object) -> None:
        raise LookupError("no screen for this store")

    monkeypatch.setattr(desktop, "create_window", broken_window)
    seen: list[str] = []
    _close_the_message_when_shown(seen)
    hooks = (threading.excepthook,)

    code = desktop.run_desktop(settings, argv=["counter-app"])

    assert code == EXIT_CRASHED
    assert (threading.excepthook,) == hooks  # the hooks are given back
    (report,) = crash_folder(settings.data_dir).iterdir()
    assert "LookupError: no screen for this store" in report.read_text(encoding="utf-8")
    logged = (log_folder(settings.data_dir) / LOG_FILE).read_text(encoding="utf-8")
    assert "starting on" in logged
    assert "CRITICAL counter.ui" in logged
    assert "LookupError: no screen for this store" in logged
    assert not [h for h in logging.getLogger().handlers if "counter.log" in str(h)]


def test_the_desktop_logs_its_session_to_the_data_folder(settings: Settings) -> None:
    """A real start and quit, in a process of its own: once a QApplication's main loop has
    run, its windows can no longer be activated, which the other tests need."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from ui.app import create_application\n"
        "from ui.main import main\n"
        "app = create_application(sys.argv)\n"
        "QTimer.singleShot(1500, app.quit)\n"
        "sys.exit(main(['--data-dir', sys.argv[1]]))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script, str(settings.data_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )

    assert finished.returncode == 0, finished.stderr
    logged = (log_folder(settings.data_dir) / LOG_FILE).read_text(encoding="utf-8")
    assert f"with the data folder {settings.data_dir}" in logged
    assert "Counter closed (exit code 0)" in logged
    assert not crash_folder(settings.data_dir).exists()  # a clean session writes no report
