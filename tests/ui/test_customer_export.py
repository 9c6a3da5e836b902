"""A manager exports a chosen customer's data from the customer panel; a clerk has no button."""

import json
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from test_customer_panel import _rows, _store, _type_text, zoe  # noqa: F401 (zoe: fixture)

from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn, list_staff, sign_in
from ui.widgets import customer_panel
from ui.widgets.customer_panel import CustomerPanel

pytestmark = pytest.mark.gui

PEOPLE = {"manager": ("Maeve Byrne", "2468"), "clerk": ("Sam Okafor", "1357")}


def _person(database: StoreDatabase, role: str) -> SignedIn:
    name, pin = PEOPLE[role]
    staff_id = next(person.id for person in list_staff(database=database) if person.name == name)
    return sign_in(database=database, staff_id=staff_id, pin=pin)


def _panel_with_zoe_chosen(qtbot: QtBot, database: StoreDatabase, role: str) -> CustomerPanel:
    panel = CustomerPanel(database=database, store=_store(database), staff=_person(database, role))
    qtbot.addWidget(panel)
    panel.resize(520, 560)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.name_field.setFocus()
    _type_text(panel.name_field, "Zoë")
    qtbot.waitUntil(lambda: [match.name for match in panel.customer_matches] == ["Zoë Murphy"])
    with qtbot.waitSignal(panel.customer_chosen):
        qtbot.keyClick(panel.name_field, Qt.Key.Key_Down)
        qtbot.keyClick(panel.matches_list, Qt.Key.Key_Return)
    return panel


def test_a_manager_exports_the_chosen_customers_data(
    qtbot: QtBot,
    database: StoreDatabase,
    data_dir: Path,
    zoe: uuid.UUID,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "zoe.json"
    asked: list[str] = []

    def ask(parent: object, suggested: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(customer_panel, "ask_export_file", ask)
    panel = _panel_with_zoe_chosen(qtbot, database, "manager")
    assert panel.export_button.isVisible()

    with qtbot.waitSignal(panel.customer_exported) as exported:
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)

    assert exported.args == [str(target)]
    assert asked == [f"customer-{str(zoe)[:8]}.json"]
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["customer"]["email"] == "zoe@example.ie"
    assert [case["summary"] for case in data["cases"]] == [
        "Kettle lid loose",
        "Toaster burns one side",
    ]
    assert panel.export_note.text() == "Saved 2 cases of Zoë Murphy to zoe.json"
    assert _rows(
        data_dir, "SELECT count(*) FROM auditevent WHERE action = 'customer.exported'"
    ) == [(1,)]


def test_a_cancelled_export_writes_and_records_nothing(
    qtbot: QtBot,
    database: StoreDatabase,
    data_dir: Path,
    zoe: uuid.UUID,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(customer_panel, "ask_export_file", lambda parent, suggested: None)
    panel = _panel_with_zoe_chosen(qtbot, database, "manager")

    with qtbot.assertNotEmitted(panel.customer_exported):
        qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)

    assert panel.export_note.isHidden()
    assert _rows(
        data_dir, "SELECT count(*) FROM auditevent WHERE action = 'customer.exported'"
    ) == [(0,)]


def test_a_clerk_has_no_export_button(
    qtbot: QtBot,
    database: StoreDatabase,
    zoe: uuid.UUID,  # noqa: F811
) -> None:
    panel = _panel_with_zoe_chosen(qtbot, database, "clerk")

    assert panel.chosen_label.isVisible()
    assert not panel.export_button.isVisible()
