"""A return left unfinished (the counter locked, the app crashed) is offered back, and only once."""

from pathlib import Path

from pytestqt.qtbot import QtBot
from test_return_screen import CLERK, CLERK_PIN, RECEIPT, _add_receipt, _person

from counter_app.services.database import StoreDatabase
from counter_app.services.drafts import load_draft
from counter_app.services.store_setup import current_store
from ui.screens.complaint_screen import ComplaintScreen
from ui.screens.return_screen import CONDITION, ReturnScreen


def _screen(qtbot: QtBot, database: StoreDatabase) -> ReturnScreen:
    store = current_store(database=database)
    assert store is not None
    screen = ReturnScreen(database=database, store=store, staff=_person(database, CLERK, CLERK_PIN))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    return screen


def test_an_unfinished_return_is_offered_back_as_it_was(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path
) -> None:
    _add_receipt(database)
    first = _screen(qtbot, database)
    first.use_receipt(RECEIPT)
    first.choose_quantity(0, 1)
    condition = first.table.cellWidget(0, CONDITION)
    condition.setCurrentIndex(condition.findData("opened"))
    first._reason(0).setText("Lid does not close")
    first.customer_name.setText("Łukasz Nowak")
    first.consent_box.setChecked(True)
    qtbot.waitUntil(
        lambda: (
            (draft := load_draft(data_dir=data_dir, kind="return", staff_id=first._staff.staff_id))
            is not None
            and draft.form["lines"][0]["reason"] == "Lid does not close"
            and draft.form["customer"]["name"] == "Łukasz Nowak"
        )
    )
    first.close()  # the counter locked, or the app went down

    second = _screen(qtbot, database)
    assert second.draft_banner.isVisible()
    assert "You left a return unfinished" in second.draft_banner.label.text()
    second.draft_banner.restore_button.click()
    assert not second.draft_banner.isVisible()
    assert second.receipt_field.text() == RECEIPT
    assert second._spin(0).value() == 1
    assert second._combo(0).currentData() == "opened"
    assert second._reason(0).text() == "Lid does not close"
    assert second.customer_name.text() == "Łukasz Nowak"
    assert second.consent_box.isChecked()
    qtbot.waitUntil(lambda: "€24.29" in second.total_label.text())


def test_a_completed_return_leaves_no_draft(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path
) -> None:
    _add_receipt(database)
    screen = _screen(qtbot, database)
    screen.use_receipt(RECEIPT)
    screen.choose_quantity(0, 1)
    staff_id = screen._staff.staff_id
    qtbot.waitUntil(
        lambda: load_draft(data_dir=data_dir, kind="return", staff_id=staff_id) is not None
    )
    screen.complete()
    assert load_draft(data_dir=data_dir, kind="return", staff_id=staff_id) is None
    assert not _screen(qtbot, database).draft_banner.isVisible()


def test_starting_afresh_forgets_the_draft(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path
) -> None:
    _add_receipt(database)
    first = _screen(qtbot, database)
    first.use_receipt(RECEIPT)
    first.choose_quantity(0, 1)
    staff_id = first._staff.staff_id
    qtbot.waitUntil(
        lambda: load_draft(data_dir=data_dir, kind="return", staff_id=staff_id) is not None
    )
    first.close()
    second = _screen(qtbot, database)
    second.draft_banner.discard_button.click()
    assert load_draft(data_dir=data_dir, kind="return", staff_id=staff_id) is None
    assert second.table.rowCount() == 0


def _complaint_screen(qtbot: QtBot, database: StoreDatabase) -> ComplaintScreen:
    store = current_store(database=database)
    assert store is not None
    screen = ComplaintScreen(
        database=database, store=store, staff=_person(database, CLERK, CLERK_PIN)
    )
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    return screen


def test_an_unfinished_complaint_is_offered_back(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path
) -> None:
    first = _complaint_screen(qtbot, database)
    staff_id = first._staff.staff_id
    first.description_field.setPlainText("The handle came off on the second day.")
    first.severity_box.setCurrentIndex(first.severity_box.findData("high"))
    first.customer_panel.name_field.setText("Jürgen Müller")
    qtbot.waitUntil(
        lambda: (
            (draft := load_draft(data_dir=data_dir, kind="complaint", staff_id=staff_id))
            is not None
            and draft.form["customer"]["name"] == "Jürgen Müller"
            and draft.form["severity"] == "high"
        )
    )
    first.close()

    second = _complaint_screen(qtbot, database)
    assert second.draft_banner.isVisible()
    assert "You left a complaint unfinished" in second.draft_banner.label.text()
    second.draft_banner.restore_button.click()
    assert second.description_field.toPlainText() == "The handle came off on the second day."
    assert second.severity_box.currentData() == "high"
    assert second.customer_panel.name_field.text() == "Jürgen Müller"


def test_a_saved_complaint_leaves_no_draft(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path
) -> None:
    screen = _complaint_screen(qtbot, database)
    staff_id = screen._staff.staff_id
    screen.description_field.setPlainText("Staff member was very helpful, wants to say thanks.")
    qtbot.waitUntil(
        lambda: load_draft(data_dir=data_dir, kind="complaint", staff_id=staff_id) is not None
    )
    screen.save()
    assert "saved" in screen.message.text()
    assert load_draft(data_dir=data_dir, kind="complaint", staff_id=staff_id) is None
