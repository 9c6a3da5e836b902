"""Settings from the window: reached by everyone, and what is saved takes effect at once."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assets import asset_path
from ui.main_window import MainWindow
from ui.screens.settings_screen import SettingsScreen

CLERK, CLERK_PIN = "Sam Okafor", "1357"
MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"


def test_ctrl_comma_opens_settings_for_a_clerk_and_esc_goes_home(
    qtbot: QtBot, window: MainWindow, sign_in_as
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    assert window.home_screen.settings_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    assert window.current_screen() is screen
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert window.current_screen() is window.home_screen


def test_high_contrast_saved_by_a_clerk_changes_the_look_at_once(
    qtbot: QtBot, window: MainWindow, sign_in_as, qapp: QApplication
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    window.home_screen.settings_button.click()
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    high_contrast = asset_path("style-high-contrast.qss").read_text(encoding="utf-8")
    assert high_contrast not in qapp.styleSheet()
    screen.high_contrast.setChecked(True)
    assert screen.save_display()
    assert high_contrast in qapp.styleSheet()
    assert window.counter_settings.high_contrast


def test_a_new_auto_lock_time_applies_when_the_manager_goes_home(
    qtbot: QtBot, window: MainWindow, sign_in_as, data_dir
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    window.open_settings()
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    screen.idle_minutes.setValue(2)
    assert screen.save_auto_lock()
    window.go_home()
    assert window.idle_watcher.interval_ms == 2 * 60_000
    assert "after 2 minutes without use" in window.home_screen._ui.lock_hint.text()
    assert (data_dir / "counter-settings.json").exists()
