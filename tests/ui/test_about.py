"""About Counter: the version, the build and the folders, for anyone, signed in or not."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

import counter_app
from ui.dialogs.about import AboutDialog
from ui.main_window import MainWindow
from ui.screens.settings_screen import SettingsScreen

CLERK, CLERK_PIN = "Sam Okafor", "1357"

pytestmark = pytest.mark.gui


def _read_about_when_shown(seen: dict[str, object]) -> None:
    """Once the real dialog is up: read its values, copy them for IT, close it."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AboutDialog):
            seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
            dialog.copy_button.click()
            seen["clipboard"] = QGuiApplication.clipboard().text()
            seen["fits"] = all(
                label.width() >= label.minimumSizeHint().width()
                for label in dialog.findChildren(QLabel)
            )
            dialog.reject()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_f1_at_the_locked_counter_shows_the_version_and_the_folders(
    qtbot: QtBot, window: MainWindow, data_dir: Path
) -> None:
    assert window.person is None  # nobody signed in: IT at a locked counter
    seen: dict[str, object] = {}
    _read_about_when_shown(seen)

    qtbot.keyClick(window, Qt.Key.Key_F1)

    qtbot.waitUntil(lambda: "clipboard" in seen, timeout=5000)
    labels = seen["labels"]
    assert isinstance(labels, list)
    assert f"Counter {counter_app.__version__}" in labels
    assert "Run from source" in labels  # the tests run from a checkout, not a built folder
    assert str(data_dir) in labels
    assert str(data_dir / "logs") in labels
    assert str(data_dir / "crash-reports") in labels
    clipboard = seen["clipboard"]
    assert isinstance(clipboard, str)
    assert f"Version: {counter_app.__version__}\n" in clipboard
    assert f"Data folder: {data_dir}\n" in clipboard
    assert seen["fits"] is True


def test_the_settings_screen_has_an_about_button(
    qtbot: QtBot, window: MainWindow, sign_in_as, data_dir: Path
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    window.open_settings()
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    seen: dict[str, object] = {}
    _read_about_when_shown(seen)

    screen.about_button.click()

    qtbot.waitUntil(lambda: "clipboard" in seen, timeout=5000)
    assert f"Logs: {data_dir / 'logs'}\n" in str(seen["clipboard"])
