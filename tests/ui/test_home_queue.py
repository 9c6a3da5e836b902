"""The home screen's queue and today's cases, driven as a clerk drives them."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QSpinBox, QWidget
from pytestqt.qtbot import QtBot
from test_return_screen import CLERK, CLERK_PIN, RECEIPT, _add_receipt

from counter_app.services.walk_ins import WalkInStatus
from ui.main_window import MainWindow
from ui.screens.complaint_screen import ComplaintScreen
from ui.screens.find_case import FindCaseScreen
from ui.screens.return_screen import ReturnScreen


def _rows(data_dir: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        return raw.execute(query).fetchall()


def _type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type any text, accents included, as key events that carry it, at a person's pace.

    A burst of keys ending in Enter is a barcode scanner's; a person types slower.
    """
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )
        qtbot.wait(45)


def test_ctrl_n_then_a_name_and_enter_puts_the_customer_in_the_queue(
    qtbot: QtBot, window: MainWindow, sign_in_as, data_dir: Path
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    queue = window.home_screen.queue
    assert queue.empty_note.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert queue.who_field.hasFocus()
    _type_text(qtbot, queue.who_field, "Frau Müller")
    qtbot.keyClick(queue.who_field, Qt.Key.Key_Return)

    assert _rows(data_dir, "SELECT ticket, label, reason, status FROM walk_in") == [
        (1, "Frau Müller", "return", "waiting")
    ]
    assert queue.table.rowCount() == 1
    assert queue.table.item(0, 1).text() == "Frau Müller"
    assert "Number 1 is in the queue." in queue.message.text()
    assert queue.summary.text() == "1 waiting, 0 at the counter"
    assert queue.who_field.text() == ""  # ready for the next arrival


def test_waiting_times_tick_with_the_clock(qtbot: QtBot, window: MainWindow, sign_in_as) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    queue = window.home_screen.queue
    start = datetime.now(UTC)
    moments = iter([start, start])
    queue._clock = lambda: next(moments, start + timedelta(minutes=2, seconds=5))
    queue.who_field.setText("Blue coat")
    queue.add_customer()
    queue.tick()
    assert queue.table.item(0, 3).text() == "2:05"
    assert queue.ticker.isActive()


def test_f5_calls_the_customer_and_opens_their_return_which_then_leaves_the_queue_served(
    qtbot: QtBot, window: MainWindow, sign_in_as, database, data_dir: Path
) -> None:
    _add_receipt(database)
    sign_in_as(window, CLERK, CLERK_PIN)
    queue = window.home_screen.queue
    queue.who_field.setText("Kettle man")
    queue.add_customer()
    [(arrived,)] = _rows(data_dir, "SELECT arrived_at FROM walk_in")

    qtbot.keyClick(window, Qt.Key.Key_F5)
    screen = window.case_screen
    assert isinstance(screen, ReturnScreen)
    assert window.current_screen() is screen
    assert _rows(data_dir, "SELECT status FROM walk_in") == [("serving",)]

    qtbot.keyClicks(screen.receipt_field, RECEIPT)
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Return)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QSpinBox)
    qtbot.keyClick(focused, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "Refund" in screen.total_label.text())
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    [(number, case_arrived)] = _rows(data_dir, "SELECT number, arrived_at FROM service_case")
    assert case_arrived == arrived  # the wait in the queue counts in the case's figures
    assert _rows(
        data_dir, "SELECT w.status, c.number FROM walk_in w JOIN service_case c ON c.id = w.case_id"
    ) == [(WalkInStatus.DONE.value, number)]
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Escape)
    assert window.current_screen() is window.home_screen
    assert queue.table.rowCount() == 0
    qtbot.waitUntil(lambda: [row.number for row in window.home_screen.today.rows] == [number])


def test_a_complaint_walk_in_opens_the_complaint_screen_and_left_takes_one_off(
    qtbot: QtBot, window: MainWindow, sign_in_as, data_dir: Path
) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    queue = window.home_screen.queue
    for label, reason_index in (("Grey scarf", 2), ("Tall man", 0)):
        queue.who_field.setText(label)
        queue.reason_box.setCurrentIndex(reason_index)
        queue.add_customer()
    queue.call_next()  # the one who waited longest: the complaint
    assert isinstance(window.case_screen, ComplaintScreen)
    window.go_home()
    assert [view.label for view in queue.queue] == ["Grey scarf", "Tall man"]
    queue.table.selectRow(1)
    queue.left_button.click()
    assert _rows(data_dir, "SELECT label, status FROM walk_in ORDER BY ticket") == [
        ("Grey scarf", "serving"),
        ("Tall man", "left"),
    ]
    assert not queue.call_button.isEnabled()  # nobody is waiting any more


def test_a_row_of_todays_cases_opens_in_find_case(
    qtbot: QtBot, window: MainWindow, sign_in_as, database
) -> None:
    _add_receipt(database)
    sign_in_as(window, CLERK, CLERK_PIN)
    window.open_return()
    screen = window.case_screen
    assert isinstance(screen, ReturnScreen)
    screen.use_receipt(RECEIPT)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QSpinBox)
    qtbot.keyClick(focused, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "Refund" in screen.total_label.text())
    screen.complete()
    window.go_home()
    today = window.home_screen.today
    qtbot.waitUntil(lambda: len(today.rows) == 1)
    assert today.summary.text() == "1 today, 0 still open"
    number = today.rows[0].number
    today.table.selectRow(0)
    today.open_button.click()
    finder = window.case_screen
    assert isinstance(finder, FindCaseScreen)
    assert finder.search_box.text() == number
