"""The PIN field: digits only, hidden as typed, and arrow keys that choose the person."""

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from counter_app.domain.staff import PIN_MAX_DIGITS


class PinField(QLineEdit):
    """A password-style line edit that accepts up to eight digits.

    The sign-in screen keeps the focus here the whole time, so a clerk can
    pick their name with the arrow keys and type the PIN without touching
    the mouse. Up and Down are not useful inside a one-line field anyway, so
    they are turned into a request to move in the staff list.

    Signals:
        step_requested(int): -1 for Up, +1 for Down; the staff list should move.
    """

    step_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinField")
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(PIN_MAX_DIGITS)
        self.setValidator(
            QRegularExpressionValidator(QRegularExpression(rf"[0-9]{{0,{PIN_MAX_DIGITS}}}"), self)
        )
        # No input method: a PIN is ASCII digits, and an IME pop-up would show what is typed.
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setPlaceholderText(self.tr("4 to 8 digits"))
        self.setAccessibleName(self.tr("PIN"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Turn Up and Down into staff-list moves; everything else is ordinary typing."""
        if event.key() == Qt.Key.Key_Up:
            self.step_requested.emit(-1)
            event.accept()
        elif event.key() == Qt.Key.Key_Down:
            self.step_requested.emit(1)
            event.accept()
        else:
            super().keyPressEvent(event)
