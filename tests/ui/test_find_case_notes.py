"""Notes and the whole case from Find case: added with Enter, shown, and the case's story."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from counter_app.services import cases, intake
from counter_app.services.case_notes import add_note
from counter_app.services.personal_data import purge_personal_data
from counter_app.services.staff import list_staff, sign_in
from counter_app.services.store_setup import current_store
from ui.dialogs.case_detail import CaseDetailDialog
from ui.screens.find_case import FindCaseScreen

NOW = datetime(2026, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def clerk(database):
    clerk_id = next(m.id for m in list_staff(database=database) if m.name == "Sam Okafor")
    return sign_in(database=database, staff_id=clerk_id, pin="1357")


@pytest.fixture
def kettle_case(database, clerk):
    return intake.open_case(
        database=database,
        staff=clerk,
        request={
            "case_type": "complaint",
            "summary": "Kettle leaks",
            "customer": {"name": "Aoife Walsh", "consent": True},
            "complaint": {"category": "Product quality", "description": "Leaks at the base"},
        },
        now=NOW,
    )


@pytest.fixture
def screen(qtbot, database, clerk):
    store = current_store(database=database)
    shown = FindCaseScreen(
        database=database, store=store, staff=clerk, clock=lambda: NOW + timedelta(hours=1)
    )
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.tasks.wait_for_done()


def _show_only_case(qtbot, screen):
    screen.reset()
    qtbot.waitUntil(lambda: not screen.tasks.busy and screen.model.rowCount() == 1)
    screen.table.setCurrentIndex(screen.model.index(0, 0))


def test_enter_in_the_note_field_adds_a_note_and_shows_it(qtbot, screen, kettle_case, database):
    _show_only_case(qtbot, screen)
    qtbot.keyClicks(screen.note_field, "Rang her back")
    qtbot.keyClick(screen.note_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Note added." in screen.note_message.text())

    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT body FROM case_note").fetchall() == [("Rang her back",)]
    assert "Sam Okafor: Rang her back" in screen._ui.panel.notes.text()
    assert screen.note_field.text() == ""
    assert cases.get_case(database=database, case_ref=kettle_case.id).status.value == "open"


def test_an_empty_note_is_refused_next_to_the_field(qtbot, screen, kettle_case, database):
    _show_only_case(qtbot, screen)
    screen.add_note_button.click()
    qtbot.waitUntil(lambda: "Note" in screen.note_message.text())
    assert screen.note_message.isVisible()
    with closing(sqlite3.connect(database.path)) as raw:
        assert raw.execute("SELECT count(*) FROM case_note").fetchone() == (0,)


def test_open_case_shows_its_notes_and_its_story(qtbot, screen, kettle_case, database, clerk):
    cases.change_status(
        database=database,
        staff=clerk,
        case_ref=kettle_case.id,
        target="resolved",
        note="Replaced the kettle",
        now=NOW + timedelta(minutes=5),
    )
    cases.change_status(
        database=database,
        staff=clerk,
        case_ref=kettle_case.id,
        target="in_progress",
        note="Leaks again",
        now=NOW + timedelta(minutes=30),
    )
    _show_only_case(qtbot, screen)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    dialog = screen.detail_dialog
    assert isinstance(dialog, CaseDetailDialog)
    assert dialog.isVisible()
    story = dialog.section_labels["What happened"].text()
    assert "Case opened" in story
    assert "Status changed (Open → Resolved)" in story
    assert "Replaced the kettle" in story
    assert "Case reopened (Resolved → In progress)" in story
    assert "Leaks again" in story
    assert "Sam Okafor" in story
    assert "Leaks at the base" in dialog.section_labels["About"].text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_case_whose_customer_was_erased_says_so_where_the_words_were(
    qtbot, database, clerk, kettle_case
):
    opened = kettle_case
    add_note(
        database=database,
        staff=clerk,
        case_ref=opened.id,
        body="Aoife will call back",
        now=NOW + timedelta(minutes=1),
    )
    for target in ("resolved", "closed"):
        cases.change_status(
            database=database,
            staff=clerk,
            case_ref=opened.id,
            target=target,
            now=NOW + timedelta(minutes=5),
        )
    manager_id = next(m.id for m in list_staff(database=database) if m.name == "Maeve Byrne")
    manager = sign_in(database=database, staff_id=manager_id, pin="2468")
    report = purge_personal_data(database=database, staff=manager, now=NOW + timedelta(days=800))
    assert report.cases == 1

    dialog = CaseDetailDialog(
        database=database, store=current_store(database=database), case_id=opened.id
    )
    qtbot.addWidget(dialog)
    marker = "(erased with the customer's personal data)"
    notes = dialog.section_labels["Notes"].text()
    story = dialog.section_labels["What happened"].text()
    assert "Aoife" not in notes + story
    assert notes.endswith(f"Sam Okafor:\n{marker}")
    # The note's event lost its words; the other steps, which had none, say nothing more.
    note_entry = next(part for part in story.split("\n\n") if "Note added" in part)
    assert note_entry.endswith(f"\n{marker}")
    assert story.count(marker) == 1
