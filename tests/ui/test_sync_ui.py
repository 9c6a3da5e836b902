"""Sync in the desktop: the status bar's words, "Sync now", offline, and the refused changes.

Against the real head-office server (``counter-app headoffice serve`` in a
child process, PostgreSQL when COUNTER_TEST_PG_URL is set) and a private copy
of the demo store; offline is a loopback port nobody listens on.
"""

import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.config import Settings
from counter_app.services.counter_settings import save_counter_settings
from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import current_store
from counter_app.sync.status import SyncStatus
from ui.main_window import MainWindow
from ui.screens.settings_screen import SettingsScreen
from ui.sync.set_aside_dialog import NotAManagerError, SetAsideDialog
from ui.sync.sync_runner import SyncView
from ui.sync.sync_status_bar import sync_words, when_text

sys.path.insert(0, str(Path(__file__).parents[1] / "headoffice"))
import headoffice_harness as harness  # found once its folder is on the path
from headoffice_harness import HeadOfficeServer, SyncingStore, free_port

# The harness's fixtures, found by name: a real head office and a private demo store.
head_office_database_url = harness.head_office_database_url
head_office = harness.head_office
demo_template = harness.demo_template
syncing_store = harness.syncing_store

pytestmark = [pytest.mark.gui, pytest.mark.slow]

MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"
CLERK, CLERK_PIN = "Sam Okafor", "1357"
SYNC_WAIT_MS = 60_000
DUBLIN = ZoneInfo("Europe/Dublin")
SignInAs = Callable[[MainWindow, str, str], None]


def manager_of(database: StoreDatabase) -> SignedIn:
    member = next(m for m in list_staff(database=database) if m.name == MANAGER)
    return sign_in(database=database, staff_id=member.id, pin=MANAGER_PIN)


def connect_to(database: StoreDatabase, url: str, token: str) -> None:
    """What a manager saves in Settings: head office's address and this store's token."""
    save_counter_settings(
        database=database,
        staff=manager_of(database),
        changes={"head_office_url": url, "head_office_token": token},
    )


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Callable[[StoreDatabase], MainWindow]]:
    """Windows over a given store, closed (sync stopped) before that store's fixture ends."""
    opened: list[MainWindow] = []

    def open_window(database: StoreDatabase) -> MainWindow:
        store = current_store(database=database)
        assert store is not None
        settings = Settings(
            data_dir=database.path.parent,
            pin_attempts_before_lockout=5,
            lockout_minutes=30,
            idle_lock_minutes=5,
        )
        window = MainWindow(database=database, store=store, settings=settings)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        window.close()


def sync_text(window: MainWindow) -> str:
    return window.counter_status.sync_label.full_text()


def shows(window: MainWindow, *parts: str) -> bool:
    text = sync_text(window)
    return all(part in text for part in parts)


def waiting_in_outbox(store: SyncingStore) -> int:
    return store.waiting()


# ---------------------------------------------------------------------- without head office


def test_without_head_office_the_bar_says_not_set_up_and_sync_now_is_off(
    qtbot: QtBot, window: MainWindow
) -> None:
    controls = window.sync_controls

    qtbot.waitUntil(lambda: "waiting" in sync_text(window))
    assert sync_text(window).startswith("Head office: not set up")
    assert "Settings" in window.counter_status.sync_label.toolTip()
    assert not controls.sync_now_button.isEnabled()
    assert not controls.set_aside_button.isVisible()
    assert not window.sync_runner.running
    window.sync_now()  # F9 with nothing set up: nothing starts
    assert not window.sync_runner.running


# ---------------------------------------------------------------------- the real head office


def test_settings_start_sync_and_sync_now_sends_what_waits(
    qtbot: QtBot,
    head_office: HeadOfficeServer,
    syncing_store: SyncingStore,
    open_window: Callable[[StoreDatabase], MainWindow],
    sign_in_as: SignInAs,
) -> None:
    waiting = waiting_in_outbox(syncing_store)
    assert waiting > 100
    window = open_window(syncing_store.database)
    qtbot.waitUntil(lambda: shows(window, "not set up", f"{waiting} waiting"))

    # A manager types head office's address and the token in Settings: sync starts at once.
    sign_in_as(window, MANAGER, MANAGER_PIN)
    window.open_settings()
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    screen.head_office_url.setText(head_office.url)
    screen.token.setText(syncing_store.token)
    assert screen.save_head_office()
    qtbot.waitUntil(lambda: shows(window, "online", "0 waiting"), timeout=SYNC_WAIT_MS)
    assert waiting_in_outbox(syncing_store) == 0
    held = len(head_office.events_of(syncing_store.code))
    assert held == len(syncing_store.event_ids())
    assert "synced just now" in sync_text(window)
    assert window.sync_controls.sync_now_button.isEnabled()

    # A new change waits; "Sync now" sends it without waiting for the next round.
    save_counter_settings(
        database=syncing_store.database,
        staff=manager_of(syncing_store.database),
        changes={"idle_lock_minutes": 9},
    )
    new = waiting_in_outbox(syncing_store)
    assert new >= 1
    window.refresh_outbox_count()
    qtbot.waitUntil(lambda: shows(window, f" {new} waiting"))
    qtbot.mouseClick(window.sync_controls.sync_now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shows(window, "online", " 0 waiting"), timeout=SYNC_WAIT_MS)
    assert len(head_office.events_of(syncing_store.code)) == held + new
    assert waiting_in_outbox(syncing_store) == 0


def test_a_closed_port_shows_offline_with_the_reason_and_the_counter_keeps_working(
    qtbot: QtBot,
    database: StoreDatabase,
    open_window: Callable[[StoreDatabase], MainWindow],
    sign_in_as: SignInAs,
) -> None:
    connect_to(database, f"http://127.0.0.1:{free_port()}", "a-token-nobody-checks")
    window = open_window(database)

    qtbot.waitUntil(lambda: shows(window, "Head office: offline"), timeout=SYNC_WAIT_MS)
    tooltip = window.counter_status.sync_label.toolTip()
    status = window.sync_runner.view.status
    assert status is not None
    assert status.last_attempt_error
    assert status.last_attempt_error in tooltip
    assert "never synced" in sync_text(window)
    assert window.sync_runner.running

    # Sync now while offline: another try, and the counter answers meanwhile.
    qtbot.keyClick(window, Qt.Key.Key_F9)
    sign_in_as(window, CLERK, CLERK_PIN)
    qtbot.waitUntil(lambda: window.current_screen() is window.home_screen)
    window.open_return()
    assert window.return_screen is not None
    qtbot.waitUntil(lambda: shows(window, "Head office: offline"), timeout=SYNC_WAIT_MS)


def test_the_refused_change_is_listed_for_a_manager_and_kept_from_a_clerk(
    qtbot: QtBot,
    head_office: HeadOfficeServer,
    syncing_store: SyncingStore,
    open_window: Callable[[StoreDatabase], MainWindow],
    sign_in_as: SignInAs,
) -> None:
    opened = syncing_store.sql("SELECT seq, payload FROM outbox WHERE kind = 'case.opened'")
    poisoned_seq, payload = opened[len(opened) // 2]
    content = json.loads(payload)
    del content["data"]["id"]
    with closing(sqlite3.connect(syncing_store.database.path)) as raw:
        raw.execute(
            "UPDATE outbox SET payload = ? WHERE seq = ?", (json.dumps(content), poisoned_seq)
        )
        raw.commit()
    connect_to(syncing_store.database, head_office.url, syncing_store.token)
    window = open_window(syncing_store.database)
    controls = window.sync_controls

    qtbot.waitUntil(lambda: shows(window, "online", "0 waiting"), timeout=SYNC_WAIT_MS)
    qtbot.waitUntil(lambda: controls.set_aside_button.isVisible())
    assert controls.set_aside_button.text() == "1 set aside"

    # A clerk sees the count but cannot open the list, by the bar, by Settings or directly.
    sign_in_as(window, CLERK, CLERK_PIN)
    assert not controls.set_aside_button.isEnabled()
    assert "manager" in controls.set_aside_button.toolTip()
    assert window.open_set_aside() is None
    window.open_settings()
    assert isinstance(window.case_screen, SettingsScreen)
    assert not window.case_screen.set_aside_button.isVisible()
    clerk = window.person
    assert clerk is not None
    with pytest.raises(NotAManagerError):
        SetAsideDialog(database=syncing_store.database, staff=clerk, zone=DUBLIN)
    assert window.set_aside_dialog is None

    # A manager clicks the count and reads what head office said.
    window.lock()
    sign_in_as(window, MANAGER, MANAGER_PIN)
    assert controls.set_aside_button.isEnabled()
    qtbot.mouseClick(controls.set_aside_button, Qt.MouseButton.LeftButton)
    dialog = window.set_aside_dialog
    assert isinstance(dialog, SetAsideDialog)
    qtbot.waitExposed(dialog)
    rows = dialog.rows()
    assert len(rows) == 1
    kind, when, error = rows[0]
    assert kind == "case.opened"
    assert "data.id" in error
    assert when[:4].isdigit()

    # Locking closes it: the next person may be no manager.
    window.lock()
    qtbot.waitUntil(lambda: window.set_aside_dialog is None)

    # Settings leads there too.
    sign_in_as(window, MANAGER, MANAGER_PIN)
    window.open_settings()
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    assert screen.set_aside_button.isVisible()
    screen.set_aside_button.click()
    assert isinstance(window.set_aside_dialog, SetAsideDialog)
    assert window.set_aside_dialog.rows()[0][0] == "case.opened"
    QApplication.processEvents()


# ---------------------------------------------------------------------- the words


def test_times_read_as_a_clerk_says_them_in_the_store_time_zone() -> None:
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)

    assert when_text(now - timedelta(seconds=20), now, DUBLIN) == "just now"
    assert when_text(now - timedelta(minutes=12), now, DUBLIN) == "12 min ago"
    assert when_text(now - timedelta(hours=3), now, DUBLIN) == "10:00"  # Dublin is UTC+1
    assert when_text(now - timedelta(hours=14), now, DUBLIN) == "yesterday 23:00"
    assert when_text(now - timedelta(days=2), now, DUBLIN) == "2026-06-29"


def test_the_words_of_each_state() -> None:
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    online = SyncStatus(True, now - timedelta(minutes=5), None, 3, 0)
    offline = SyncStatus(False, None, "Head office could not be reached.", 2, 0)

    text, _ = sync_words(SyncView(True, online), now=now, zone=DUBLIN)
    assert text == "Head office: online · 3 waiting · synced 5 min ago"
    text, tooltip = sync_words(SyncView(True, offline), now=now, zone=DUBLIN)
    assert text == "Head office: offline · 2 waiting · never synced"
    assert "Head office could not be reached." in tooltip
    text, _ = sync_words(SyncView(True, online, syncing=True), now=now, zone=DUBLIN)
    assert text.startswith("Head office: syncing…")
    text, _ = sync_words(SyncView(False, None), now=now, zone=DUBLIN)
    assert text == "Head office: not set up"
