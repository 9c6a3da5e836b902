"""The Find case screen over a real store: searching as typed, paging, filters, status changes."""

import sqlite3
import threading
import uuid
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThread
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from counter_app.domain.case_state import CaseStatus
from counter_app.services import cases, intake, search
from counter_app.services.staff import list_staff, sign_in
from counter_app.services.store_setup import current_store
from ui.models.case_results import FOUND_IN, PAGE_SIZE, SUMMARY, CaseResultsModel, count_text
from ui.screens.find_case import FindCaseScreen
from ui.workers import BackgroundTasks

pytestmark = pytest.mark.gui

NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def clerk(database):
    clerk_id = next(m.id for m in list_staff(database=database) if m.name == "Sam Okafor")
    return sign_in(database=database, staff_id=clerk_id, pin="1357")


def _complaint(database, clerk, *, name, summary, minutes=0, phone=None):
    return intake.open_case(
        database=database,
        staff=clerk,
        request={
            "case_type": "complaint",
            "summary": summary,
            "customer": {"name": name, "phone": phone, "consent": True},
            "complaint": {"category": "Product quality", "description": summary},
        },
        now=NOW + timedelta(minutes=minutes),
    )


@pytest.fixture
def three_cases(database, clerk):
    return {
        "aoife": _complaint(database, clerk, name="Aoife Walsh", summary="Kettle leaks"),
        "liam": _complaint(database, clerk, name="Liam Doyle", summary="Toaster burnt", minutes=5),
        "mary": _complaint(database, clerk, name="Mary Byrne", summary="Lamp flickers", minutes=9),
    }


@pytest.fixture
def screen(qtbot, database, clerk):
    store = current_store(database=database)
    assert store is not None
    shown = FindCaseScreen(
        database=database, store=store, staff=clerk, clock=lambda: NOW + timedelta(hours=1)
    )
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    yield shown
    shown.tasks.wait_for_done()


def _settle(qtbot, screen):
    """Wait until every search and count the screen started has answered."""
    qtbot.waitUntil(lambda: not screen.tasks.busy and screen.model.count is not None)


def _numbers(screen):
    return [screen.model.case_at(row).number for row in range(screen.model.rowCount())]


def _bulk_cases(database, count):
    """``count`` cases written straight into the file (test setup only), then indexed."""
    store = current_store(database=database)
    staff_id = next(m.id for m in list_staff(database=database) if m.name == "Sam Okafor")
    rows = []
    for index in range(count):
        moment = (NOW - timedelta(minutes=count - index)).strftime("%Y-%m-%d %H:%M:%S.%f")
        rows.append(
            (uuid.uuid4().hex, store.id.hex, f"S012-20260614-{index + 1:04d}", "return", "open",
             staff_id.hex, f"Bulk case {index}", moment, moment, moment, moment)
        )  # fmt: skip
    with closing(sqlite3.connect(database.path)) as raw, raw:
        raw.executemany(
            "INSERT INTO service_case (id, store_id, number, case_type, status, staff_id, summary,"
            " arrived_at, served_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
    search.rebuild_search_index(database=database)


# ------------------------------------------------------------------ searching


def test_search_box_has_the_focus_and_the_newest_cases_show_on_reset(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)

    assert screen.search_box.hasFocus()
    assert _numbers(screen) == [c.number for c in reversed(three_cases.values())]
    assert screen.count_label.text() == "3 cases"


def test_typing_a_customer_name_shows_that_case(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)

    qtbot.keyClicks(screen.search_box, "liam")
    qtbot.waitUntil(lambda: _numbers(screen) == [three_cases["liam"].number])
    _settle(qtbot, screen)

    assert screen.count_label.text() == "1 case"
    found_in = screen.model.index(0, 6).data()
    assert found_in == "Customer: Liam Doyle"


def test_the_list_fits_its_width_and_shows_where_words_were_found_only_when_searched(
    qtbot, screen, three_cases
):
    screen.reset()
    _settle(qtbot, screen)
    table, header = screen.table, screen.table.horizontalHeader()

    def columns_fit() -> bool:
        return header.length() <= table.viewport().width()

    assert table.isColumnHidden(FOUND_IN)
    qtbot.waitUntil(columns_fit)
    assert table.horizontalScrollBar().maximum() == 0
    # The summary gets the room the fixed columns leave, more than its bare minimum.
    assert header.sectionSize(SUMMARY) > 2 * header.minimumSectionSize()

    qtbot.keyClicks(screen.search_box, "kettle")
    qtbot.waitUntil(lambda: _numbers(screen) == [three_cases["aoife"].number])
    _settle(qtbot, screen)
    assert not table.isColumnHidden(FOUND_IN)
    qtbot.waitUntil(columns_fit)
    assert table.horizontalScrollBar().maximum() == 0
    assert header.sectionSize(FOUND_IN) >= header.minimumSectionSize()


def test_typing_waits_for_a_pause_before_searching(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)

    qtbot.keyClicks(screen.search_box, "mary")

    # The search starts only after the pause: the old results are still on show.
    assert screen.model.rowCount() == 3
    qtbot.waitUntil(lambda: _numbers(screen) == [three_cases["mary"].number])


def test_filters_narrow_the_results(qtbot, screen, three_cases, database, clerk):
    cases.change_status(
        database=database, staff=clerk, case_ref=three_cases["aoife"].id, target="resolved"
    )
    screen.reset()
    _settle(qtbot, screen)
    assert screen.model.rowCount() == 3

    screen.status_filter.setCurrentIndex(screen.status_filter.findText("Resolved"))
    _settle(qtbot, screen)
    assert _numbers(screen) == [three_cases["aoife"].number]

    screen.status_filter.setCurrentIndex(screen.status_filter.findText("Open or in progress"))
    _settle(qtbot, screen)
    assert _numbers(screen) == [three_cases["mary"].number, three_cases["liam"].number]

    screen.type_filter.setCurrentIndex(screen.type_filter.findText("Return"))
    _settle(qtbot, screen)
    assert _numbers(screen) == []
    assert screen.count_label.text() == "No cases"


def test_date_presets_count_days_in_the_store_zone(qtbot, database, clerk, screen):
    old = _complaint(database, clerk, name="Old Case", summary="Fan noisy", minutes=-10 * 24 * 60)
    recent = _complaint(database, clerk, name="New Case", summary="Fan noisy")
    screen.reset()
    _settle(qtbot, screen)

    screen.date_filter.setCurrentIndex(screen.date_filter.findText("Last 7 days"))
    _settle(qtbot, screen)
    assert _numbers(screen) == [recent.number]

    screen.date_filter.setCurrentIndex(screen.date_filter.findText("Last 30 days"))
    _settle(qtbot, screen)
    assert _numbers(screen) == [recent.number, old.number]


def test_a_refused_search_is_explained_beside_the_search_box(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)
    screen.search_box.setMaxLength(1000)  # what a paste past the box's own limit would do

    screen.search_box.setText("x" * 201)
    screen.search_now()
    qtbot.waitUntil(lambda: screen.search_message.isVisible())

    assert "Search is too long" in screen.search_message.text()
    assert "Traceback" not in screen.search_message.text()
    assert screen.model.rowCount() == 0


# ------------------------------------------------------------------ paging


def test_the_model_reads_one_page_at_a_time(qtbot, database):
    _bulk_cases(database, 120)
    store = current_store(database=database)
    tasks = BackgroundTasks()
    model = CaseResultsModel(database=database, zone=store.zone, tasks=tasks)

    with qtbot.waitSignal(model.page_loaded):
        model.search({"text": ""})
    qtbot.waitUntil(lambda: not tasks.busy)
    assert model.rowCount() == PAGE_SIZE
    assert model.count == 120
    assert model.canFetchMore(QModelIndex())

    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE

    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 120
    assert not model.canFetchMore(QModelIndex())
    # Newest first across the pages, each case once.
    numbers = [model.case_at(row).number for row in range(120)]
    assert numbers == [f"S012-20260614-{n:04d}" for n in range(120, 0, -1)]
    tasks.wait_for_done()


def test_the_table_reads_the_next_page_only_when_scrolled_to_the_end(qtbot, screen, database):
    _bulk_cases(database, 120)
    screen.reset()
    _settle(qtbot, screen)
    assert screen.model.rowCount() == PAGE_SIZE
    assert screen.count_label.text() == count_text(120) == "120 cases"

    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2 * PAGE_SIZE)
    qtbot.waitUntil(lambda: not screen.tasks.busy)
    assert screen.model.rowCount() == 2 * PAGE_SIZE


def test_the_search_runs_off_the_ui_thread(qtbot, screen, database, three_cases):
    threads: list[int] = []

    def record(*_args: object) -> None:
        threads.append(threading.get_ident())

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        screen.reset()
        _settle(qtbot, screen)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)

    assert threads
    assert threading.main_thread().ident not in threads


def test_a_background_task_answers_on_the_ui_thread(qtbot):
    tasks = BackgroundTasks()
    seen: dict[str, object] = {}

    def call() -> int:
        seen["call"] = QThread.currentThread()
        return 42

    def done(result: int) -> None:
        seen["callback"] = QThread.currentThread()
        seen["result"] = result

    with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda busy: not busy):
        tasks.start(call, on_success=done, on_failure=pytest.fail)

    main = QApplication.instance().thread()
    assert seen["call"] is not main
    assert seen["callback"] is main
    assert seen["result"] == 42


def test_a_cancelled_task_never_answers(qtbot):
    tasks = BackgroundTasks(threads=1)
    gate = threading.Event()
    answers: list[object] = []
    tasks.start(gate.wait, on_success=answers.append, on_failure=answers.append)
    waiting = tasks.start(lambda: "late", on_success=answers.append, on_failure=answers.append)

    waiting.cancel()
    with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda busy: not busy):
        gate.set()

    assert answers == [True]


def test_a_slow_search_does_not_block_the_screen(qtbot, screen, database, three_cases):
    gate = threading.Event()

    def hold(*_args: object) -> None:
        gate.wait(5)

    event.listen(database.engine, "before_cursor_execute", hold)
    try:
        screen.search_box.setText("kettle")
        screen.search_now()
        # The UI thread is free while the search waits: it handles typing at once.
        assert screen.progress.isVisible()
        qtbot.keyClicks(screen.search_box, "s")
        assert screen.search_box.text() == "kettles"
    finally:
        gate.set()
        event.remove(database.engine, "before_cursor_execute", hold)
    screen.search_now()  # rather than wait for the pause after the last key
    _settle(qtbot, screen)
    assert not screen.progress.isVisible()
    assert screen.search_box.text() == "kettles"


# ------------------------------------------------------------------ keys and the case panel


def test_down_then_enter_opens_the_case(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)

    qtbot.keyClick(screen.search_box, Qt.Key.Key_Down)
    assert screen.table.hasFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(screen.case_opened) as opened:
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)

    assert opened.args == [three_cases["liam"].id]


def test_a_scanned_case_number_opens_its_case(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)

    with qtbot.waitSignal(screen.case_opened) as opened:
        qtbot.keyClicks(screen.search_box, three_cases["aoife"].number)
        qtbot.keyClick(screen.search_box, Qt.Key.Key_Return)

    assert opened.args == [three_cases["aoife"].id]


def test_escape_asks_to_go_back(qtbot, screen):
    screen.reset()
    with qtbot.waitSignal(screen.back_requested):
        qtbot.keyClick(screen.search_box, Qt.Key.Key_Escape)


def test_the_panel_shows_the_chosen_case(qtbot, screen, three_cases):
    screen.reset()
    _settle(qtbot, screen)

    screen.table.setCurrentIndex(screen.model.index(2, 0))

    assert screen.case_number_label.text() == three_cases["aoife"].number
    assert "Customer: Aoife Walsh" in screen.case_facts_label.text()
    assert "Arrived 14 Jun 2026 13:00" in screen.case_facts_label.text()  # Dublin summer time
    assert screen.reprint_button.isEnabled()
    assert not screen.status_buttons[CaseStatus.IN_PROGRESS].isVisibleTo(screen)


def test_resolving_from_the_panel_saves_the_new_status(qtbot, screen, three_cases, database):
    screen.reset()
    _settle(qtbot, screen)
    screen.table.setCurrentIndex(screen.model.index(0, 0))

    qtbot.mouseClick(screen.status_buttons[CaseStatus.RESOLVED], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.note_message.isVisible())

    saved = cases.get_case(database=database, case_ref=three_cases["mary"].id)
    assert saved.status is CaseStatus.RESOLVED
    assert screen.note_message.text() == "The case is now resolved."
    assert screen.model.index(0, 2).data() == "Resolved"
    assert screen.status_buttons[CaseStatus.IN_PROGRESS].isVisibleTo(screen)


def test_a_reopen_without_a_note_is_refused_beside_the_note(qtbot, screen, three_cases, database):
    cases.change_status(
        database=database, staff=screen._staff, case_ref=three_cases["mary"].id, target="resolved"
    )
    screen.reset()
    _settle(qtbot, screen)
    screen.table.setCurrentIndex(screen.model.index(0, 0))

    qtbot.mouseClick(screen.status_buttons[CaseStatus.IN_PROGRESS], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.note_message.isVisible())

    assert "Reason for reopening is required" in screen.note_message.text()
    assert screen.note_message.property("tone") == "warning"
    saved = cases.get_case(database=database, case_ref=three_cases["mary"].id)
    assert saved.status is CaseStatus.RESOLVED


def test_a_reopen_with_a_note_goes_back_into_work(qtbot, screen, three_cases, database):
    cases.change_status(
        database=database, staff=screen._staff, case_ref=three_cases["mary"].id, target="resolved"
    )
    screen.reset()
    _settle(qtbot, screen)
    screen.table.setCurrentIndex(screen.model.index(0, 0))

    qtbot.keyClicks(screen.note_field, "Customer came back, still flickers")
    qtbot.mouseClick(screen.status_buttons[CaseStatus.IN_PROGRESS], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.note_message.isVisible())

    saved = cases.get_case(database=database, case_ref=three_cases["mary"].id)
    assert saved.status is CaseStatus.IN_PROGRESS
    assert screen.note_field.text() == ""


def test_ctrl_f_opens_find_case_and_esc_goes_home(qtbot, window, sign_in_as):
    sign_in_as(window, "Sam Okafor", "1357")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    screen = window.current_screen()
    assert isinstance(screen, FindCaseScreen)
    qtbot.keyClick(screen.search_box, Qt.Key.Key_Escape)
    assert window.current_screen() is window.home_screen
