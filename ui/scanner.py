"""Telling a USB barcode scanner's typing from a person's, wherever the focus is.

A keyboard-wedge scanner is a keyboard that types a whole code in a few
milliseconds and presses Enter. Nobody types six characters and Enter each
under 30 ms apart (a very fast typist leaves 60 ms or more between keys), so
timing alone tells the two apart, without a driver or a setting per screen.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from counter_app.domain.scan_codes import classify_scan

DEFAULT_GAP_MS = 30
DEFAULT_MIN_LENGTH = 6

_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
# Keys a scanner presses around a character (Shift for capitals) that type nothing:
# they neither count nor break a burst.
_SILENT_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def key_event_seconds(event: QKeyEvent) -> float:
    """When the key was pressed, in seconds.

    The window system's timestamp is used where there is one: if the counter
    was busy for a moment, a person's queued keystrokes arrive together but
    keep the times they were typed at, so they are not taken for a scan.
    Synthetic events carry no timestamp and fall back to the monotonic clock.
    """
    stamp = event.timestamp()
    return stamp / 1000 if stamp else time.monotonic()


@dataclass
class _LineEditBefore:
    """A line edit as it was before a burst: text, cursor, selection, modified flag."""

    edit: QLineEdit
    text: str
    cursor: int
    selection_start: int
    selection_length: int
    modified: bool

    @classmethod
    def of(cls, edit: QLineEdit) -> "_LineEditBefore":
        return cls(
            edit,
            edit.text(),
            edit.cursorPosition(),
            edit.selectionStart(),
            edit.selectionLength(),
            edit.isModified(),
        )

    def restore(self, burst: str) -> None:
        """Put the field back as it was: whatever its validator let through is gone."""
        if not shiboken6.isValid(self.edit):
            return
        self.edit.setText(self.text)
        if self.selection_length > 0:
            end = self.selection_start + self.selection_length
            if self.cursor == self.selection_start:
                self.edit.setSelection(end, -self.selection_length)
            else:
                self.edit.setSelection(self.selection_start, self.selection_length)
        else:
            self.edit.setCursorPosition(self.cursor)
        self.edit.setModified(self.modified)


@dataclass
class _TextEditBefore:
    """A multi-line editor's cursor before a burst, and what its selection held."""

    edit: QPlainTextEdit | QTextEdit
    anchor: int
    position: int
    replaced: QTextDocumentFragment

    @classmethod
    def of(cls, edit: QPlainTextEdit | QTextEdit) -> "_TextEditBefore":
        cursor = edit.textCursor()
        return cls(edit, cursor.anchor(), cursor.position(), cursor.selection())

    def restore(self, burst: str) -> None:
        """Take out exactly the burst's characters, as one undo step, and put back the selection.

        A notes field can be long, so only the typed range is touched, and
        only if it holds exactly the burst (otherwise something else edited
        it and it is left alone).
        """
        if not shiboken6.isValid(self.edit):
            return
        cursor = self.edit.textCursor()
        start = min(self.anchor, self.position)
        end = cursor.position()
        if end - start != len(burst):
            return
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != burst:
            return
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        if not self.replaced.isEmpty():
            cursor.insertFragment(self.replaced)
        cursor.endEditBlock()
        cursor.setPosition(self.anchor)
        cursor.setPosition(self.position, cursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(cursor)


def _before(widget: QWidget) -> _LineEditBefore | _TextEditBefore | None:
    """What to put back in ``widget`` if the keys about to reach it turn out to be a scan."""
    edit: QLineEdit | None = None
    if isinstance(widget, QLineEdit):
        edit = widget
    elif isinstance(widget, QComboBox) and widget.isEditable():
        edit = widget.lineEdit()
    elif isinstance(widget, QAbstractSpinBox):
        edit = widget.findChild(QLineEdit)
    if edit is not None:
        return _LineEditBefore.of(edit)
    if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
        return _TextEditBefore.of(widget)
    return None


class ScannerListener(QObject):
    """An application-wide event filter that turns a scanner's burst of keys into one scan.

    Install it on the QApplication (``app.installEventFilter(listener)``) so
    it sees the keys to every window and dialog. It looks only at key presses
    to the focused widget (the same event propagated to a parent is not
    counted twice) and keeps a burst: printable characters typed less than
    ``gap_ms`` apart. When Enter or Return follows the last of at least
    ``min_length`` such characters, also within ``gap_ms``, the burst is a
    scan: the Enter is consumed, the focused field is put back as it was
    before the burst, and ``scanned`` is emitted with the classified code.

    Why let the characters through and take them back, rather than hold keys
    back and replay them: while the burst is undecided every key reaches its
    widget at once, exactly as without the listener, so a person typing can
    never lose, reorder or wait for a character, whatever happens to focus or
    timing. Only once a burst is certainly a scan is anything changed, and
    then only what the burst itself typed: a QLineEdit (also inside an
    editable combo box or a spin box) gets back its text, cursor, selection
    and modified flag; a QPlainTextEdit or QTextEdit loses exactly the
    burst's characters if they are still there. The cost is that the code
    shows in the field for the few milliseconds of the scan and the field's
    ``textEdited`` fires for it (``textChanged`` fires again on the restore);
    a field that acts on each keystroke should expect that.

    Not a scan, and left entirely alone: any key more than ``gap_ms`` after
    the previous one (it starts a new burst), fewer than ``min_length``
    characters, a burst without Enter, auto-repeated keys (a key held down),
    keys with Ctrl, Alt or Meta, editing keys (Backspace, arrows), and a
    focus change in the middle. A scan of a code the counter does not know
    is still a scan (the timing says so): it is emitted as an UNKNOWN scan,
    whose reason the screen can show.

    Screens decide where a scan goes: connect to ``scanned`` and look at
    ``scan.kind``. Turn the listener off with ``enabled = False`` (a screen
    where a scanner must act as a plain keyboard); that also drops any
    half-seen burst.

    Args:
        gap_ms: the longest gap between two keys of one scan, in milliseconds.
        min_length: the fewest characters before Enter that can be a scan.
        clock: the time of a key event in seconds; by default the window
            system's timestamp (see :func:`key_event_seconds`). Tests pass a
            fake clock.

    Signals:
        scanned(Scan): a scanner typed a code and Enter; the field it landed in is unchanged.
    """

    scanned = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        gap_ms: int = DEFAULT_GAP_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        clock: Callable[[QKeyEvent], float] = key_event_seconds,
    ) -> None:
        super().__init__(parent)
        if gap_ms <= 0:
            raise ValueError(f"gap_ms must be positive, got {gap_ms}")
        if min_length < 1:
            raise ValueError(f"min_length must be at least 1, got {min_length}")
        self.gap_seconds = gap_ms / 1000
        self.min_length = min_length
        self._clock = clock
        self._enabled = True
        self._characters: list[str] = []
        self._last_at: float | None = None
        self._target: QWidget | None = None
        self._before: _LineEditBefore | _TextEditBefore | None = None

    @property
    def enabled(self) -> bool:
        """Whether bursts are recognised; when off, every key passes untouched."""
        return self._enabled

    @enabled.setter
    def enabled(self, value: bool) -> None:
        self._enabled = value
        self._forget()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Watch key presses to the focused widget; consume only the Enter that ends a scan."""
        if not self._enabled or not isinstance(event, QKeyEvent):
            return False
        if event.type() not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(watched, QWidget) or not _receives_keys(watched):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # A shortcut bound to Enter must not fire on a scan's Enter: claim the key.
            if self._ends_scan(watched, event):
                event.accept()
                return True
            return False
        return self._key_pressed(watched, event)

    def _key_pressed(self, widget: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _SILENT_KEYS and not event.text():
            return False
        if key in _ENTER_KEYS:
            if not self._ends_scan(widget, event):
                self._forget()
                return False
            burst = "".join(self._characters)
            before = self._before
            self._forget()
            if before is not None:
                before.restore(burst)
            self.scanned.emit(classify_scan(burst))
            return True
        if not _types_a_character(event):
            self._forget()
            return False
        if not self._continues_burst(widget, event):
            self._forget()
            self._target = widget
            self._before = _before(widget)
        self._characters.append(event.text())
        self._last_at = self._clock(event)
        return False

    def _continues_burst(self, widget: QWidget, event: QKeyEvent) -> bool:
        """Whether this key follows the previous one, in the same widget, within the gap."""
        if self._last_at is None or widget is not self._target:
            return False
        gap = self._clock(event) - self._last_at
        # A negative gap means the clocks of two events disagree: not a burst.
        return 0 <= gap < self.gap_seconds

    def _ends_scan(self, widget: QWidget, event: QKeyEvent) -> bool:
        return (
            event.key() in _ENTER_KEYS
            and not event.isAutoRepeat()
            and len(self._characters) >= self.min_length
            and self._continues_burst(widget, event)
        )

    def _forget(self) -> None:
        self._characters = []
        self._last_at = None
        self._target = None
        self._before = None


def _receives_keys(widget: QWidget) -> bool:
    """The widget a key press is meant for, not a parent it propagates to when ignored."""
    focused = QApplication.focusWidget()
    if focused is not None:
        return widget is focused
    return widget.isWindow()


def _types_a_character(event: QKeyEvent) -> bool:
    """One printable character, typed (Shift allowed), not a command or a held-down key."""
    text = event.text()
    return (
        len(text) == 1
        and text.isprintable()
        and not event.isAutoRepeat()
        and not event.modifiers() & _COMMAND_MODIFIERS
    )
