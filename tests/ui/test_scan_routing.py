"""Scans go where that kind of code belongs, from whatever screen is showing."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QSpinBox
from test_return_screen import CLERK, CLERK_PIN, KETTLE_BARCODE, RECEIPT, _add_receipt

from counter_app.domain.scan_codes import classify_scan
from ui.screens.exchange_screen import ExchangeScreen
from ui.screens.find_case import FindCaseScreen
from ui.screens.return_screen import QUANTITY, ReturnScreen


def _scanner_types(text: str) -> None:
    """A wedge scanner: the characters and Enter, back to back, into the focused widget."""
    keys = [(Qt.Key(ord(character.upper())), character) for character in text]
    keys.append((Qt.Key.Key_Return, "\r"))
    for key, character in keys:
        receiver = QApplication.focusWidget()
        assert receiver is not None
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                receiver, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, character)
            )


def test_a_receipt_scanned_on_the_home_screen_starts_a_return(
    qtbot, window, sign_in_as, database
) -> None:
    _add_receipt(database)
    sign_in_as(window, CLERK, CLERK_PIN)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    _scanner_types(RECEIPT)
    screen = window.current_screen()
    assert isinstance(screen, ReturnScreen)
    assert screen.receipt_field.text() == RECEIPT
    assert screen.table.rowCount() == 1  # the receipt's kettle line, ready for a quantity


def test_a_product_goes_to_the_open_exchange_as_an_item_out(window, sign_in_as, database) -> None:
    _add_receipt(database)
    sign_in_as(window, CLERK, CLERK_PIN)
    window.open_exchange()
    window.route_scan(classify_scan(KETTLE_BARCODE))
    screen = window.current_screen()
    assert isinstance(screen, ExchangeScreen)
    assert screen.out_table.rowCount() == 1


def test_a_product_on_a_return_without_a_receipt_becomes_a_line(
    window, sign_in_as, database
) -> None:
    _add_receipt(database)
    sign_in_as(window, CLERK, CLERK_PIN)
    window.open_return()
    window.route_scan(classify_scan(KETTLE_BARCODE))
    screen = window.current_screen()
    assert isinstance(screen, ReturnScreen)
    assert screen.no_receipt_box.isChecked()
    assert screen.table.rowCount() == 1


def test_a_product_on_a_return_with_its_receipt_counts_on_the_receipt_line(
    window, sign_in_as, database
) -> None:
    _add_receipt(database)  # two kettles on one line
    sign_in_as(window, CLERK, CLERK_PIN)
    window.route_scan(classify_scan(RECEIPT))
    screen = window.current_screen()
    assert isinstance(screen, ReturnScreen)
    quantity = screen.table.cellWidget(0, QUANTITY)
    assert isinstance(quantity, QSpinBox)
    assert quantity.value() == 0

    for counted in (1, 2):
        window.route_scan(classify_scan(KETTLE_BARCODE))
        assert quantity.value() == counted
    window.route_scan(classify_scan(KETTLE_BARCODE))  # both are counted already
    assert quantity.value() == 2
    assert screen.message.text() == (
        f"Kettle Classic Steel: everything on receipt {RECEIPT} that can come back is "
        "already counted."
    )
    window.route_scan(classify_scan("4006381333931"))  # a product the catalog lacks
    assert screen.message.text() == (
        "No product with barcode 4006381333931 in the catalog; check the code."
    )
    # The receipt stays on the screen, with its count.
    assert not screen.no_receipt_box.isChecked()
    assert screen.receipt_field.text() == RECEIPT
    assert screen.table.rowCount() == 1
    assert quantity.value() == 2
    # One goes back on the shelf; scanned again, it counts, and the refusal is gone.
    quantity.setValue(1)
    window.route_scan(classify_scan(KETTLE_BARCODE))
    assert quantity.value() == 2
    assert screen.message.text() == "Type how many of each item come back."


def test_a_case_number_opens_find_case_with_it(window, sign_in_as) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    window.route_scan(classify_scan("S012-20261123-0042"))
    screen = window.current_screen()
    assert isinstance(screen, FindCaseScreen)
    assert screen.search_box.text() == "S012-20261123-0042"


def test_nothing_is_routed_while_the_counter_is_locked(window) -> None:
    window.route_scan(classify_scan(RECEIPT))
    assert window.is_locked


def test_a_staff_badge_on_the_sign_in_screen_chooses_its_owner(window, database) -> None:
    from counter_app.services.staff import list_staff

    clerk_id = next(p.id for p in list_staff(database=database) if p.name == CLERK)
    with database.write() as session:
        from db.store.models import Staff

        row = session.get(Staff, clerk_id)
        assert row is not None
        row.badge_code = "STAFF-0042"
    window.route_scan(classify_scan("STAFF-0042"))
    assert window.login_screen.staff_list.selected_name() == CLERK
    assert window.is_locked  # the PIN is still needed
