"""The status bar every screen shares: where, who, and how the counter's links are."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.widgets.styling import set_style_property
from ui.wording import role_label

# The English words (tests compare with them); shown through QCoreApplication.translate.
NOBODY_SIGNED_IN = str(QT_TRANSLATE_NOOP("CounterStatusBar", "Nobody signed in"))
SYNC_NOT_CONNECTED = str(QT_TRANSLATE_NOOP("CounterStatusBar", "Head office: not connected"))
PRINTING_READY = str(QT_TRANSLATE_NOOP("CounterStatusBar", "Printing: ready"))
RETRY_PRINTING_KEYS = "Ctrl+Shift+R"
# The widest a printer error asks to be in the bar; the tooltip holds the whole sentence.
ERROR_WIDTH_PX = 300
# The narrowest a shortened label gets on a 1024 px window: still enough to recognise it.
STORE_FLOOR_PX = 120
SYNC_FLOOR_PX = 240
PRINTER_FLOOR_PX = 180


class ElidingLabel(QLabel):
    """A one-line label that ends in "…" when the bar is short of room, never clipped.

    The whole text is kept (:meth:`full_text`) and shown again as soon as there
    is room; the caller puts it in the tooltip when it matters. It answers a
    click but takes no focus: the status bar is no stop on a screen's tab order.

    Signals:
        clicked: the label was clicked with the left button.
    """

    clicked = Signal()

    def __init__(self, text: str, *, floor: int, widest: int | None = None) -> None:
        super().__init__(text)
        self._full = text
        self._floor = floor
        self._widest = widest

    def full_text(self) -> str:
        """The text before it was shortened."""
        return self._full

    def set_full_text(self, text: str) -> None:
        """Show ``text``, shortened to the room there is."""
        self._full = text
        super().setText(text)
        self._elide()
        self.updateGeometry()

    def _padding(self) -> int:
        return max(
            0, super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())
        )

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Room for the whole text (up to ``widest``)."""
        width = self._padding() + self.fontMetrics().horizontalAdvance(self._full)
        if self._widest is not None:
            width = min(width, self._widest)
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as ``floor``: the text is shortened rather than the window widened."""
        return QSize(min(self.sizeHint().width(), self._floor), super().minimumSizeHint().height())

    def event(self, event: QEvent) -> bool:
        """The stylesheet's padding arrives with polish: measure again then."""
        handled = super().event(event)
        if event.type() in (
            QEvent.Type.Polish,
            QEvent.Type.StyleChange,
            QEvent.Type.FontChange,
        ):
            self.updateGeometry()
            self._elide()
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Shorten or restore the text to the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.width() - self._padding()
        metrics = self.fontMetrics()
        # elidedText measures in fractions of a pixel: text that fits whole is never shortened.
        if metrics.horizontalAdvance(self._full) <= room:
            shown = self._full
        else:
            shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if shown != self.text():
            super().setText(shown)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        """A left click inside the label is a click."""
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def _dressed(label: QLabel, *, name: str, separated: bool, tooltip: str = "") -> QLabel:
    """A status-bar label in the bar's look: plain text, its object name, a separator or not."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setProperty("separated", "true" if separated else "false")
    label.setToolTip(tooltip)
    return label


def _eliding(
    name: str, text: str, *, separated: bool, floor: int, widest: int | None = None
) -> ElidingLabel:
    label = ElidingLabel(text, floor=floor, widest=widest)
    _dressed(label, name=name, separated=separated)
    return label


class CounterStatusBar(QStatusBar):
    """Always-visible facts: the store, the person signed in, head office and printer.

    A clerk glancing down must be able to tell which store's database this
    is and whose name their work goes under. Head office is a placeholder
    until sync arrives (it says so plainly, with how many changes wait to be
    sent); printing shows the print queue: ready, documents waiting, or the
    error that keeps them waiting. Clicking the printing label asks to try
    again now.

    Signals:
        retry_printing_requested: the printing label was clicked.
    """

    retry_printing_requested = Signal()

    def __init__(self, store: StoreInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.store_label = _eliding("StatusStore", "", separated=False, floor=STORE_FLOOR_PX)
        self.show_store(store)
        self.person_label = _dressed(
            QLabel(QCoreApplication.translate("CounterStatusBar", NOBODY_SIGNED_IN)),
            name="StatusPerson",
            separated=True,
        )
        self.sync_label = _eliding(
            "StatusSync",
            QCoreApplication.translate("CounterStatusBar", SYNC_NOT_CONNECTED),
            separated=True,
            floor=SYNC_FLOOR_PX,
        )
        self.printer_label = _eliding(
            "StatusPrinter",
            QCoreApplication.translate("CounterStatusBar", PRINTING_READY),
            separated=True,
            floor=PRINTER_FLOOR_PX,
            widest=ERROR_WIDTH_PX,
        )
        self.printer_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.printer_label.setAccessibleName(self.tr("Printing"))
        self.printer_label.clicked.connect(self.retry_printing_requested)
        self.show_printing(waiting=0, problem=None)
        self.addWidget(self.store_label)
        self.addWidget(self.person_label, 1)
        # Shown only while the automatic backup keeps failing: a manager must hear of it.
        # Short and never shortened: the other labels give way to it.
        self.backup_label = _dressed(QLabel(), name="StatusBackup", separated=True)
        self.backup_label.setAccessibleName(self.tr("Backup"))
        self.backup_label.hide()
        self.addPermanentWidget(self.backup_label)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.printer_label)
        self.set_person(None)

    def show_store(self, store: StoreInfo) -> None:
        """Name the store anew after its details were changed in Settings."""
        self.store_label.set_full_text(f"{store.code} · {store.name}")
        self.store_label.setToolTip(self.store_label.full_text())

    def set_person(self, person: SignedIn | None) -> None:
        """Show who is signed in, or that nobody is (the counter is locked)."""
        if person is None:
            self.person_label.setText(
                QCoreApplication.translate("CounterStatusBar", NOBODY_SIGNED_IN)
            )
        else:
            self.person_label.setText(f"{person.name} ({role_label(person.role)})")
        set_style_property(self.person_label, "signedIn", "false" if person is None else "true")

    def set_sync_text(self, text: str) -> None:
        """Show where sync with head office stands (filled in by the sync status)."""
        self.sync_label.set_full_text(text)

    def show_backup_problem(self, problem: str | None) -> None:
        """Warn that the automatic backup failed (the reason in the tooltip), or stop warning."""
        if not problem:
            self.backup_label.hide()
            self.backup_label.setToolTip("")
            return
        self.backup_label.setText(self.tr("Backup failed"))
        self.backup_label.setToolTip(
            problem
            + "\n\n"
            + self.tr(
                "Tell a manager. The counter keeps working and nothing saved is lost, but "
                "there is no fresh copy of the store's data. The backup is tried again at "
                "the next start and after the day close; IT can make one with "
                "'counter-app backup'."
            )
        )
        self.backup_label.setAccessibleDescription(self.backup_label.toolTip())
        self.backup_label.show()

    def show_printing(self, *, waiting: int, problem: str | None) -> None:
        """The print queue: ready, how many documents wait, or the error that holds them."""
        retry = self.tr("Click, or press {keys}, to try printing again now.").format(
            keys=RETRY_PRINTING_KEYS
        )
        if problem:
            text = self.tr("Printing: {problem}").format(problem=problem)
            tooltip = f"{problem}\n\n{retry}"
        elif waiting > 0:
            text = self.tr("Printing: %n waiting", "", waiting)
            tooltip = self.tr("%n document(s) wait to print.", "", waiting) + "\n\n" + retry
        else:
            text = QCoreApplication.translate("CounterStatusBar", PRINTING_READY)
            tooltip = self.tr("Every document has printed.") + "\n\n" + retry
        self.printer_label.set_full_text(text)
        self.printer_label.setToolTip(tooltip)
        set_style_property(self.printer_label, "failing", "true" if problem else "false")
