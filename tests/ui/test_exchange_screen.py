"""The exchange screen: the kettle back, a toaster out, the difference paid by card."""

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_return_screen import CLERK, CLERK_PIN, RECEIPT, _add_receipt, _person

from counter_app.services.database import StoreDatabase
from counter_app.services.store_setup import current_store
from db.store.models import Product, ProductBarcode
from ui.main_window import MainWindow
from ui.screens.exchange_screen import ExchangeScreen

TOASTER_BARCODE = "2000000000022"


def _add_toaster(database: StoreDatabase) -> None:
    toaster = Product(
        sku="SKU-TOASTER",
        name="Toaster Pro White",
        category="Home & Kitchen",
        price_cents=4599,
        updated_at=datetime.now(UTC),
    )
    with database.write() as session:
        session.add(toaster)
        session.add(ProductBarcode(barcode=TOASTER_BARCODE, product_id=toaster.id))


@pytest.fixture
def screen(qtbot: QtBot, database: StoreDatabase) -> ExchangeScreen:
    _add_receipt(database)
    _add_toaster(database)
    store = current_store(database=database)
    assert store is not None
    made = ExchangeScreen(database=database, store=store, staff=_person(database, CLERK, CLERK_PIN))
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_the_difference_runs_as_items_go_out_and_is_paid_by_card(
    qtbot: QtBot, screen: ExchangeScreen, data_dir: Path
) -> None:
    qtbot.keyClicks(screen.receipt_field, RECEIPT)
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Return)
    screen._spin(0).setValue(1)
    qtbot.keyClicks(screen.out_field, TOASTER_BARCODE)
    qtbot.keyClick(screen.out_field, Qt.Key.Key_Return)
    screen.pay_box.setCurrentIndex(screen.pay_box.findData("card"))
    qtbot.keyClicks(screen.card_last4_field, "5555")
    # Kettle paid 26.99 back, toaster 45.99 out: the customer pays 19.00.
    qtbot.waitUntil(lambda: screen.total_label.text() == "Customer pays €19.00")
    assert screen.out_table.item(0, 0).text() == "Toaster Pro White"
    assert screen.out_table.item(0, 2).text() == "€45.99"
    screen.complete()

    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        assert raw.execute("SELECT case_type FROM service_case").fetchall() == [("exchange",)]
        assert raw.execute(
            "SELECT kind, tender, amount_cents, card_last4 FROM payment"
        ).fetchall() == [("charge", "card", 1900, "5555")]
    assert "Paid: €19.00 by card ending 5555." in screen.message.text()


def test_without_a_new_item_the_screen_asks_for_one(
    qtbot: QtBot, screen: ExchangeScreen, data_dir: Path
) -> None:
    qtbot.keyClicks(screen.receipt_field, RECEIPT)
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Return)
    screen._spin(0).setValue(1)
    screen.complete()
    assert screen.message.text() == "Scan the item the customer takes instead."
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        assert raw.execute("SELECT count(*) FROM service_case").fetchone() == (0,)


def test_f4_opens_an_exchange(qtbot: QtBot, window: MainWindow, sign_in_as) -> None:
    sign_in_as(window, CLERK, CLERK_PIN)
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert isinstance(window.current_screen(), ExchangeScreen)
