"""The banner that offers back a case left unfinished: carry on with it, or start afresh."""

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from counter_app.domain.local_time import FALLBACK_LOCALE, local_clock, local_day
from ui.widgets.styling import styled_label


class DraftBanner(QFrame):
    """Shown above a case screen's form when a draft of it is waiting.

    Signals:
        restore_requested: the clerk chose to carry on with the draft.
        discard_requested: the clerk chose to start afresh.
    """

    restore_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DraftBanner")
        self.label = styled_label("", "hint", wrap=True)
        self.restore_button = QPushButton(self.tr("Carry on with it"))
        self.restore_button.clicked.connect(self.restore_requested.emit)
        self.discard_button = QPushButton(self.tr("Start afresh"))
        self.discard_button.clicked.connect(self.discard_requested.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(self.label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.setVisible(False)

    def offer(
        self, what: str, saved_at: datetime, zone: ZoneInfo, locale: str = FALLBACK_LOCALE
    ) -> None:
        """Say what was left unfinished and when, in the store's time and locale.

        ``what`` comes translated from the screen ("a complaint"), which knows its grammar.
        """
        when = saved_at.astimezone(zone)
        self.label.setText(
            self.tr(
                "You left {what} unfinished at {time} on {day}. Carry on with it, or start afresh?"
            ).format(
                what=what,
                time=local_clock(when, zone, locale),
                day=local_day(when.date(), locale),
            )
        )
        self.setVisible(True)
