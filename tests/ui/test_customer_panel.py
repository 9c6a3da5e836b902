"""The customer panel offers customers already in the records, and a chosen one opens the case."""

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app.services.database import StoreDatabase
from counter_app.services.intake import open_case
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import StoreInfo, current_store
from ui.screens.complaint_screen import ComplaintScreen
from ui.widgets.customer_panel import CustomerPanel

pytestmark = pytest.mark.gui

CLERK, CLERK_PIN = "Sam Okafor", "1357"


def _clerk(database: StoreDatabase) -> SignedIn:
    staff_id = next(person.id for person in list_staff(database=database) if person.name == CLERK)
    return sign_in(database=database, staff_id=staff_id, pin=CLERK_PIN)


def _store(database: StoreDatabase) -> StoreInfo:
    store = current_store(database=database)
    assert store is not None
    return store


def _complaint_for(
    database: StoreDatabase, customer: dict[str, object] | uuid.UUID, text: str
) -> str:
    """Open a complaint through the service; return its number."""
    key = "customer_id" if isinstance(customer, uuid.UUID) else "customer"
    opened = open_case(
        database=database,
        staff=_clerk(database),
        request={
            "case_type": "complaint",
            "summary": text,
            "complaint": {"category": "Product quality", "description": text},
            key: customer,
        },
    )
    return opened.number


def _rows(data_dir: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        return raw.execute(query).fetchall()


def _type_text(widget: QWidget, text: str) -> None:
    """Type as a keyboard does, one key event per character carrying its text (any script)."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            )


@pytest.fixture
def zoe(database: StoreDatabase, data_dir: Path) -> uuid.UUID:
    """Zoë, with two earlier complaints; and another Murphy with one."""
    details = {
        "name": "Zoë Murphy",
        "phone": "+353 87 123 4567",
        "email": "zoe@example.ie",
        "consent": True,
    }
    _complaint_for(database, details, "Kettle lid loose")
    [(customer_id,)] = _rows(data_dir, "SELECT id FROM customer")
    _complaint_for(database, uuid.UUID(str(customer_id)), "Toaster burns one side")
    _complaint_for(
        database, {"name": "Ann Murphy", "phone": "086 555 0000", "consent": True}, "Late"
    )
    return uuid.UUID(str(customer_id))


@pytest.fixture
def panel(qtbot: QtBot, database: StoreDatabase) -> CustomerPanel:
    widget = CustomerPanel(database=database, store=_store(database))
    qtbot.addWidget(widget)
    widget.resize(520, 560)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _offered(panel: CustomerPanel) -> list[str]:
    return [match.name for match in panel.customer_matches]


def test_typing_a_name_offers_the_customers_who_may_be_meant(
    qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID
) -> None:
    panel.name_field.setFocus()
    qtbot.keyClicks(panel.name_field, "murph")
    qtbot.waitUntil(lambda: len(panel.customer_matches) == 2)
    assert _offered(panel) == ["Ann Murphy", "Zoë Murphy"]  # the latest case first
    assert panel.matches_list.isVisible()
    first_line, second_line = panel.matches_list.item(1).text().split("\n")
    assert first_line.startswith("Zoë Murphy  —  2 cases, last ")
    assert second_line == "+353 87 123 4567  ·  zoe@example.ie"
    assert panel.customer_id() is None


def test_down_then_enter_chooses_a_customer_and_the_case_takes_their_id(
    qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID
) -> None:
    panel.name_field.setFocus()
    _type_text(panel.name_field, "Zoë")
    qtbot.waitUntil(lambda: _offered(panel) == ["Zoë Murphy"])
    with qtbot.waitSignal(panel.customer_chosen) as chosen:
        qtbot.keyClick(panel.name_field, Qt.Key.Key_Down)
        assert panel.matches_list.hasFocus()
        qtbot.keyClick(panel.matches_list, Qt.Key.Key_Return)

    assert chosen.args[0].id == zoe
    assert panel.customer_id() == zoe
    assert panel.customer_request() is None  # the services take customer_id, not both
    assert (panel.name_field.text(), panel.phone_field.text(), panel.email_field.text()) == (
        "Zoë Murphy",
        "+353 87 123 4567",
        "zoe@example.ie",
    )
    assert panel.consent_box.isChecked()
    assert not panel.consent_box.isEnabled()  # given when the details were first kept
    assert "Existing customer: Zoë Murphy" in panel.chosen_label.text()
    assert not panel.matches_list.isVisible()
    assert [case.summary for case in panel.earlier_cases] == [
        "Toaster burns one side",
        "Kettle lid loose",
    ]
    assert "Toaster burns one side" in panel.history_label.text()
    assert panel.name_field.hasFocus()


def test_a_phone_typed_another_way_offers_the_customer_and_a_click_chooses(
    qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID
) -> None:
    qtbot.keyClicks(panel.phone_field, "087 123 45")
    qtbot.waitUntil(lambda: _offered(panel) == ["Zoë Murphy"])
    item = panel.matches_list.item(0)
    rect = panel.matches_list.visualItemRect(item)
    qtbot.mouseClick(panel.matches_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.customer_id() == zoe
    assert panel.phone_field.text() == "+353 87 123 4567"


def test_editing_a_chosen_customers_details_makes_a_new_customer(
    qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID
) -> None:
    qtbot.keyClicks(panel.name_field, "zoe")
    qtbot.waitUntil(lambda: len(panel.customer_matches) == 1)
    panel.choose(panel.customer_matches[0])
    assert panel.customer_id() == zoe

    qtbot.keyClicks(panel.email_field, "x")

    assert panel.customer_id() is None
    assert panel.consent_box.isEnabled()
    assert not panel.consent_box.isChecked()  # a new person is asked again
    assert panel.customer_request() == {
        "name": "Zoë Murphy",
        "phone": "+353 87 123 4567",
        "email": "zoe@example.iex",
        "consent": False,
    }


def test_different_customer_empties_the_panel(
    qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID
) -> None:
    qtbot.keyClicks(panel.name_field, "zoe")
    qtbot.waitUntil(lambda: len(panel.customer_matches) == 1)
    panel.choose(panel.customer_matches[0])
    assert panel.different_button.isVisible()

    qtbot.mouseClick(panel.different_button, Qt.MouseButton.LeftButton)

    assert panel.customer_id() is None
    assert panel.customer_request() is None
    assert panel.name_field.text() == ""
    assert not panel.different_button.isVisible()
    assert panel.name_field.hasFocus()


def test_too_little_typed_or_no_one_found_offers_no_one(
    qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID
) -> None:
    qtbot.keyClicks(panel.name_field, "zo")
    panel.refresh_history()
    assert panel.customer_matches == ()
    assert not panel.matches_list.isVisible()
    qtbot.keyClicks(panel.name_field, "rro")
    panel.refresh_history()
    assert panel.customer_matches == ()
    qtbot.keyClick(panel.name_field, Qt.Key.Key_Down)
    assert panel.name_field.hasFocus()  # nothing to move into


def test_a_locked_panel_offers_no_one(qtbot: QtBot, panel: CustomerPanel, zoe: uuid.UUID) -> None:
    panel.name_field.setText("murphy")
    panel.refresh_history()
    assert len(panel.customer_matches) == 2
    panel.set_editable(False)
    assert panel.customer_matches == ()
    panel.refresh_history()
    assert panel.customer_matches == ()


def test_a_complaint_for_a_chosen_customer_adds_no_second_customer(
    qtbot: QtBot, database: StoreDatabase, data_dir: Path, zoe: uuid.UUID
) -> None:
    screen = ComplaintScreen(database=database, store=_store(database), staff=_clerk(database))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    panel = screen.customer_panel
    qtbot.keyClicks(panel.phone_field, "0871234567")
    qtbot.waitUntil(lambda: _offered(panel) == ["Zoë Murphy"])
    panel.choose(panel.customer_matches[0])
    screen.description_field.setFocus()
    qtbot.keyClicks(screen.description_field, "Mug handle came off")
    screen.save()

    assert _rows(data_dir, "SELECT count(*) FROM customer") == [(2,)]
    by_customer = _rows(data_dir, "SELECT customer_id, count(*) FROM service_case GROUP BY 1")
    assert (zoe.hex, 3) in by_customer
    assert "saved" in screen.message.text()
    assert panel.customer_id() is None  # ready for the next customer


def test_the_panel_with_customers_offered_renders_without_clipping(
    qtbot: QtBot, database: StoreDatabase, zoe: uuid.UUID, tmp_path: Path
) -> None:
    screen = ComplaintScreen(database=database, store=_store(database), staff=_clerk(database))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    panel = screen.customer_panel
    panel.name_field.setText("murphy")
    panel.refresh_history()
    list_rect = panel.matches_list
    assert list_rect.height() >= 2 * 44
    for row in range(panel.matches_list.count()):
        assert panel.matches_list.visualItemRect(panel.matches_list.item(row)).height() >= 44
    assert screen.grab().save(str(tmp_path / "customer-panel.png"))
