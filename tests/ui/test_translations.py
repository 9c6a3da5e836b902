"""Every word on screen goes through Qt's translation, and the German translation is complete.

Three checks that need no person to read German:

* no widget in ``ui/`` is given a literal English string (the words must pass
  through ``self.tr``, ``QCoreApplication.translate`` or ``QT_TRANSLATE_NOOP``);
* ``pyside6-lupdate`` run over today's code finds nothing new or unfinished in
  ``counter_de.ts``, and every translation keeps its placeholders;
* the shipped ``.qm`` files are what ``pyside6-lrelease`` makes of the ``.ts``.

Then the desktop itself is switched to German and back.
"""

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from assets import asset_path
from counter_app.services.counter_settings import save_display_settings
from counter_app.services.database import StoreDatabase
from counter_app.services.staff import list_staff, sign_in
from ui.main_window import MainWindow
from ui.screens.settings_screen import SettingsScreen

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
TRANSLATIONS = asset_path("translations")
LANGUAGES = ("de", "en")
BIN = Path(sys.executable).parent

# Calls that put words on screen, and which positional argument holds the words.
TEXT_CALLS = {
    "QPushButton": 0,
    "QLabel": 0,
    "QCheckBox": 0,
    "QRadioButton": 0,
    "QGroupBox": 0,
    "QAction": 0,
    "styled_label": 0,
    "setText": 0,
    "setToolTip": 0,
    "setPlaceholderText": 0,
    "setWindowTitle": 0,
    "setAccessibleName": 0,
    "setAccessibleDescription": 0,
    "setStatusTip": 0,
    "setTitle": 0,
    "addItem": 0,
    "addRow": 0,
    "setSpecialValueText": 0,
    "setSuffix": 0,
    "setPrefix": 0,
    "show_message": 1,
    "_say": 0,
    "_say_in": 1,
    "_status_label": 1,
    "information": 1,
    "warning": 1,
    "critical": 1,
    "question": 1,
}
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_PLACEHOLDERS = re.compile(r"\{[a-z_]+\}|%n|%L?[0-9]")


def _ui_sources() -> list[Path]:
    return sorted(path for path in UI.rglob("*.py") if "__pycache__" not in path.parts)


def _called_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _literal_words(node: ast.AST) -> bool:
    """A string literal or an f-string with words in its fixed text."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_words(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) or _literal_words(node.right)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_literal_words(element) for element in node.elts)
    return False


def _untranslated(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name in ("tr", "translate") and any(
            isinstance(argument, ast.JoinedStr) for argument in node.args
        ):
            yield f"{path.relative_to(ROOT)}:{node.lineno}: an f-string inside {name}()"
        position = TEXT_CALLS.get(name)
        if name == "setHorizontalHeaderLabels":
            position = 0
        if position is None or len(node.args) <= position:
            continue
        if _literal_words(node.args[position]):
            yield f"{path.relative_to(ROOT)}:{node.lineno}: {name}() given English words"


def test_no_widget_is_given_literal_english_words() -> None:
    problems = [problem for path in _ui_sources() for problem in _untranslated(path)]
    assert problems == []


def test_the_checker_catches_a_literal_and_passes_a_translated_call(tmp_path: Path) -> None:
    sample = UI / "_translation_check_sample.py"
    sample.write_text(
        "button = QPushButton('Save')\n"
        "label.setText(f'Saved {name}')\n"
        "fine = QPushButton(self.tr('Save'))\n"
        "also_fine = label.setText(QCoreApplication.translate('Home', 'Hello'))\n"
        "wrong = self.tr(f'Hello {name}')\n",
        encoding="utf-8",
    )
    try:
        problems = list(_untranslated(sample))
    finally:
        sample.unlink()
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "QPushButton() given English words",
        "setText() given English words",
        "an f-string inside tr()",
    ]


# --------------------------------------------------------------------------- .ts and .qm


def _messages(ts_file: Path) -> list[ET.Element]:
    return list(ET.parse(ts_file).getroot().iter("message"))  # noqa: S314 (our own file)


def _forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return forms or [translation.text or ""]


@pytest.fixture(scope="module")
def refreshed_ts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """counter_de.ts as lupdate leaves it after reading today's code."""
    folder = tmp_path_factory.mktemp("ts")
    copy = folder / "counter_de.ts"
    shutil.copy(TRANSLATIONS / "counter_de.ts", copy)
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *map(str, _ui_sources()), "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    return copy


def test_the_german_translation_covers_every_word_of_todays_code(refreshed_ts: Path) -> None:
    unfinished = [
        (message.findtext("source"), message.find("translation").get("type"))  # type: ignore[union-attr]
        for message in _messages(refreshed_ts)
        if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
    ]
    assert unfinished == []
    assert len(_messages(refreshed_ts)) > 100


def test_every_count_in_the_words_is_said_in_the_plural_forms(refreshed_ts: Path) -> None:
    """A "%n" the extractor did not mark plural would show "1 changes wait" (or no German).

    PySide's lupdate marks only ``self.tr(text, "", n)`` as plural, so words with a
    count live in methods of small classes (``SyncStatusPlurals``, ``HomePlurals``).
    """
    singular = [
        message.findtext("source")
        for message in _messages(refreshed_ts)
        if "%n" in (message.findtext("source") or "") and message.get("numerus") != "yes"
    ]
    assert singular == []
    assert sum(message.get("numerus") == "yes" for message in _messages(refreshed_ts)) >= 8


def test_every_translation_keeps_its_placeholders() -> None:
    for message in _messages(TRANSLATIONS / "counter_de.ts"):
        source = message.findtext("source") or ""
        wanted = sorted(_PLACEHOLDERS.findall(source))
        for form in _forms(message):
            assert sorted(_PLACEHOLDERS.findall(form)) == wanted, (source, form)
            assert form.strip(), source


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_qm_is_the_compiled_ts(language: str, tmp_path: Path) -> None:
    compiled = tmp_path / f"counter_{language}.qm"
    subprocess.run(
        [
            str(BIN / "pyside6-lrelease"),
            str(TRANSLATIONS / f"counter_{language}.ts"),
            "-qm",
            str(compiled),
        ],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == (TRANSLATIONS / f"counter_{language}.qm").read_bytes()


# --------------------------------------------------------------------------- on screen


def _texts(window: MainWindow) -> set[str]:
    widgets = [*window.findChildren(QLabel), *window.findChildren(QPushButton)]
    return {widget.text() for widget in widgets if widget.isVisible()}


def _choose_german_for_this_pc(database: StoreDatabase) -> None:
    manager_id = next(m.id for m in list_staff(database=database) if m.name == "Maeve Byrne")
    manager = sign_in(database=database, staff_id=manager_id, pin="2468")
    save_display_settings(database=database, staff=manager, language="de", high_contrast=False)


def test_english_says_plurals_in_full(qtbot: QtBot, make_window, sign_in_as) -> None:
    window = make_window()
    sign_in_as(window, "Sam Okafor", "1357")
    hint = window.home_screen._ui.lock_hint.text()
    assert "after 5 minutes without use" in hint


def test_a_counter_set_to_german_starts_in_german(
    qtbot: QtBot, make_window, sign_in_as, database: StoreDatabase
) -> None:
    _choose_german_for_this_pc(database)
    window = make_window()
    assert window.languages.language == "de"
    sign_in_as(window, "Sam Okafor", "1357")
    texts = _texts(window)
    assert "Willkommen, Sam Okafor" in texts
    assert "Sperren  (Strg+L)" in texts
    assert "nach 5 Minuten ohne Benutzung" in window.home_screen._ui.lock_hint.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.return_screen is not None
    assert "Zurück  (Esc)" in _texts(window)
    assert QApplication.translate("HomeScreen", "New return") == "Neue Rückgabe"
    # The services' words follow: an unknown receipt is refused in German.
    window.return_screen.use_receipt("R-20260101-9999")
    assert "Kein Kassenbon R-20260101-9999" in window.return_screen.message.text()


def test_switching_language_in_settings_shows_every_screen_anew(
    qtbot: QtBot, make_window, sign_in_as
) -> None:
    window = make_window()
    sign_in_as(window, "Sam Okafor", "1357")
    window.open_settings()
    screen = window.case_screen
    assert isinstance(screen, SettingsScreen)
    screen.language.setCurrentIndex(screen.language.findData("de"))
    assert screen.save_display()
    assert window.person is not None  # still signed in
    german = window.case_screen
    assert isinstance(german, SettingsScreen)  # shown again, now in German
    assert german is not screen
    window.go_home()
    assert "Willkommen, Sam Okafor" in _texts(window)
    assert window.home_screen.queue.call_button.text() == "Nächsten aufrufen  (F5)"

    window.open_settings()
    back = window.case_screen
    assert isinstance(back, SettingsScreen)
    back.language.setCurrentIndex(back.language.findData("en"))
    assert back.save_display()
    window.go_home()
    assert "Welcome, Sam Okafor" in _texts(window)
