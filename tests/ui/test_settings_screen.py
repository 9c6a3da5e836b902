"""The Settings screen over a real store database, driven with keys and clicks."""

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from counter_app.config import APP_NAME, DATA_FOLDER_POINTER, data_folder_pointer
from counter_app.services.counter_settings import (
    SETTINGS_FILENAME,
    CounterSettings,
    load_counter_settings,
)
from counter_app.services.data_folder import data_folder_choice
from counter_app.services.database import StoreDatabase
from counter_app.services.staff import SignedIn, list_staff, sign_in
from counter_app.services.store_setup import StoreInfo, current_store
from ui.screens.settings_screen import SettingsScreen

pytestmark = pytest.mark.gui

CLERK, CLERK_PIN = "Sam Okafor", "1357"  # as seeded by tests/ui/conftest.py
MANAGER, MANAGER_PIN = "Maeve Byrne", "2468"


def _person(database: StoreDatabase, name: str, pin: str) -> SignedIn:
    staff_id = next(person.id for person in list_staff(database=database) if person.name == name)
    return sign_in(database=database, staff_id=staff_id, pin=pin)


def _screen(qtbot: QtBot, database: StoreDatabase, name: str, pin: str) -> SettingsScreen:
    store = current_store(database=database)
    assert store is not None
    screen = SettingsScreen(database=database, store=store, staff=_person(database, name, pin))
    qtbot.addWidget(screen)
    screen.resize(1366, 728)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.reset()
    return screen


def _retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Select what is there and type over it (ASCII only: keyClicks aborts on anything else)."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def _press_ctrl_s(qtbot: QtBot) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _file(database: StoreDatabase) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (database.path.parent / SETTINGS_FILENAME).read_text(encoding="utf-8")
    )
    return data


@pytest.mark.parametrize(("name", "pin"), [(CLERK, CLERK_PIN), (MANAGER, MANAGER_PIN)])
def test_anyone_changes_language_and_contrast(
    qtbot: QtBot, database: StoreDatabase, name: str, pin: str
) -> None:
    screen = _screen(qtbot, database, name, pin)

    screen.language.setCurrentIndex(screen.language.findData("de"))
    qtbot.mouseClick(screen.high_contrast, Qt.MouseButton.LeftButton)
    assert screen.high_contrast.isChecked()
    with qtbot.waitSignal(screen.display_changed) as changed:
        qtbot.mouseClick(screen._save_buttons["display"], Qt.MouseButton.LeftButton)

    saved = changed.args[0]
    assert isinstance(saved, CounterSettings)
    assert (saved.language, saved.high_contrast) == ("de", True)
    on_disk = _file(database)
    assert (on_disk["language"], on_disk["high_contrast"]) == ("de", True)
    assert screen.message_for("display") == "Saved."


def test_ctrl_s_saves_the_section_with_the_focus(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    screen.high_contrast.setChecked(True)
    screen.high_contrast.setFocus()

    with qtbot.waitSignal(screen.display_changed):
        _press_ctrl_s(qtbot)

    assert load_counter_settings(database.path.parent).settings.high_contrast is True


def test_bad_head_office_address_shows_next_to_its_field_and_keeps_the_text(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.head_office_url, "ftp://headoffice.example.com")

    with qtbot.assertNotEmitted(screen.display_changed):
        _press_ctrl_s(qtbot)

    assert "https://" in screen.error_for("head_office_url")
    assert screen.head_office_url.text() == "ftp://headoffice.example.com"
    assert "Not saved" in screen.message_for("head_office")
    assert not (database.path.parent / SETTINGS_FILENAME).exists()


def test_manager_sets_where_returned_goods_are_shipped(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    field = screen.returns_address
    field.setFocus()
    qtbot.keyClicks(field, "Returns Centre")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "Unit 4, Harbour Road")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "Dublin D01 X2Y3")

    _press_ctrl_s(qtbot)

    assert screen.error_for("returns_address") == ""
    assert _file(database)["returns_address"] == (
        "Returns Centre\nUnit 4, Harbour Road\nDublin D01 X2Y3"
    )
    # Tab leaves the field rather than typing a tab into the address.
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert not field.hasFocus()


def test_a_returns_address_too_long_for_the_label_is_refused_at_its_field(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    screen.returns_address.setPlainText("\n".join(f"Line {number}" for number in range(1, 8)))

    assert not screen.save_printers()

    assert "room for 5" in screen.error_for("returns_address")
    assert screen.returns_address.toPlainText().count("\n") == 6  # kept, to be shortened
    assert not (database.path.parent / SETTINGS_FILENAME).exists()


def test_token_is_hidden_shown_on_request_and_saved(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    assert screen.token_state.text() == "No token is set."
    assert screen.token.echoMode() is QLineEdit.EchoMode.Password
    _retype(qtbot, screen.head_office_url, "https://hq.example.com")
    _retype(qtbot, screen.token, "tok-3f9a1c77")

    qtbot.mouseClick(screen.show_token, Qt.MouseButton.LeftButton)
    assert screen.token.echoMode() is QLineEdit.EchoMode.Normal
    assert screen.save_head_office()

    assert screen.token.text() == ""
    assert screen.token_state.text().startswith("A token is set")
    saved = load_counter_settings(database.path.parent).settings
    assert saved.head_office_token.get_secret_value() == "tok-3f9a1c77"
    assert saved.head_office_url == "https://hq.example.com"


def test_only_the_chosen_kind_of_printer_is_editable(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    kind = screen.printer_kinds["receipt"]
    assert screen.pdf_folders["receipt"].isEnabled()
    assert not screen.escpos_addresses["receipt"].isEnabled()

    kind.setCurrentIndex(kind.findData("escpos"))

    assert screen.escpos_addresses["receipt"].isEnabled()
    assert screen.receipt_columns.isEnabled()
    assert not screen.pdf_folders["receipt"].isEnabled()
    assert not screen.browse_buttons["receipt"].isEnabled()
    _retype(qtbot, screen.escpos_addresses["receipt"], "COM3")
    assert not screen.save_printers()
    assert "usb:04b8:0202" in screen.error_for("printers.receipt.escpos_address")

    _retype(qtbot, screen.escpos_addresses["receipt"], "tcp:192.168.1.50:9100")
    screen.receipt_columns.setCurrentIndex(screen.receipt_columns.findData(42))
    assert screen.save_printers()
    assert screen.error_for("printers.receipt.escpos_address") == ""
    receipt = load_counter_settings(database.path.parent).settings.printers.receipt
    assert (receipt.kind, receipt.escpos_address, receipt.columns) == (
        "escpos",
        "tcp:192.168.1.50:9100",
        42,
    )


def test_system_printers_list_says_when_there_are_none(
    qtbot: QtBot, database: StoreDatabase
) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    system = screen.system_printers["voucher"]

    if system.count() == 0:
        assert system.placeholderText() == "No printers found on this PC"
        kind = screen.printer_kinds["voucher"]
        kind.setCurrentIndex(kind.findData("system"))
        assert not screen.save_printers()
        assert "Choose which printer" in screen.error_for("printers.voucher.system_printer")
    else:
        assert system.itemText(0)


def test_manager_changes_the_store_details(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    _retype(qtbot, screen.store_name, "Grafton Street Flagship")
    _retype(qtbot, screen.store_phone, "+353 1 555 0100")

    with qtbot.waitSignal(screen.store_changed) as changed:
        assert screen.save_store()

    store = changed.args[0]
    assert isinstance(store, StoreInfo)
    assert store.name == "Grafton Street Flagship"
    assert current_store(database=database) == store


def test_wrong_time_zone_shows_at_its_field(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    screen.store_timezone.setCurrentText("Mars/Olympus")

    assert not screen.save_store()

    assert "Europe/Dublin" in screen.error_for("timezone")
    assert screen.store_timezone.currentText() == "Mars/Olympus"


def test_clerk_reads_the_manager_sections(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, CLERK, CLERK_PIN)

    assert screen.store_note.isVisible()
    assert screen.store_name.isReadOnly()
    assert not screen.printer_kinds["receipt"].isEnabled()
    assert not screen.token.isEnabled()
    assert screen.idle_minutes.isReadOnly()
    assert not screen._save_buttons["printers"].isVisible()
    assert screen.returns_address.isReadOnly()
    assert not screen.other_folder_button.isEnabled()
    assert screen._save_buttons["display"].isVisible()
    # The service refuses a clerk even if the form were changed.
    assert not screen.save_store()
    assert "Only a manager" in screen.message_for("store")


def test_clerk_save_everything_saves_the_display(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, CLERK, CLERK_PIN)
    screen.high_contrast.setChecked(True)
    screen.back_button.setFocus()

    with qtbot.waitSignal(screen.display_changed):
        _press_ctrl_s(qtbot)

    assert _file(database)["high_contrast"] is True


def test_esc_goes_back(qtbot: QtBot, database: StoreDatabase) -> None:
    screen = _screen(qtbot, database, CLERK, CLERK_PIN)
    screen.back_button.setFocus()

    with qtbot.waitSignal(screen.back_requested):
        qtbot.keyClick(screen.back_button, Qt.Key.Key_Escape)


def test_damaged_settings_file_is_told_on_the_screen(qtbot: QtBot, database: StoreDatabase) -> None:
    (database.path.parent / SETTINGS_FILENAME).write_text("{not json", encoding="utf-8")

    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)

    assert screen.file_problem.isVisible()
    assert "damaged" in screen.file_problem.text()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CONFIG_HOME moves it on Linux only")
def test_another_data_folder_applies_from_the_next_start(
    qtbot: QtBot, database: StoreDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("COUNTER_DATA_DIR", raising=False)
    assert data_folder_pointer() == tmp_path / "config-home" / APP_NAME / DATA_FOLDER_POINTER
    screen = _screen(qtbot, database, MANAGER, MANAGER_PIN)
    assert screen.data_folder_label.text() == str(database.path.parent)

    assert screen.use_data_folder(tmp_path / "elsewhere")

    assert data_folder_choice() == tmp_path / "elsewhere"
    assert "Nothing is moved" in screen.message_for("data_folder")
    assert str(tmp_path / "elsewhere") in screen.next_folder_label.text()
    assert screen.standard_folder_button.isVisibleTo(screen)

    assert not screen.use_data_folder(Path("relative"))
    assert "full path" in screen.error_for("data_folder")
    assert data_folder_choice() == tmp_path / "elsewhere"
