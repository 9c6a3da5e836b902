"""The desktop on a damaged database offers the newest good backup; the daily backup runs."""

import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from counter_app.config import Settings
from counter_app.services import backups
from counter_app.services.store_setup import current_store
from ui.app import open_database_for_desktop
from ui.dialogs.damaged_database import DamagedDatabaseDialog
from ui.dialogs.storage_problem import StorageProblemDialog
from ui.housekeeping import Housekeeping
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def told(monkeypatch):
    messages: list[str] = []

    def tell(cls, message, *, parent=None):
        messages.append(message)

    monkeypatch.setattr(StorageProblemDialog, "tell", classmethod(tell))
    return messages


def _when_dialog_shows(act: Callable[[DamagedDatabaseDialog], None]) -> list[str]:
    """Drive the real modal dialog once it is up; returns what it said."""
    seen: list[str] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DamagedDatabaseDialog):
            seen.append(dialog.informativeText())
            seen.append(dialog.restore_button.text())
            act(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def _damage(path: Path) -> None:
    path.write_bytes(os.urandom(40_000))


def test_damaged_database_offers_the_backup_and_restores_it(told, settings: Settings):
    backup = backups.make_backup(settings.data_dir, datetime.now(UTC))
    _damage(settings.data_dir / "counter.sqlite")

    seen = _when_dialog_shows(lambda dialog: dialog.restore_button.click())
    opened = open_database_for_desktop(settings)

    try:
        assert opened is not None
        assert told == []
        assert str(settings.data_dir / "counter.sqlite") in seen[0]
        assert seen[1].startswith("Restore the backup from ")
        assert "counter-app" not in seen[0]
        store = current_store(database=opened.database)
        assert store is not None
        assert backups.check_backup(settings.data_dir / "counter.sqlite").ok
        assert backup.exists()
        assert list(backups.backup_folder(settings.data_dir).glob("*before-restore*"))
    finally:
        if opened is not None:
            opened.database.dispose()


def test_quit_leaves_the_damaged_file_alone(told, settings: Settings):
    backups.make_backup(settings.data_dir, datetime.now(UTC))
    live = settings.data_dir / "counter.sqlite"
    _damage(live)
    damaged = live.read_bytes()

    _when_dialog_shows(lambda dialog: dialog.quit_button.click())
    opened = open_database_for_desktop(settings)

    assert opened is None
    assert live.read_bytes() == damaged


def test_damaged_database_without_backup_is_told(told, settings: Settings):
    _damage(settings.data_dir / "counter.sqlite")

    assert open_database_for_desktop(settings) is None
    assert "not a Counter database" in told[0]
    assert "No good backup was found in" in told[0]
    assert "counter-app" not in told[0]  # a command line is no use to a clerk at the desktop


def test_daily_backup_runs_after_the_window_shows(qtbot, settings: Settings):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()

    opened = open_database_for_desktop(settings)
    assert opened is not None
    housekeeping = Housekeeping(database=opened.database, parent=window)
    made: list[object] = []
    housekeeping.backed_up.connect(made.append)
    housekeeping.daily_backup_soon(delay_ms=10)

    qtbot.waitUntil(lambda: made != [], timeout=5000)
    housekeeping.wait_for_done()
    folder = backups.backup_folder(settings.data_dir)
    assert list(folder.glob("counter-daily-*.sqlite")) == made
    assert backups.check_backup(made[0]).ok

    housekeeping.daily_backup_now()  # the same day: none is due
    qtbot.waitUntil(lambda: len(made) == 2, timeout=5000)
    assert made[1] is None
    housekeeping.wait_for_done()
    opened.database.dispose()


def test_a_failing_daily_backup_shows_in_the_status_bar_until_one_is_made(
    qtbot, window: MainWindow, data_dir: Path
):
    folder = backups.backup_folder(data_dir)
    if folder.exists():
        shutil.rmtree(folder)
    folder.write_text("a file where the backups folder should be", encoding="utf-8")
    failed: list[str] = []
    window.housekeeping.backup_failed.connect(failed.append)
    label = window.counter_status.backup_label
    assert not label.isVisible()

    window.housekeeping.daily_backup_now()
    qtbot.waitUntil(lambda: failed != [], timeout=10_000)
    window.housekeeping.wait_for_done()

    assert label.isVisible()
    assert label.text() == "Backup failed"
    assert failed[0] in label.toolTip()
    assert "Tell a manager" in label.toolTip()
    assert label.width() >= label.sizeHint().width()  # shown whole, never shortened

    folder.unlink()
    window.housekeeping.daily_backup_now()
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=10_000)
    window.housekeeping.wait_for_done()
    assert list(folder.glob("counter-daily-*.sqlite"))
