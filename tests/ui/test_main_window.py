import json
import sqlite3
from contextlib import closing

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from ui.screens.login import LoginScreen
from ui.widgets.status_bar import NOBODY_SIGNED_IN, PRINTING_READY

pytestmark = pytest.mark.gui


def _last_event(window):
    """The newest audit event's action and details, read apart from the app's engine."""
    with closing(sqlite3.connect(window.database.path)) as raw:
        action, details = raw.execute(
            "SELECT action, details FROM auditevent ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    return action, json.loads(details)


def test_title_and_status_bar_name_the_store_and_placeholders(qtbot, window):
    status = window.counter_status

    assert window.windowTitle() == "Counter — Grafton Street"
    assert status.isVisible()
    assert status.store_label.text() == "S012 · Grafton Street"
    assert status.person_label.text() == NOBODY_SIGNED_IN
    # No head office in Settings yet: the bar says so (tests/ui/test_sync_ui.py has the rest).
    assert status.sync_label.text().startswith("Head office: not set up")
    qtbot.waitUntil(lambda: status.printer_label.text() == PRINTING_READY)


def test_status_bar_shows_who_is_signed_in(window, sign_in_as):
    sign_in_as(window, "Maeve Byrne", "2468")

    assert window.counter_status.person_label.text() == "Maeve Byrne (Manager)"
    assert window.counter_status.isVisible()


def test_minimum_size_fits_a_1366_by_768_counter_pc(window):
    minimum = window.minimumSize()
    # Leave room for a taskbar (about 40 px) and a title bar (about 30 px).
    assert minimum.width() <= 1366
    assert minimum.height() <= 768 - 70


def test_lock_button_returns_to_sign_in(qtbot, window, sign_in_as):
    sign_in_as(window, "Sam Okafor", "1357")

    with qtbot.waitSignal(window.locked) as signal:
        qtbot.mouseClick(window.home_screen.lock_button, Qt.MouseButton.LeftButton)

    assert signal.args == ["manual"]
    assert window.is_locked
    assert isinstance(window.current_screen(), LoginScreen)
    assert window.person is None
    assert window.counter_status.person_label.text() == NOBODY_SIGNED_IN
    assert window.login_screen.pin_field.text() == ""


def test_ctrl_l_locks(qtbot, window, sign_in_as):
    sign_in_as(window, "Sam Okafor", "1357")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    target = QApplication.focusWidget() or window

    with qtbot.waitSignal(window.locked):
        qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.is_locked
    assert _last_event(window) == ("staff.locked", {"name": "Sam Okafor", "reason": "manual"})


def test_locking_keeps_the_last_person_chosen(window, sign_in_as):
    sign_in_as(window, "Sam Okafor", "1357")
    window.lock()

    assert window.login_screen.staff_list.selected_name() == "Sam Okafor"


def test_idle_counter_locks_itself(qtbot, make_window, sign_in_as):
    window = make_window(idle_interval_ms=50)
    sign_in_as(window, "Sam Okafor", "1357")
    assert not window.is_locked

    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)

    assert window.person is None
    assert isinstance(window.current_screen(), LoginScreen)


def test_idle_lock_reports_idle_as_the_reason(qtbot, make_window, sign_in_as):
    window = make_window(idle_interval_ms=50)
    sign_in_as(window, "Sam Okafor", "1357")

    with qtbot.waitSignal(window.locked, timeout=5000) as signal:
        pass

    assert signal.args == ["idle"]
    assert _last_event(window) == ("staff.locked", {"name": "Sam Okafor", "reason": "idle"})


def test_idle_timer_does_not_run_while_locked(make_window):
    window = make_window(idle_interval_ms=50)

    assert not window.idle_watcher.is_running


def test_input_restarts_the_idle_countdown(qtbot, make_window, sign_in_as):
    window = make_window(idle_interval_ms=60_000)
    sign_in_as(window, "Sam Okafor", "1357")
    watcher = window.idle_watcher
    qtbot.waitUntil(lambda: watcher.remaining_ms() < 59_900, timeout=5000)

    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.home_screen, key)

    assert watcher.remaining_ms() > 59_900
    assert not window.is_locked


def test_closing_the_window_stops_watching_input(qtbot, make_window, sign_in_as):
    window = make_window(idle_interval_ms=60_000)
    sign_in_as(window, "Sam Okafor", "1357")

    window.close()

    assert not window.idle_watcher.is_running
