"""One case in full: its facts, lines, notes and everything that happened to it."""

import uuid
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.documents.screen_barcode import code128_modules
from counter_app.domain.case_state import CaseStatus
from counter_app.domain.local_time import local_moment
from counter_app.services import cases
from counter_app.services.case_history import HistoryEntry, case_history
from counter_app.services.case_notes import notes_of_case
from counter_app.services.database import StoreDatabase
from counter_app.services.store_setup import StoreInfo
from ui.dialogs.document_preview import PREVIEW_KEYS, PRINT_KEYS, claims_key, key_of
from ui.widgets.styling import styled_label, vertical_scroll
from ui.widgets.todays_cases import case_status_label, case_type_label
from ui.wording import condition_words


def action_words(entry: HistoryEntry) -> str:
    """What happened, in the clerk's language (the event's own name if it is new)."""
    words = {
        "case.opened": QCoreApplication.translate("CaseDetail", "Case opened"),
        "return.completed": QCoreApplication.translate("CaseDetail", "Return completed"),
        "exchange.completed": QCoreApplication.translate("CaseDetail", "Exchange completed"),
        "complaint.resolved": QCoreApplication.translate("CaseDetail", "Complaint resolved"),
        "complaint.kept_open": QCoreApplication.translate("CaseDetail", "Complaint kept open"),
        "complaint.assigned": QCoreApplication.translate("CaseDetail", "Complaint assigned"),
        "case.status_changed": QCoreApplication.translate("CaseDetail", "Status changed"),
        "case.reopened": QCoreApplication.translate("CaseDetail", "Case reopened"),
        "case.note_added": QCoreApplication.translate("CaseDetail", "Note added"),
        "case.override_approved": QCoreApplication.translate("CaseDetail", "Manager approval"),
        "attachment.added": QCoreApplication.translate("CaseDetail", "Photo attached"),
        "voucher.issued": QCoreApplication.translate("CaseDetail", "Store credit issued"),
        "voucher.spent": QCoreApplication.translate("CaseDetail", "Store credit spent"),
        "stock.returned": QCoreApplication.translate("CaseDetail", "Stock returned"),
        "product.fault_flagged": QCoreApplication.translate(
            "CaseDetail", "Product flagged as possibly faulty"
        ),
        "walk_in.served": QCoreApplication.translate("CaseDetail", "Served from the queue"),
    }
    said = words.get(entry.action, entry.action)
    if entry.from_status is not None and entry.to_status is not None:
        said += f" ({case_status_label(entry.from_status)} → {case_status_label(entry.to_status)})"
    return said


SCREEN_PX_PER_MODULE = 3
SCREEN_BAR_HEIGHT = 72


def barcode_pixmap(modules: str) -> QPixmap:
    """Bars in whole pixels (3 per module) on white: sharp, and scannable off a screen."""
    pixmap = QPixmap(len(modules) * SCREEN_PX_PER_MODULE, SCREEN_BAR_HEIGHT)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    try:
        for index, module in enumerate(modules):
            if module == "1":
                painter.fillRect(
                    index * SCREEN_PX_PER_MODULE,
                    0,
                    SCREEN_PX_PER_MODULE,
                    SCREEN_BAR_HEIGHT,
                    Qt.GlobalColor.black,
                )
    finally:
        painter.end()
    return pixmap


class CaseDetailDialog(QDialog):
    """Read-only view of a case for the clerk at the counter; Esc or Close shuts it.

    Preview (F6) and Reprint (Ctrl+P) are asked of whoever opened it, which owns
    the preview and the print queue.

    Signals:
        reprint_requested(str): Reprint; carries the case number.
        preview_requested(str): Preview; carries the case number.
    """

    reprint_requested = Signal(str)
    preview_requested = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        store: StoreInfo,
        case_id: uuid.UUID,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CaseDetailDialog")
        view = cases.get_case(database=database, case_ref=case_id)
        notes = notes_of_case(database=database, case_ref=case_id)
        history = case_history(database=database, case_ref=case_id)

        def when(moment: datetime) -> str:
            return local_moment(moment, store.zone, store.locale)

        self.setWindowTitle(self.tr("Case {number}").format(number=view.number))
        self.resize(720, 620)
        self.number = styled_label(view.number, "title")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts = [
            f"{case_type_label(view.case_type)}  ·  {case_status_label(view.status)}",
            self.tr("Arrived {moment}").format(moment=when(view.arrived_at)),
        ]
        if view.resolved_at is not None:
            facts.append(self.tr("Resolved {moment}").format(moment=when(view.resolved_at)))
        if view.closed_at is not None and view.status is CaseStatus.CLOSED:
            facts.append(self.tr("Closed {moment}").format(moment=when(view.closed_at)))
        self.facts = styled_label("\n".join(facts), "subtitle", wrap=True)
        # The case number as bars too: the customer's phone or another counter scans it.
        self.barcode = QLabel()
        self.barcode.setPixmap(barcode_pixmap(code128_modules(view.number)))
        self.barcode.setAccessibleName(
            self.tr("Barcode of case {number}").format(number=view.number)
        )

        # A note's or an event's words erased with the customer's personal data.
        erased = self.tr("(erased with the customer's personal data)")
        sections: list[tuple[str, list[str]]] = []
        about = [view.summary] if view.summary else []
        if view.complaint_category:
            about.append(self.tr("Complaint: {category}").format(category=view.complaint_category))
        if view.complaint_description and view.complaint_description != view.summary:
            about.append(view.complaint_description)
        sections.append((self.tr("About"), about))
        sections.append(
            (
                self.tr("Items"),
                [
                    (self.tr("In") if line.direction == "in" else self.tr("Out"))
                    + f": {line.quantity} x {line.description}"
                    + (f" ({condition_words(line.condition)})" if line.condition else "")
                    + (f" — {line.reason}" if line.reason else "")
                    for line in view.lines
                ],
            )
        )
        sections.append(
            (
                self.tr("Notes"),
                [
                    f"{when(note.created_at)}  {note.author}:\n{note.body or erased}"
                    for note in notes
                ],
            )
        )
        sections.append(
            (
                self.tr("What happened"),
                [
                    f"{when(entry.occurred_at)}  {action_words(entry)}"
                    + (f" — {entry.who}" if entry.who else "")
                    + (f"\n{entry.text}" if entry.text else "")
                    + (f"\n{erased}" if entry.erased and not entry.text else "")
                    for entry in history
                ],
            )
        )

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 20, 24, 12)
        column.setSpacing(8)
        column.addWidget(self.number)
        column.addWidget(self.facts)
        column.addWidget(self.barcode)
        self.section_labels: dict[str, QLabel] = {}
        for heading, lines in sections:
            if not lines:
                continue
            column.addSpacing(8)
            column.addWidget(styled_label(heading, "section"))
            body = styled_label("\n\n".join(lines), "hint", wrap=True)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(body)
            self.section_labels[heading] = body
        column.addStretch(1)

        self.case_number = view.number
        self.preview_button = QPushButton(self.tr("Preview  (F6)"))
        self.reprint_button = QPushButton(self.tr("Reprint  (Ctrl+P)"))
        self.reprint_button.setToolTip(
            self.tr("Print the case's documents again; the case itself does not change.")
        )
        self.preview_button.clicked.connect(self.ask_preview)
        self.reprint_button.clicked.connect(self.ask_reprint)
        self.print_message = styled_label("", "hint", wrap=True)
        self.print_message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close  (Esc)"))
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 12, 0)
        row.setSpacing(8)
        row.addWidget(self.preview_button)
        row.addWidget(self.reprint_button)
        row.addWidget(self.print_message, 1)
        row.addWidget(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 12)
        outer.addWidget(vertical_scroll("CaseDetailScroll", content), 1)
        outer.addLayout(row)
        QWidget.setTabOrder(self.preview_button, self.reprint_button)
        QWidget.setTabOrder(self.reprint_button, close)
        close.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_reprint(self) -> None:
        """Reprint (Ctrl+P): the case's documents print again."""
        self.reprint_requested.emit(self.case_number)
        self.print_message.setText(self.tr("Printing again."))
        self.print_message.show()

    def ask_preview(self) -> None:
        """Preview (F6): the case's documents as they print."""
        self.preview_requested.emit(self.case_number)

    def event(self, event: QEvent) -> bool:
        """Esc, Ctrl+P and F6 are this dialog's, before the screen under it takes them."""
        if claims_key(event, (QKeySequence(Qt.Key.Key_Escape), PRINT_KEYS, PREVIEW_KEYS)):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Ctrl+P reprints, F6 previews; Esc closes (the dialog's own handling)."""
        keys = key_of(event)
        if keys == PRINT_KEYS:
            self.ask_reprint()
        elif keys == PREVIEW_KEYS:
            self.ask_preview()
        else:
            super().keyPressEvent(event)
