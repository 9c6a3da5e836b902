"""The status bar every screen shares: where, who, and how the counter's links are."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from counter_app.services.staff import SignedIn
from counter_app.services.store_setup import StoreInfo
from ui.widgets.styling import set_style_property
from ui.wording import role_label

# The English words (tests compare with them); shown through QCoreApplication.translate.
NOBODY_SIGNED_IN = str(QT_TRANSLATE_NOOP("CounterStatusBar", "Nobody signed in"))
SYNC_NOT_CONNECTED = str(QT_TRANSLATE_NOOP("CounterStatusBar", "Head office: not connected"))
PRINTER_NOT_SET_UP = str(QT_TRANSLATE_NOOP("CounterStatusBar", "Printer: not set up"))


def _status_label(name: str, text: str, *, separated: bool, tooltip: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setProperty("separated", "true" if separated else "false")
    label.setToolTip(tooltip)
    return label


class CounterStatusBar(QStatusBar):
    """Always-visible facts: the store, the person signed in, head office and printer.

    A clerk glancing down must be able to tell which store's database this
    is and whose name their work goes under. Head office and printer are
    placeholders until sync and printing arrive; they say so plainly rather
    than pretending to be connected.

    Signals:
        Only QStatusBar's own.
    """

    def __init__(self, store: StoreInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.store_label = _status_label(
            "StatusStore", f"{store.code} · {store.name}", separated=False
        )
        self.person_label = _status_label(
            "StatusPerson",
            QCoreApplication.translate("CounterStatusBar", NOBODY_SIGNED_IN),
            separated=True,
        )
        self.sync_label = _status_label(
            "StatusSync",
            QCoreApplication.translate("CounterStatusBar", SYNC_NOT_CONNECTED),
            separated=True,
            tooltip=self.tr(
                "Sync with head office arrives in a later release. "
                "Everything is saved on this PC meanwhile."
            ),
        )
        self.printer_label = _status_label(
            "StatusPrinter",
            QCoreApplication.translate("CounterStatusBar", PRINTER_NOT_SET_UP),
            separated=True,
            tooltip=self.tr("Receipt and label printing arrive in a later release."),
        )
        self.addWidget(self.store_label)
        self.addWidget(self.person_label, 1)
        self.addPermanentWidget(self.sync_label)
        self.addPermanentWidget(self.printer_label)
        self.set_person(None)

    def show_store(self, store: StoreInfo) -> None:
        """Name the store anew after its details were changed in Settings."""
        self.store_label.setText(f"{store.code} · {store.name}")

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
        """Replace the head-office placeholder (the sync work fills this in)."""
        self.sync_label.setText(text)

    def set_printer_text(self, text: str) -> None:
        """Replace the printer placeholder (the printing work fills this in)."""
        self.printer_label.setText(text)
