"""The exchange screen in German: the words it inherits from the return screen are German too.

ExchangeScreen extends ReturnScreen, and ``self.tr`` looks words up under the
runtime class's name. The return screen therefore names its own context
("ReturnScreen") for everything it shows, so an exchange finds those words
where the translation keeps them. The translation here holds the inherited
words only under "ReturnScreen", as ``pyside6-lupdate`` writes them, so a
lookup under "ExchangeScreen" would leave them English.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot
from test_return_screen import CLERK, CLERK_PIN, _person

from counter_app.services.database import StoreDatabase
from counter_app.services.store_setup import current_store
from ui.screens.exchange_screen import ExchangeScreen
from ui.screens.return_screen import ReturnScreen

BIN = Path(sys.executable).parent

GERMAN = {
    "ReturnScreen": {
        "Back  (Esc)": "Zurück  (Esc)",
        "No receipt": "Ohne Kassenbon",
        "Receipt": "Kassenbon",
        "Item": "Artikel",
        "Condition": "Zustand",
        "Refund to": "Erstattung an",
        "As paid": "Wie bezahlt",
        "Customer (optional with a receipt)": "Kunde (mit Kassenbon freiwillig)",
        "New return": "Neue Rückgabe",
        "Complete return  (Ctrl+Enter)": "Rückgabe abschließen  (Strg+Enter)",
    },
    "ExchangeScreen": {
        "New exchange": "Neuer Umtausch",
        "Complete exchange  (Ctrl+Enter)": "Umtausch abschließen  (Strg+Enter)",
        "Items going out": "Ausgegebene Artikel",
        "New item": "Neuer Artikel",
    },
}


def _ts(words: dict[str, dict[str, str]]) -> str:
    contexts = "".join(
        f"<context><name>{context}</name>"
        + "".join(
            f"<message><source>{escape(source)}</source>"
            f"<translation>{escape(german)}</translation></message>"
            for source, german in messages.items()
        )
        + "</context>"
        for context, messages in words.items()
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        f'<TS version="2.1" language="de_DE">{contexts}</TS>\n'
    )


@pytest.fixture
def german(tmp_path: Path) -> Iterator[None]:
    """German words for the two screens, installed for one test and taken out after."""
    source = tmp_path / "screens_de.ts"
    source.write_text(_ts(GERMAN), encoding="utf-8")
    compiled = tmp_path / "screens_de.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(source), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(str(compiled))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def _make(qtbot: QtBot, database: StoreDatabase, kind: type[ReturnScreen]) -> ReturnScreen:
    store = current_store(database=database)
    assert store is not None
    made = kind(database=database, store=store, staff=_person(database, CLERK, CLERK_PIN))
    qtbot.addWidget(made)
    return made


def _headers(table: QTableWidget) -> list[str]:
    items = [table.horizontalHeaderItem(column) for column in range(table.columnCount())]
    return [item.text() if item is not None else "" for item in items]


def test_the_exchange_screen_shows_the_return_screens_words_in_german(
    qtbot: QtBot, database: StoreDatabase, german: None
) -> None:
    screen = _make(qtbot, database, ExchangeScreen)
    assert isinstance(screen, ExchangeScreen)
    # Inherited from the return screen, found under "ReturnScreen":
    assert screen.back_button.text() == "Zurück  (Esc)"
    assert screen.no_receipt_box.text() == "Ohne Kassenbon"
    assert screen.tender_box.itemText(0) == "Wie bezahlt"
    assert _headers(screen.table)[0] == "Artikel"
    assert "Zustand" in _headers(screen.table)
    # Its own words, where a return would say "New return":
    assert screen.title.text() == "Neuer Umtausch"
    assert screen.complete_button.text() == "Umtausch abschließen  (Strg+Enter)"
    assert _headers(screen.out_table)[0] == "Neuer Artikel"


def test_the_return_screen_keeps_its_own_title_in_german(
    qtbot: QtBot, database: StoreDatabase, german: None
) -> None:
    screen = _make(qtbot, database, ReturnScreen)
    assert screen.title.text() == "Neue Rückgabe"
    assert screen.complete_button.text() == "Rückgabe abschließen  (Strg+Enter)"
    assert screen.back_button.text() == "Zurück  (Esc)"
