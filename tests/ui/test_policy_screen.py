"""The manager's return policy editor, driven with keys over a real store database."""

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox
from pytestqt.qtbot import QtBot

from counter_app.services.database import StoreDatabase
from counter_app.services.policy import current_policy
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import current_store
from ui.screens.policy_screen import PolicyScreen, parse_windows

pytestmark = pytest.mark.gui

CLERK, CLERK_PIN = "Sam Okafor", "1357"
MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"


def _person(database: StoreDatabase, name: str, pin: str) -> SignedIn:
    staff_id = next(person.id for person in list_staff(database=database) if person.name == name)
    return sign_in(database=database, staff_id=staff_id, pin=pin)


def _screen(qtbot: QtBot, database: StoreDatabase, name: str, pin: str) -> PolicyScreen:
    store = current_store(database=database)
    assert store is not None
    screen = PolicyScreen(database=database, store=store, staff=_person(database, name, pin))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    return screen


def _retype(qtbot: QtBot, field: QLineEdit | QSpinBox, text: str) -> None:
    """Select what is there and type over it, as a manager does."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def _press_save(qtbot: QtBot) -> None:
    """Ctrl+S where the cursor is, as a manager presses it."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_the_screen_shows_the_built_in_default(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)

    assert screen.version_label.text().startswith("Version 0")
    assert screen.window_days.value() == 30
    assert screen.fees["opened"].text() == "10"
    assert screen.manager_approval_above.text() == "250.00"
    assert screen.non_returnable.text() == "Gift Cards, Grocery"
    assert screen.read_only_note.isHidden()
    assert "Returns within 30 days" in screen.preview.text()


def test_a_manager_saves_a_new_version_with_ctrl_s(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.window_days, "14")
    _retype(qtbot, screen.fees["opened"], "15")
    _retype(qtbot, screen.category_windows, "Electronics: 7")

    with qtbot.waitSignal(screen.saved) as saved:
        _press_save(qtbot)

    assert saved.args == [1]
    policy = current_policy(database=database)
    assert policy.version == 1
    assert policy.rules.window_days == 14
    assert policy.rules.conditions["opened"].restocking_fee_percent == Decimal(15)
    assert policy.rules.category_window_days == {"Electronics": 7}
    assert policy.rules.manager_approval_above == Decimal(250)  # untouched rules kept
    assert screen.version_label.text().startswith("Version 1, in force since")
    assert "version 1" in screen.message.text()


def test_a_refused_rule_is_shown_by_its_field_and_nothing_is_saved(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.window_days, "21")
    _retype(qtbot, screen.store_credit_after, "5")
    _retype(qtbot, screen.manager_after, "4")

    with qtbot.assertNotEmitted(screen.saved):
        screen.save()

    assert "cannot be below the store-credit limit" in screen.error_for("no_receipt.manager_after")
    assert screen.error_for("window_days") == ""
    assert "Not saved" in screen.message.text()
    assert current_policy(database=database).version == 0
    # Nothing typed is lost: the manager corrects one number and saves.
    assert screen.window_days.value() == 21
    assert screen.store_credit_after.value() == 5
    _retype(qtbot, screen.manager_after, "6")
    with qtbot.waitSignal(screen.saved):
        screen.save()
    assert screen.error_for("no_receipt.manager_after") == ""
    rules = current_policy(database=database).rules
    assert (rules.window_days, rules.no_receipt.manager_after) == (21, 6)


def test_a_fee_above_100_percent_is_refused_next_to_that_fee(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.fees["damaged"], "150")

    screen.save()

    assert "100" in screen.error_for("conditions.damaged")
    assert screen.error_for("conditions.opened") == ""
    assert current_policy(database=database).version == 0


def test_badly_written_category_windows_are_refused_before_the_service(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.category_windows, "Electronics 14")

    screen.save()

    assert '"Electronics 14" is not' in screen.error_for("category_window_days")
    assert current_policy(database=database).version == 0
    assert parse_windows(" Toys: 60, Shoes:90 ,") == {"Toys": 60, "Shoes": 90}


def test_a_clerk_reads_the_policy_and_the_service_refuses_their_save(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, CLERK, CLERK_PIN)

    assert screen.read_only_note.isVisible()
    assert "Only a manager" in screen.read_only_note.text()
    assert screen.window_days.isReadOnly()
    assert screen.fees["opened"].isReadOnly()
    assert not screen.sale_clerk.isEnabled()
    assert not screen.save_button.isEnabled()

    with qtbot.assertNotEmitted(screen.saved):
        _press_save(qtbot)

    assert "Only a manager can change the return policy" in screen.message.text()
    assert current_policy(database=database).version == 0


def test_the_preview_follows_the_form(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.window_days, "45")
    qtbot.mouseClick(screen.receipt_required, Qt.MouseButton.LeftButton)
    _retype(qtbot, screen.fees["opened"], "12.5")

    text = screen.preview.text()
    assert "Returns within 45 days" in text
    assert "A receipt is needed for every return." in text
    assert "opened 12.5%" in text
    assert not screen.manager_after.isEnabled()  # no-receipt limits no longer apply


def test_esc_goes_back(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    with qtbot.waitSignal(screen.back_requested):
        qtbot.keyClick(screen.window_days, Qt.Key.Key_Escape)


def test_the_return_policy_tile_opens_the_editor_for_a_manager(qtbot, window, sign_in_as):
    from ui.screens.policy_screen import PolicyScreen

    sign_in_as(window, "Maeve Byrne", "2468")
    tile = next(
        t for t in window.home_screen.manager_tiles if t.title_label.text() == "Return policy"
    )
    assert tile.isEnabled()
    tile.click()
    assert isinstance(window.current_screen(), PolicyScreen)
