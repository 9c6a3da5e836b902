"""The scanner listener, driven by key events as a wedge scanner and a person send them.

Keys are sent as real QKeyEvents through QApplication (so the application
event filter sees them as it would a keyboard's), with a fake clock that the
test advances between keys: 5 ms per key is a scanner, 120 ms a person.
"""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.scan_codes import CHECK_DIGIT_WRONG, ScanKind
from ui.scanner import ScannerListener

pytestmark = pytest.mark.gui

SCANNER_MS = 5
PERSON_MS = 120
RECEIPT = "R-20261120-0001"


class FakeClock:
    """Key times the test decides: each key event is stamped with ``now``."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self, event: QKeyEvent) -> float:
        return self.now

    def advance(self, milliseconds: float) -> None:
        self.now += milliseconds / 1000


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def listener(qapp: QApplication, clock: FakeClock) -> Iterator[ScannerListener]:
    installed = ScannerListener(clock=clock)
    qapp.installEventFilter(installed)
    yield installed
    qapp.removeEventFilter(installed)


class Form(QWidget):
    """A window with a line edit, a digits-only field and a notes box."""

    def __init__(self) -> None:
        super().__init__()
        self.line_edit = QLineEdit()
        self.digits = QLineEdit()
        self.digits.setValidator(
            QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}"), self.digits)
        )
        self.notes = QPlainTextEdit()
        layout = QVBoxLayout(self)
        for widget in (self.line_edit, self.digits, self.notes):
            layout.addWidget(widget)


@pytest.fixture
def form(qtbot) -> Form:
    shown = Form()
    qtbot.addWidget(shown)
    shown.resize(400, 300)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    focus(qtbot, shown.line_edit)
    return shown


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def send_key(
    key: Qt.Key,
    text: str = "",
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    *,
    auto_repeat: bool = False,
) -> None:
    """Press and release one key on the focused widget, through the application."""
    receiver = QApplication.focusWidget()
    assert receiver is not None
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(receiver, QKeyEvent(kind, key, modifiers, text, auto_repeat))


def type_character(character: str) -> None:
    # Qt's key codes are Latin-1 capitals: Key_A is "A", Key_Udiaeresis "Ü", Key_Minus "-".
    shift = character.isupper()
    capital = character.upper()
    if shift:
        send_key(Qt.Key.Key_Shift, "", Qt.KeyboardModifier.ShiftModifier)
    send_key(
        Qt.Key(ord(capital if len(capital) == 1 else character)),  # "ß" is Key_ssharp
        character,
        Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier,
    )


def type_text(clock: FakeClock, text: str, *, every_ms: float, enter: bool = True) -> None:
    for character in text:
        clock.advance(every_ms)
        type_character(character)
    if enter:
        clock.advance(every_ms)
        send_key(Qt.Key.Key_Return, "\r")


def scan(clock: FakeClock, code: str, *, enter: bool = True) -> None:
    clock.advance(2000)  # a scan starts well after whatever came before
    type_text(clock, code, every_ms=SCANNER_MS, enter=enter)


def test_a_scanner_burst_is_one_scan_and_leaves_the_field_as_it_was(qtbot, listener, clock, form):
    with (
        qtbot.assertNotEmitted(form.line_edit.returnPressed),
        qtbot.waitSignal(listener.scanned) as emitted,
    ):
        scan(clock, RECEIPT)

    assert emitted.args[0].kind is ScanKind.RECEIPT
    assert emitted.args[0].code == RECEIPT
    assert form.line_edit.text() == ""
    assert not form.line_edit.isModified()


def test_exactly_one_scan_per_burst(qtbot, listener, clock, form):
    seen = []
    listener.scanned.connect(seen.append)

    scan(clock, "s012-20261123-0042")
    scan(clock, "4006381333931")

    assert [(s.kind, s.code) for s in seen] == [
        (ScanKind.CASE, "S012-20261123-0042"),
        (ScanKind.PRODUCT, "4006381333931"),
    ]
    assert form.line_edit.text() == ""


def test_a_person_typing_is_never_a_scan_and_keeps_every_character(qtbot, listener, clock, form):
    with (
        qtbot.assertNotEmitted(listener.scanned),
        qtbot.waitSignal(form.line_edit.returnPressed),
    ):
        type_text(clock, RECEIPT, every_ms=PERSON_MS)

    assert form.line_edit.text() == RECEIPT


def test_a_burst_without_enter_is_not_a_scan(qtbot, listener, clock, form):
    with qtbot.assertNotEmitted(listener.scanned):
        scan(clock, RECEIPT, enter=False)
        clock.advance(PERSON_MS)
        send_key(Qt.Key.Key_Return, "\r")

    assert form.line_edit.text() == RECEIPT


def test_what_a_person_typed_before_a_scan_stays(qtbot, listener, clock, form):
    type_text(clock, "ab", every_ms=PERSON_MS, enter=False)

    with qtbot.waitSignal(listener.scanned) as emitted:
        scan(clock, RECEIPT)

    assert emitted.args[0].kind is ScanKind.RECEIPT
    assert form.line_edit.text() == "ab"
    assert form.line_edit.cursorPosition() == 2


def test_person_typing_non_ascii_is_untouched(qtbot, listener, clock, form):
    with qtbot.assertNotEmitted(listener.scanned):
        type_text(clock, "Grüße ü", every_ms=PERSON_MS)

    assert form.line_edit.text() == "Grüße ü"


def test_a_scan_into_a_selection_gives_the_selection_back(qtbot, listener, clock, form):
    form.line_edit.setText("hello world")
    form.line_edit.setSelection(6, 5)

    with qtbot.waitSignal(listener.scanned):
        scan(clock, RECEIPT)

    assert form.line_edit.text() == "hello world"
    assert form.line_edit.selectedText() == "world"


def test_a_scan_into_a_digits_only_field_takes_back_the_digits_it_let_through(
    qtbot, listener, clock, form
):
    focus(qtbot, form.digits)
    type_text(clock, "12", every_ms=PERSON_MS, enter=False)

    with qtbot.waitSignal(listener.scanned) as emitted:
        scan(clock, RECEIPT)

    assert emitted.args[0].kind is ScanKind.RECEIPT
    assert form.digits.text() == "12"


def test_a_scan_into_the_notes_box_leaves_the_notes_alone(qtbot, listener, clock, form):
    focus(qtbot, form.notes)
    type_text(clock, "Torn seam", every_ms=PERSON_MS, enter=False)

    with qtbot.waitSignal(listener.scanned) as emitted:
        scan(clock, "96385074")

    assert emitted.args[0].kind is ScanKind.PRODUCT
    assert form.notes.toPlainText() == "Torn seam"
    assert form.notes.textCursor().position() == len("Torn seam")


def test_a_code_with_a_wrong_check_digit_is_still_a_scan_and_says_scan_again(
    qtbot, listener, clock, form
):
    with qtbot.waitSignal(listener.scanned) as emitted:
        scan(clock, "4006381333932")

    assert emitted.args[0].kind is ScanKind.UNKNOWN
    assert emitted.args[0].reason == CHECK_DIGIT_WRONG
    assert form.line_edit.text() == ""


def test_a_slow_enter_after_a_fast_burst_is_a_persons_enter(qtbot, listener, clock, form):
    scan(clock, RECEIPT, enter=False)
    clock.advance(PERSON_MS)

    with (
        qtbot.assertNotEmitted(listener.scanned),
        qtbot.waitSignal(form.line_edit.returnPressed),
    ):
        send_key(Qt.Key.Key_Return, "\r")

    assert form.line_edit.text() == RECEIPT


def test_fewer_characters_than_the_minimum_are_not_a_scan(qtbot, listener, clock, form):
    with qtbot.assertNotEmitted(listener.scanned):
        scan(clock, "12345")

    assert form.line_edit.text() == "12345"


def test_one_slow_key_inside_a_burst_makes_it_typing(qtbot, listener, clock, form):
    with qtbot.assertNotEmitted(listener.scanned):
        type_text(clock, "R-20", every_ms=SCANNER_MS, enter=False)
        type_text(clock, "2", every_ms=PERSON_MS, enter=False)
        type_text(clock, "6", every_ms=SCANNER_MS)

    assert form.line_edit.text() == "R-2026"


def test_a_scanner_that_stalls_mid_code_asks_to_scan_again(qtbot, listener, clock, form):
    with qtbot.waitSignal(listener.scanned) as emitted:
        type_text(clock, "R-2026", every_ms=SCANNER_MS, enter=False)
        clock.advance(PERSON_MS)
        type_text(clock, "1120-0001", every_ms=SCANNER_MS)

    # Only the run after the stall is taken back: the clerk sees the start and a request.
    assert emitted.args[0].kind is ScanKind.UNKNOWN
    assert emitted.args[0].raw == "1120-0001"
    assert form.line_edit.text() == "R-2026"


def test_a_held_down_key_is_not_a_scan(qtbot, listener, clock, form):
    with qtbot.assertNotEmitted(listener.scanned):
        clock.advance(PERSON_MS)
        type_character("1")
        for _ in range(8):
            clock.advance(SCANNER_MS)
            send_key(Qt.Key.Key_1, "1", auto_repeat=True)
        clock.advance(SCANNER_MS)
        send_key(Qt.Key.Key_Return, "\r")

    assert form.line_edit.text() == "111111111"


def test_a_focus_change_in_the_middle_is_not_a_scan(qtbot, listener, clock, form):
    with qtbot.assertNotEmitted(listener.scanned):
        type_text(clock, "R-2026", every_ms=SCANNER_MS, enter=False)
        focus(qtbot, form.notes)
        type_text(clock, "1120", every_ms=SCANNER_MS)

    assert form.line_edit.text() == "R-2026"
    assert form.notes.toPlainText() == "1120\n"


def test_when_disabled_every_key_reaches_the_field(qtbot, listener, clock, form):
    listener.enabled = False

    with (
        qtbot.assertNotEmitted(listener.scanned),
        qtbot.waitSignal(form.line_edit.returnPressed),
    ):
        scan(clock, RECEIPT)

    assert form.line_edit.text() == RECEIPT
    listener.enabled = True
    form.line_edit.clear()
    with qtbot.waitSignal(listener.scanned):
        scan(clock, RECEIPT)
    assert form.line_edit.text() == ""


def test_a_scans_enter_does_not_fire_an_enter_shortcut(qtbot, listener, clock, form):
    """Through QTest, which sends ShortcutOverride first as a real keyboard does."""
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), form)
    # All keys at one instant: as fast as a scanner can be.
    with (
        qtbot.assertNotEmitted(shortcut.activated),
        qtbot.waitSignal(listener.scanned) as emitted,
    ):
        qtbot.keyClicks(form.line_edit, "STAFF-00042")
        qtbot.keyClick(form.line_edit, Qt.Key.Key_Return)

    assert emitted.args[0].kind is ScanKind.STAFF_BADGE
    assert form.line_edit.text() == ""


def test_settings_are_checked():
    with pytest.raises(ValueError, match="gap_ms"):
        ScannerListener(gap_ms=0)
    with pytest.raises(ValueError, match="min_length"):
        ScannerListener(min_length=0)


def test_a_scan_while_a_button_has_the_focus_is_read_once(qtbot, listener, clock, form):
    # A button ignores letters, so Qt passes each key on to its parents: count it once.
    button = QPushButton("Find", form)
    button.show()
    focus(qtbot, button)

    with qtbot.assertNotEmitted(button.clicked), qtbot.waitSignal(listener.scanned) as emitted:
        scan(clock, RECEIPT)

    assert emitted.args[0].code == RECEIPT


def send_stamped(text: str, *, first_ms: int, every_ms: int) -> None:
    """Keys carrying the window system's timestamps, delivered back to back (a busy counter)."""
    receiver = QApplication.focusWidget()
    assert receiver is not None
    stamp = first_ms
    for character in [*text, "\r"]:
        key = Qt.Key.Key_Return if character == "\r" else Qt.Key(ord(character.upper()))
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, character)
        event.setTimestamp(stamp)
        QApplication.sendEvent(receiver, event)
        stamp += every_ms


def test_default_clock_reads_the_window_systems_timestamps(qtbot, qapp, form):
    listener = ScannerListener()
    qapp.installEventFilter(listener)
    try:
        # A person's keys queued while the counter was busy arrive together, but keep their times.
        with qtbot.assertNotEmitted(listener.scanned):
            send_stamped("4006381333931", first_ms=10_000, every_ms=PERSON_MS)
        assert form.line_edit.text() == "4006381333931"

        form.line_edit.clear()
        with qtbot.waitSignal(listener.scanned) as emitted:
            send_stamped("4006381333931", first_ms=20_000, every_ms=SCANNER_MS)
        assert emitted.args[0].kind is ScanKind.PRODUCT
        assert form.line_edit.text() == ""
    finally:
        qapp.removeEventFilter(listener)
