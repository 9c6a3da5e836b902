"""The return screen, driven as a clerk drives it: keys, a scan, the manager's PIN dialog."""

import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QSpinBox
from pytestqt.qtbot import QtBot

from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import current_store
from db.store.models import Product, ProductBarcode, Sale, SaleLine
from ui.dialogs.manager_approval import ManagerApprovalDialog
from ui.main_window import MainWindow
from ui.screens.return_screen import CONDITION, ReturnScreen

KETTLE_BARCODE = "2000000000015"
RECEIPT = "R-20260612-0001"
CLERK, CLERK_PIN = "Sam Okafor", "1357"
MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"


def _person(database: StoreDatabase, name: str, pin: str) -> SignedIn:
    staff_id = next(person.id for person in list_staff(database=database) if person.name == name)
    return sign_in(database=database, staff_id=staff_id, pin=pin)


def _add_receipt(database: StoreDatabase, *, sold_by: SignedIn | None = None) -> None:
    """A kettle bought two days ago by card, two of them with 6.00 off the line (test setup)."""
    now = datetime.now(UTC)
    kettle = Product(
        sku="SKU-KETTLE",
        name="Kettle Classic Steel",
        category="Home & Kitchen",
        price_cents=2999,
        tax_rate_bp=2300,
        updated_at=now,
    )
    store = current_store(database=database)
    assert store is not None
    with database.write() as session:
        session.add(kettle)
        session.add(ProductBarcode(barcode=KETTLE_BARCODE, product_id=kettle.id))
        sale = Sale(
            store_id=store.id,
            receipt_number=RECEIPT,
            sold_at=now - timedelta(days=2),
            total_cents=5398,
            tender="card",
            card_last4="4242",
            staff_id=sold_by.staff_id if sold_by else None,
        )
        session.add(sale)
        session.flush()
        session.add(
            SaleLine(
                sale_id=sale.id,
                line_no=1,
                product_id=kettle.id,
                quantity=2,
                unit_price_cents=2999,
                discount_cents=600,
            )
        )


def _rows(data_dir: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        return raw.execute(query).fetchall()


@pytest.fixture
def make_screen(qtbot: QtBot, database: StoreDatabase) -> Callable[[str, str], ReturnScreen]:
    def make(name: str = CLERK, pin: str = CLERK_PIN) -> ReturnScreen:
        store = current_store(database=database)
        assert store is not None
        screen = ReturnScreen(database=database, store=store, staff=_person(database, name, pin))
        qtbot.addWidget(screen)
        screen.resize(1366, 768)
        screen.show()
        qtbot.waitExposed(screen)
        screen.activateWindow()
        qtbot.waitUntil(screen.isActiveWindow)
        return screen

    return make


def _scan_receipt(qtbot: QtBot, screen: ReturnScreen) -> None:
    qtbot.keyClicks(screen.receipt_field, RECEIPT.lower())
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Return)


def test_a_receipted_return_takes_a_scan_one_digit_and_ctrl_enter(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    _add_receipt(database)
    screen = make_screen()
    assert screen.receipt_field.hasFocus()
    _scan_receipt(qtbot, screen)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QSpinBox)  # the first line's quantity, ready for a digit
    qtbot.keyClick(focused, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "Refund €26.99" in screen.total_label.text())
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert _rows(data_dir, "SELECT case_type, status FROM service_case") == [("return", "resolved")]
    assert _rows(data_dir, "SELECT tender, amount_cents, card_last4 FROM payment") == [
        ("card", 2699, "4242")
    ]
    assert "saved. Refund: €26.99 to card ending 4242." in screen.message.text()
    assert screen.table.rowCount() == 0  # ready for the next customer


def test_the_policy_explains_each_line_as_the_clerk_sets_it(
    qtbot: QtBot, database: StoreDatabase, make_screen
) -> None:
    _add_receipt(database)
    screen = make_screen()
    _scan_receipt(qtbot, screen)
    screen._spin(0).setValue(1)
    condition = screen.table.cellWidget(0, CONDITION)
    condition.setCurrentIndex(condition.findData("opened"))
    qtbot.waitUntil(lambda: "restocking fee" in screen.table.item(0, 6).text())
    decision = screen.table.item(0, 6).text()
    assert decision.startswith("Allowed with conditions: €24.29")
    assert "Opened: 10% restocking fee (€2.70)." in decision
    assert "Paid by card ending 4242: refunded to the same card." in decision


def test_an_unknown_receipt_is_said_in_words_and_nothing_is_saved(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    screen = make_screen()
    qtbot.keyClicks(screen.receipt_field, "R-20990101-0001")
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Return)
    assert "No receipt R-20990101-0001 at this store" in screen.message.text()
    assert screen.message.property("tone") == "error"
    assert screen.receipt_field.text() == "R-20990101-0001"  # kept, to correct
    assert _rows(data_dir, "SELECT count(*) FROM service_case") == [(0,)]


def test_a_manager_approves_with_their_pin_and_a_reason(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    clerk = _person(database, CLERK, CLERK_PIN)
    _add_receipt(database, sold_by=clerk)  # a refund by the clerk who made the sale
    screen = make_screen()
    _scan_receipt(qtbot, screen)
    screen._spin(0).setValue(1)
    qtbot.waitUntil(lambda: screen.message.property("tone") == "warning")

    def approve() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ManagerApprovalDialog)
        assert dialog.manager_box.currentText() == MANAGER
        qtbot.keyClicks(dialog.pin_field, MANAGER_PIN)
        qtbot.keyClicks(dialog.reason_field, "Receipt checked; regular customer")
        qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)

    QTimer.singleShot(50, approve)
    screen.complete()

    assert _rows(data_dir, "SELECT kind, reason, amount_cents FROM caseoverride") == [
        ("approval", "Receipt checked; regular customer", 2699)
    ]
    assert "Approved by Maeve Byrne." in screen.message.text()


def test_a_cancelled_approval_saves_nothing_and_keeps_the_form(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    _add_receipt(database, sold_by=_person(database, CLERK, CLERK_PIN))
    screen = make_screen()
    _scan_receipt(qtbot, screen)
    screen._spin(0).setValue(1)

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ManagerApprovalDialog)
        dialog.reject()

    QTimer.singleShot(50, cancel)
    screen.complete()
    assert _rows(data_dir, "SELECT count(*) FROM service_case") == [(0,)]
    assert screen._spin(0).value() == 1
    assert "needs a manager's approval" in screen.message.text()


def test_without_a_receipt_the_customer_gets_store_credit(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, make_screen
) -> None:
    _add_receipt(database)
    screen = make_screen()
    screen.no_receipt_box.setChecked(True)
    assert screen.item_field.hasFocus()
    qtbot.keyClicks(screen.item_field, KETTLE_BARCODE)
    qtbot.keyClick(screen.item_field, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.customer_name, "Aoife Kelly")
    qtbot.keyClicks(screen.customer_phone, "+353 87 555 0199")
    screen.consent_box.setChecked(True)
    qtbot.waitUntil(lambda: "No receipt" in (screen.table.item(0, 6) or _Empty()).text())
    assert screen.table.item(0, 0).text() == "Kettle Classic Steel"
    screen.complete()

    [(code, balance)] = _rows(data_dir, "SELECT code, balance_cents FROM storecredit")
    assert balance == 2699  # the lowest price it sold for lately
    assert f"voucher {code}" in screen.message.text()


class _Empty:
    def text(self) -> str:
        return ""


def test_f3_opens_a_return_and_esc_goes_home(qtbot: QtBot, window: MainWindow, sign_in_as) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.current_screen() is window.return_screen
    assert window.return_screen is not None
    qtbot.keyClick(window.return_screen.receipt_field, Qt.Key.Key_Escape)
    assert window.current_screen() is window.home_screen
    window.lock()
    assert window.case_screen is None  # the next person starts clean
