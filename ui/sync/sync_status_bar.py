"""Sync in the status bar: online or offline, the last sync, what waits, and "Sync now".

The words go in the status bar's own head-office label (so it shortens like
the others when the window is narrow); the two buttons sit beside it: "Sync
now" (also F9) and, while head office has refused events, their count, which
opens the list for a manager. Neither takes the focus: the status bar is no
stop on a screen's tab order, and both have another way in by keyboard (F9,
and the button in Settings).
"""

from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from counter_app.services.staff import SignedIn
from ui.sync.sync_runner import SyncView
from ui.widgets.status_bar import CounterStatusBar

SYNC_NOW_KEYS = "F9"
TARGET_HEIGHT = 44


class SyncStatusPlurals(QObject):
    """The status bar's words that change with a number.

    Methods of a class, because ``lupdate`` marks only ``self.tr(..., n)`` as
    plural; the words themselves belong to the functions below.
    """

    def minutes_ago(self, minutes: int) -> str:
        """Minutes since, as in "12 min ago"."""
        return self.tr("%n min ago", "", minutes)

    def waiting(self, count: int) -> str:
        """The status bar's count of changes waiting, as in "3 waiting"."""
        return self.tr("%n waiting", "", count)

    def waiting_note(self, count: int) -> str:
        """The tooltip's sentence about the changes waiting."""
        return self.tr("%n change(s) wait to be sent to head office.", "", count)

    def set_aside(self, count: int) -> str:
        """The button's count of set-aside changes, as in "2 set aside"."""
        return self.tr("%n set aside", "", count)

    def refused_note(self, count: int) -> str:
        """The button's tooltip: why they are set aside."""
        return self.tr("%n change(s) were refused by head office and are set aside.", "", count)


_PLURALS = SyncStatusPlurals()


def when_text(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """A past moment as a clerk says it: "just now", "12 min ago", "14:05", "yesterday 22:10".

    In the store's own time zone, whatever the PC's clock is set to; older than
    yesterday, the date alone.
    """
    age = (now - moment).total_seconds()
    if age < 60:
        return QCoreApplication.translate("SyncStatusControls", "just now")
    if age < 3600:
        return _PLURALS.minutes_ago(int(age // 60))
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    if local.date() == today - timedelta(days=1):
        return QCoreApplication.translate("SyncStatusControls", "yesterday {time}").format(
            time=local.strftime("%H:%M")
        )
    return local.strftime("%Y-%m-%d")


def sync_words(view: SyncView, *, now: datetime, zone: tzinfo) -> tuple[str, str]:
    """The status bar's text and its tooltip for ``view``."""
    status = view.status
    waiting = status.waiting if status is not None else 0
    parts: list[str] = []
    notes: list[str] = []
    if not view.configured:
        parts.append(QCoreApplication.translate("SyncStatusControls", "Head office: not set up"))
        notes.append(
            QCoreApplication.translate(
                "SyncStatusControls",
                "A manager enters head office's address and token in Settings. "
                "Everything is saved on this PC meanwhile.",
            )
        )
    elif view.syncing:
        parts.append(QCoreApplication.translate("SyncStatusControls", "Head office: syncing…"))
    elif status is None or status.online is None:
        parts.append(QCoreApplication.translate("SyncStatusControls", "Head office: connecting…"))
    elif status.online:
        parts.append(QCoreApplication.translate("SyncStatusControls", "Head office: online"))
    else:
        parts.append(QCoreApplication.translate("SyncStatusControls", "Head office: offline"))
    if status is not None:
        parts.append(_PLURALS.waiting(waiting))
    if view.configured and status is not None:
        if status.last_success_at is not None:
            last = when_text(status.last_success_at, now, zone)
            parts.append(
                QCoreApplication.translate("SyncStatusControls", "synced {when}").format(when=last)
            )
        elif status.online is not None:
            parts.append(QCoreApplication.translate("SyncStatusControls", "never synced"))
        if status.online is False and status.last_attempt_error:
            notes.append(status.last_attempt_error)
            notes.append(
                QCoreApplication.translate(
                    "SyncStatusControls",
                    "Nothing is lost: the changes wait here and are sent when it answers again.",
                )
            )
    if status is not None and waiting:
        notes.append(_PLURALS.waiting_note(waiting))
    if view.problem:
        notes.append(view.problem)
    text = " · ".join(parts)
    return text, "\n\n".join([text, *notes])


class SyncStatusControls(QWidget):
    """The "Sync now" button and the set-aside count, beside the status bar's head-office words.

    Signals:
        sync_now_requested: "Sync now" was clicked.
        set_aside_requested: the set-aside count was clicked (by a manager).
    """

    sync_now_requested = Signal()
    set_aside_requested = Signal()

    def __init__(self, bar: CounterStatusBar, zone: tzinfo) -> None:
        super().__init__(bar)
        self.setObjectName("SyncStatusControls")
        # The look's colours and borders stay; only the size is the bar's: its labels' font,
        # and a 44 px target that makes the bar no taller than it must be.
        self.setStyleSheet("QPushButton { font-size: 15px; padding: 7px 16px; min-height: 26px; }")
        self._bar = bar
        self._zone = zone
        self._manager = False
        self._view = SyncView(configured=False, status=None)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        self.sync_now_button = self._button("SyncNow")
        self.sync_now_button.clicked.connect(self.sync_now_requested)
        self.set_aside_button = self._button("SetAside")
        self.set_aside_button.clicked.connect(self.set_aside_requested)
        self.set_aside_button.setVisible(False)
        layout.addWidget(self.sync_now_button)
        layout.addWidget(self.set_aside_button)
        # Right of the head-office words, left of printing.
        bar.removeWidget(bar.printer_label)
        bar.addPermanentWidget(self)
        bar.addPermanentWidget(bar.printer_label)
        bar.printer_label.show()  # removeWidget hid it
        self.retranslate()

    def _button(self, name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setMinimumHeight(TARGET_HEIGHT)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def retranslate(self) -> None:
        """The buttons' words in the language in force."""
        self.sync_now_button.setText(
            QCoreApplication.translate("SyncStatusControls", "Sync now ({keys})").format(
                keys=SYNC_NOW_KEYS
            )
        )
        self.sync_now_button.setAccessibleName(
            QCoreApplication.translate("SyncStatusControls", "Sync now")
        )
        self.show_view(self._view)

    def set_person(self, person: SignedIn | None) -> None:
        """Only a manager opens the refused events; anyone sees how many there are."""
        self._manager = person is not None and person.is_manager
        self.show_view(self._view)

    def show_view(self, view: SyncView, now: datetime | None = None) -> None:
        """Show ``view`` in the bar's head-office label and on the buttons."""
        self._view = view
        text, tooltip = sync_words(view, now=now or datetime.now(UTC), zone=self._zone)
        self._bar.set_sync_text(text)
        self._bar.sync_label.setToolTip(tooltip)
        self.sync_now_button.setEnabled(view.configured and not view.syncing)
        if view.configured:
            self.sync_now_button.setToolTip(
                QCoreApplication.translate(
                    "SyncStatusControls",
                    "Send the waiting changes to head office and fetch its updates now ({keys}).",
                ).format(keys=SYNC_NOW_KEYS)
            )
        else:
            self.sync_now_button.setToolTip(
                QCoreApplication.translate(
                    "SyncStatusControls",
                    "Head office is not set up: a manager enters its address and token "
                    "in Settings.",
                )
            )
        count = view.status.set_aside if view.status is not None else 0
        self.set_aside_button.setVisible(count > 0)
        self.set_aside_button.setText(_PLURALS.set_aside(count))
        self.set_aside_button.setEnabled(self._manager)
        refused = _PLURALS.refused_note(count)
        if self._manager:
            self.set_aside_button.setToolTip(
                refused
                + " "
                + QCoreApplication.translate("SyncStatusControls", "Click to see them.")
            )
        else:
            self.set_aside_button.setToolTip(
                refused
                + " "
                + QCoreApplication.translate(
                    "SyncStatusControls", "A manager can see them; please tell a manager."
                )
            )
