"""Signing in with a staff badge: the scan chooses the person, the PIN is still typed."""

import pytest
from PySide6.QtCore import Qt

from counter_app.domain.scan_codes import ScanKind, classify_scan
from counter_app.services.database import StoreDatabase
from counter_app.services.staff import add_staff, list_staff, sign_in
from ui.screens.home import HomeScreen
from ui.screens.login import NO_BADGE_MESSAGE

pytestmark = pytest.mark.gui

MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"


def _give_badge(database: StoreDatabase, name: str, badge_code: str, pin: str = "8642") -> None:
    """A new person with a badge, added by the manager through the service."""
    manager_id = next(m.id for m in list_staff(database=database) if m.name == MANAGER)
    manager = sign_in(database=database, staff_id=manager_id, pin=MANAGER_PIN)
    add_staff(
        database=database,
        by=manager,
        person={"name": name, "role": "clerk", "pin": pin, "badge_code": badge_code},
    )


def test_a_scanned_badge_chooses_the_person_and_only_the_pin_remains(
    qtbot, window, database
) -> None:
    _give_badge(database, "Aoife Walsh", "STAFF-7Q2X")
    login = window.login_screen
    login.reload_staff()
    assert login.staff_list.selected_name() != "Aoife Walsh"
    scan = classify_scan("staff-7q2x\r\n")
    assert scan.kind is ScanKind.STAFF_BADGE

    assert login.select_badge(scan.code)

    assert login.staff_list.selected_name() == "Aoife Walsh"
    assert "Aoife Walsh: type your PIN" in login.message_text()
    assert login.pin_field.hasFocus()
    with qtbot.waitSignal(login.signed_in) as signal:
        qtbot.keyClicks(login.pin_field, "8642")
        qtbot.keyClick(login.pin_field, Qt.Key.Key_Return)
    assert signal.args[0].name == "Aoife Walsh"
    assert isinstance(window.current_screen(), HomeScreen)


def test_a_badge_given_after_the_list_was_read_is_still_found(window, database) -> None:
    login = window.login_screen
    _give_badge(database, "Liam Ryan", "B7")  # not yet in the list the screen shows
    assert "Liam Ryan" not in dict(login.staff_list.shown_rows())

    assert login.select_badge("STAFF-B7")

    assert login.staff_list.selected_name() == "Liam Ryan"


def test_a_half_typed_pin_does_not_carry_over_to_the_badges_owner(qtbot, window, database) -> None:
    _give_badge(database, "Aoife Walsh", "STAFF-7Q2X")
    login = window.login_screen
    login.select_staff("Sam Okafor")
    qtbot.keyClicks(login.pin_field, "13")

    assert login.select_badge("STAFF-7Q2X")

    assert login.pin_field.text() == ""


@pytest.mark.parametrize("code", ["STAFF-NOBODY", "STAFF-" + "A" * 70, "STAFF-\x00"])
def test_an_unknown_badge_says_so_and_keeps_the_choice(qtbot, window, code) -> None:
    login = window.login_screen
    login.select_staff("Sam Okafor")
    qtbot.keyClicks(login.pin_field, "13")

    assert not login.select_badge(code)

    assert login.message_text() == NO_BADGE_MESSAGE
    assert "No one on the staff has that badge" in login.message_text()
    assert login.message_label.property("tone") == "warning"
    assert login.staff_list.selected_name() == "Sam Okafor"
    assert login.pin_field.text() == ""


def test_choosing_a_name_after_an_unknown_badge_clears_the_warning(window) -> None:
    login = window.login_screen
    login.select_staff("Sam Okafor")
    login.select_badge("STAFF-NOBODY")

    login.select_staff("Maeve Byrne")

    assert login.message_text() == ""
