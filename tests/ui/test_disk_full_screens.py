"""A full or read-only disk at the counter: the clerk reads a sentence and keeps what was typed.

The data folder is a small tmpfs (``tests/small_disk.py``) filled to its last
byte while the screen is open, or remounted read-only. Saving is refused in
words; the form keeps what the clerk typed, so once IT has freed space one
more Ctrl+Enter saves it all.
"""

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from small_disk import SmallDisk, on_small_disk, small_disk

from counter_app.config import Settings
from counter_app.services import backups
from counter_app.services.database import StoreDatabase, open_store_database
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import current_store
from ui.app import EXIT_STORAGE_PROBLEM, run_desktop
from ui.dialogs.damaged_database import DamagedDatabaseDialog
from ui.dialogs.storage_problem import StorageProblemDialog
from ui.screens.complaint_screen import ComplaintScreen

pytestmark = pytest.mark.gui

CLERK, CLERK_PIN = "Sam Okafor", "1357"
DISK_KB = 4096
DESCRIPTION = "The handle came off when the kettle was full"
WANTED = "A new kettle"


@dataclass
class Counter:
    """The store's data folder on a small disk, and its open database."""

    disk: SmallDisk
    database: StoreDatabase


@contextmanager
def counter_on_small_disk(seeded_template: Path, tmp_path: Path) -> Iterator[Counter]:
    folder = tmp_path / "disk"
    with small_disk(folder, size_kb=DISK_KB) as disk:
        shutil.copytree(seeded_template, folder, dirs_exist_ok=True)
        database = open_store_database(folder).database
        try:
            yield Counter(disk, database)
        finally:
            database.dispose()


def _clerk(database: StoreDatabase) -> SignedIn:
    staff_id = next(person.id for person in list_staff(database=database) if person.name == CLERK)
    return sign_in(database=database, staff_id=staff_id, pin=CLERK_PIN)


def _complaints(database: StoreDatabase) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(database.path)) as raw:
        return raw.execute(
            "SELECT c.case_type, d.description, d.desired_outcome FROM service_case c "
            "JOIN complaintdetail d ON d.case_id = c.id"
        ).fetchall()


def _press_save(qtbot: QtBot, screen: ComplaintScreen) -> None:
    focused = QApplication.focusWidget() or screen
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@on_small_disk
def test_saving_a_complaint_on_a_full_disk_says_so_and_keeps_what_was_typed(
    qtbot: QtBot, seeded_template: Path, tmp_path: Path
) -> None:
    with counter_on_small_disk(seeded_template, tmp_path) as counter:
        store = current_store(database=counter.database)
        assert store is not None
        clerk = _clerk(counter.database)
        screen = ComplaintScreen(database=counter.database, store=store, staff=clerk)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        screen.activateWindow()
        qtbot.waitUntil(screen.isActiveWindow)

        counter.disk.fill()
        screen.description_field.setFocus()
        qtbot.keyClicks(screen.description_field, DESCRIPTION)
        qtbot.keyClick(screen.description_field, Qt.Key.Key_Tab)
        qtbot.keyClicks(screen.desired_field, WANTED)
        # The draft kept while typing cannot be written either: told, not a crash.
        qtbot.waitUntil(lambda: "could not be kept as a draft" in screen.message.text())
        assert "the disk is full" in screen.message.text()
        assert screen.message.property("tone") == "warning"

        _press_save(qtbot, screen)

        said = screen.message.text()
        assert "disk of this PC is full" in said, said
        assert "Everything saved before is safe" in said
        assert screen.message.property("tone") == "error"
        for jargon in ("sqlite3", "OperationalError", "Traceback", "Errno"):
            assert jargon not in said
        # Nothing lost from the screen: the clerk's words are all still there.
        assert screen.description_field.toPlainText() == DESCRIPTION
        assert screen.desired_field.text() == WANTED
        assert _complaints(counter.database) == []

        counter.disk.free()
        _press_save(qtbot, screen)

        assert _complaints(counter.database) == [("complaint", DESCRIPTION, WANTED)]
        assert screen.message.property("tone") == "good"
        assert counter.disk.leftovers() == []


@pytest.mark.parametrize("fault", ["full", "read-only"])
@on_small_disk
def test_the_desktop_on_a_full_or_read_only_disk_explains_and_exits_1(
    fault: str, monkeypatch: pytest.MonkeyPatch, seeded_template: Path, tmp_path: Path
) -> None:
    """Told in a calm dialog; never offered a backup in place of a sound database."""
    told: list[str] = []
    offered: list[str] = []

    def tell(_cls: type, message: str, *, parent: object = None) -> None:
        told.append(message)

    def wants_restore(dialog: DamagedDatabaseDialog) -> bool:
        offered.append("restore")
        return False

    monkeypatch.setattr(StorageProblemDialog, "tell", classmethod(tell))
    monkeypatch.setattr(DamagedDatabaseDialog, "wants_restore", wants_restore)
    with counter_on_small_disk(seeded_template, tmp_path) as counter:
        backups.make_backup(counter.disk.folder, datetime.now(UTC))  # one to be offered
        counter.database.dispose()  # the counter was closed when the disk turned
        if fault == "full":
            counter.disk.fill()
        else:
            counter.disk.read_only()

        code = run_desktop(Settings(data_dir=counter.disk.folder), argv=["counter"])

        assert code == EXIT_STORAGE_PROBLEM
        assert offered == []
        assert len(told) == 1
        expected = "disk of this PC is full" if fault == "full" else "disk that is read-only"
        assert expected in told[0], told[0]
        assert "damaged" not in told[0]
        assert "write access" not in told[0]
        if fault == "read-only":
            counter.disk.writable()
