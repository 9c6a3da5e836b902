"""The audit trail screen: a manager filters the events, pages, and verifies the chain."""

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.domain.scan_codes import classify_scan
from counter_app.services import intake
from counter_app.services.audit_log import PAGE_SIZE
from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import current_store
from ui.main_window import MainWindow
from ui.screens.audit_screen import AuditScreen

pytestmark = pytest.mark.gui

MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"
CLERK, CLERK_PIN = "Sam Okafor", "1357"
SignInAs = Callable[[MainWindow, str, str], None]


def person(database: StoreDatabase, name: str, pin: str) -> SignedIn:
    staff_id = next(member.id for member in list_staff(database=database) if member.name == name)
    return sign_in(database=database, staff_id=staff_id, pin=pin)


def open_complaints(database: StoreDatabase, clerk: SignedIn, count: int) -> list[str]:
    """Complaints logged by ``clerk`` a minute apart; their case numbers, oldest first."""
    start = datetime.now(UTC) - timedelta(hours=2)
    numbers = []
    for minute in range(count):
        opened = intake.open_case(
            database=database,
            staff=clerk,
            request={
                "case_type": "complaint",
                "summary": f"Kettle {minute} stopped working",
                "complaint": {
                    "category": "Product quality",
                    "severity": "medium",
                    "description": "The kettle does not switch on any more.",
                },
            },
            now=start + timedelta(minutes=minute),
        )
        numbers.append(opened.number)
    return numbers


def wait_for_page(qtbot: QtBot, screen: AuditScreen) -> None:
    qtbot.waitUntil(lambda: screen.page is not None and not screen.tasks.busy)


def open_by_tile(qtbot: QtBot, window: MainWindow) -> AuditScreen:
    """Choose the tile in the Manager area, as a manager does, and wait for the events."""
    tile = next(
        t for t in window.home_screen.manager_tiles if t.property("actionKey") == "Audit trail"
    )
    assert tile.isVisible()
    assert tile.isEnabled()
    tile.click()
    screen = window.current_screen()
    assert isinstance(screen, AuditScreen)
    wait_for_page(qtbot, screen)
    return screen


def shown_seqs(screen: AuditScreen) -> list[int]:
    return [int(screen.table.item(row, 0).text()) for row in range(screen.table.rowCount())]


def table_seqs(database: StoreDatabase, where: str = "1 = 1", parameters: tuple = ()) -> list[int]:
    with closing(sqlite3.connect(database.path)) as raw:
        query = f"SELECT seq FROM auditevent WHERE {where} ORDER BY seq DESC"  # noqa: S608
        return [row[0] for row in raw.execute(query, parameters)]


def test_a_manager_opens_it_from_the_tile_newest_first(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)

    assert shown_seqs(screen) == table_seqs(database)
    assert screen.table.item(0, 3).text() == "Signed in"
    assert screen.table.item(0, 2).text() == MANAGER
    assert screen.selected_seq == shown_seqs(screen)[0]
    assert screen.detail_title.text() == f"Event {shown_seqs(screen)[0]}"
    assert screen.detail_values["who"].text() == MANAGER
    assert screen.table.item(screen.table.rowCount() - 1, 2).text() == "System"


def test_ctrl_shift_a_opens_it_and_esc_goes_home(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    qtbot.waitUntil(lambda: window.current_screen() is window.home_screen)

    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    screen = window.current_screen()
    assert isinstance(screen, AuditScreen)
    wait_for_page(qtbot, screen)
    qtbot.keyClick(QApplication.focusWidget() or screen, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.current_screen() is window.home_screen)


def test_filter_by_who_what_and_case_number(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    clerk = person(database, CLERK, CLERK_PIN)
    numbers = open_complaints(database, clerk, 3)
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)
    qtbot.waitUntil(lambda: screen.choices is not None)

    assert screen.choose_who(clerk.staff_id)
    screen.apply_filters()
    wait_for_page(qtbot, screen)
    assert shown_seqs(screen) == table_seqs(database, "staff_id = ?", (clerk.staff_id.hex,))
    assert {screen.table.item(row, 2).text() for row in range(screen.table.rowCount())} == {CLERK}

    assert screen.choose_what("case.opened")
    screen.apply_filters()
    wait_for_page(qtbot, screen)
    assert [screen.table.item(row, 4).text() for row in range(screen.table.rowCount())] == (
        numbers[::-1]
    )

    screen.clear_filters()
    wait_for_page(qtbot, screen)
    # keyClicks types as fast as a scanner; a scanned case number is routed to this filter.
    screen.case_filter.setFocus()
    qtbot.keyClicks(screen.case_filter, numbers[1].lower())
    qtbot.keyClick(screen.case_filter, Qt.Key.Key_Return)
    wait_for_page(qtbot, screen)
    cases = {screen.table.item(row, 4).text() for row in range(screen.table.rowCount())}
    assert cases == {numbers[1]}
    assert screen.table.item(0, 3).text() == "Case opened"


def test_a_scanned_case_number_filters_the_open_trail(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    number = open_complaints(database, person(database, CLERK, CLERK_PIN), 2)[0]
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)

    window.route_scan(classify_scan(number))

    assert window.current_screen() is screen  # not sent to Find case
    assert screen.case_filter.text() == number
    qtbot.waitUntil(
        lambda: {screen.table.item(r, 4).text() for r in range(screen.table.rowCount())} == {number}
    )


def test_an_unknown_case_number_is_said_next_to_the_filters(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)
    shown = shown_seqs(screen)

    screen.case_filter.setFocus()
    screen.case_filter.setText("S012-20260101-0999")  # typed by hand, then Enter
    qtbot.keyClick(screen.case_filter, Qt.Key.Key_Return)

    qtbot.waitUntil(screen.filter_error.isVisible)
    assert screen.filter_error.text() == "No case S012-20260101-0999 at this store."
    assert screen.case_filter.hasFocus()
    assert shown_seqs(screen) == shown  # the list is left as it was


def test_older_and_newer_page_through_the_trail(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    open_complaints(database, person(database, CLERK, CLERK_PIN), PAGE_SIZE)
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)
    everything = table_seqs(database)
    assert shown_seqs(screen) == everything[:PAGE_SIZE]
    assert not screen.newer_button.isEnabled()

    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown_seqs(screen) == everything[PAGE_SIZE : 2 * PAGE_SIZE])
    assert screen.newer_button.isEnabled()

    screen.newer_button.click()
    qtbot.waitUntil(lambda: shown_seqs(screen) == everything[:PAGE_SIZE])
    assert not screen.newer_button.isEnabled()
    assert screen.older_button.isEnabled()


def test_verifying_an_intact_chain_says_so(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)

    qtbot.keyClick(
        screen.table,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    qtbot.waitUntil(lambda: screen.report is not None and screen.verify_button.isEnabled())
    count = len(table_seqs(database))
    assert screen.chain_label.isVisible()
    assert screen.chain_label.text() == (
        f"All {count} events verified: nothing was changed, removed or reordered."
    )
    assert screen.chain_label.property("tone") == "good"


def test_a_tampered_chain_shows_the_first_broken_event_even_outside_the_filter(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    clerk = person(database, CLERK, CLERK_PIN)
    open_complaints(database, clerk, PAGE_SIZE + 10)
    # An early event, on an older page than the first, and not the clerk's.
    broken = table_seqs(database, "action = 'staff.added'")[0]
    sign_in_as(window, MANAGER, MANAGER_PIN)
    screen = open_by_tile(qtbot, window)
    qtbot.waitUntil(lambda: screen.choices is not None)
    assert screen.choose_who(clerk.staff_id)
    screen.apply_filters()
    wait_for_page(qtbot, screen)
    assert broken not in shown_seqs(screen)
    with closing(sqlite3.connect(database.path)) as raw:
        raw.execute("DROP TRIGGER auditevent_no_update")
        raw.execute(
            "UPDATE auditevent SET details = ? WHERE seq = ?", ('{"name":"Someone else"}', broken)
        )
        raw.commit()

    screen.verify_button.click()

    qtbot.waitUntil(lambda: screen.report is not None and screen.selected_seq == broken)
    wait_for_page(qtbot, screen)
    assert screen.chain_label.property("tone") == "error"
    assert f"The chain is broken at event {broken}" in screen.chain_label.text()
    assert f"event {broken} was changed after it was written" in screen.chain_label.text()
    assert screen.who_filter.currentData() is None  # the filters were cleared to show it
    row = screen.table.currentRow()
    assert screen.table.item(row, 0).text() == f"⚠ {broken}"
    assert screen.detail_title.text() == f"Event {broken}"
    assert "Someone else" in screen.raw_details.toPlainText()
    assert screen.table.visualItemRect(screen.table.item(row, 0)).intersects(
        screen.table.viewport().rect()
    )


def test_a_clerk_has_no_tile_and_cannot_open_it(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    qtbot.waitUntil(lambda: window.current_screen() is window.home_screen)
    tile = next(
        t for t in window.home_screen.manager_tiles if t.property("actionKey") == "Audit trail"
    )

    assert not tile.isVisible()
    assert not window.audit_action.isEnabled()
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    window.open_audit()
    assert window.current_screen() is window.home_screen
    assert not isinstance(window.case_screen, AuditScreen)


def test_the_screen_itself_refuses_a_clerk(qtbot: QtBot, database: StoreDatabase) -> None:
    store = current_store(database=database)
    assert store is not None
    screen = AuditScreen(database=database, store=store, staff=person(database, CLERK, CLERK_PIN))
    qtbot.addWidget(screen)

    assert screen.chain_label.text() == "Only a manager can see the audit trail."
    assert not screen.verify_button.isEnabled()
    assert not screen.table.isEnabled()
    screen.verify_chain()
    assert not screen.tasks.busy
    assert screen.page is None
