"""A case's documents on screen before they are printed: receipt, return label, vouchers.

The PDF is the very one the printer gets (``printing.document_pdf``), drawn
by QtPdf. It is rendered on a worker: a long receipt takes longer than a
keystroke. Print (Ctrl+P) queues the case's documents to print again; Close
(Esc) shuts the dialog.
"""

import uuid
from functools import partial

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.services.database import StorageError, StoreDatabase
from counter_app.services.errors import InputError, ServiceError
from counter_app.services.printing import PrintableDocument, document_pdf, documents_of_case
from ui.widgets.styling import set_style_property, styled_label
from ui.workers import BackgroundTasks

PRINT_KEYS = QKeySequence("Ctrl+P")
PREVIEW_KEYS = QKeySequence("F6")
# How large a page is drawn: an 80 mm receipt about 340 px wide, readable at arm's length.
PAGE_ZOOM = 1.6
DOCUMENT_NAMES: dict[str, object] = {
    "receipt": QT_TRANSLATE_NOOP("DocumentPreviewDialog", "Receipt"),
    "return_label": QT_TRANSLATE_NOOP("DocumentPreviewDialog", "Return label"),
    "voucher": QT_TRANSLATE_NOOP("DocumentPreviewDialog", "Voucher {code}"),
}


def key_of(event: QKeyEvent) -> QKeySequence:
    """The key and its modifiers as a sequence, to compare with a shortcut."""
    return QKeySequence(event.keyCombination())


def claims_key(event: QEvent, keys: tuple[QKeySequence, ...]) -> bool:
    """Whether ``event`` asks to be a shortcut for one of ``keys``; it is then kept for a dialog.

    A dialog over a screen is one of its children: without this the screen's own
    Esc (back) or Ctrl+P (reprint) would fire under the dialog, or clash with its keys.
    """
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if key_of(event) in keys:
        event.accept()
        return True
    return False


class DocumentPreviewDialog(QDialog):
    """Shows one of a case's documents as it prints; a combo chooses which.

    Raises (on construction) what :func:`documents_of_case` raises for an unknown case.

    Signals:
        reprint_requested(str): Print; carries the case number.
    """

    reprint_requested = Signal(str)

    def __init__(
        self,
        *,
        database: StoreDatabase,
        case_ref: uuid.UUID | str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentPreviewDialog")
        self._database = database
        self.documents: list[PrintableDocument] = documents_of_case(
            database=database, case_ref=case_ref
        )
        self.case_number = self.documents[0].reference
        self.setWindowTitle(self.tr("Documents of case {number}").format(number=self.case_number))
        self.tasks = BackgroundTasks(self, threads=1)

        self.title = styled_label(self.case_number, "section")
        self.choice = QComboBox()
        self.choice.setMinimumHeight(44)
        self.choice.setAccessibleName(self.tr("Document to preview"))
        for item in self.documents:
            name = QCoreApplication.translate(
                "DocumentPreviewDialog", str(DOCUMENT_NAMES[item.document])
            )
            self.choice.addItem(name.format(code=item.reference), item)
        self.choice.setEnabled(len(self.documents) > 1)
        chooser = styled_label(self.tr("Document"), "fieldLabel")
        chooser.setBuddy(self.choice)

        self.pdf = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setObjectName("DocumentPreview")
        self.view.setAccessibleName(self.tr("Document preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(PAGE_ZOOM)
        self.view.setDocument(self.pdf)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.message = QLabel()
        self.message.setObjectName("LoginMessage")  # the stylesheet's message box
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.hide()

        self.print_button = QPushButton(self.tr("Print again  (Ctrl+P)"))
        self.print_button.setProperty("primary", "true")
        self.print_button.setToolTip(
            self.tr("Queue every document of this case to print again; nothing else changes.")
        )
        self.close_button = QPushButton(self.tr("Close  (Esc)"))

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(chooser)
        top.addWidget(self.choice)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(10)
        column.addLayout(top)
        column.addWidget(self.view, 1)
        column.addWidget(self.message)
        column.addLayout(buttons)

        QWidget.setTabOrder(self.choice, self.view)
        QWidget.setTabOrder(self.view, self.print_button)
        QWidget.setTabOrder(self.print_button, self.close_button)

        self.choice.currentIndexChanged.connect(self.show_document)
        self.print_button.clicked.connect(self.print_again)
        self.close_button.clicked.connect(self.reject)
        self._fit(parent)
        self.show_document()
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit(self, parent: QWidget | None) -> None:
        """As tall as the window under it allows: a receipt is long and narrow."""
        window = parent.window() if parent is not None else None
        height = min(720, window.height() - 40) if window is not None else 640
        self.resize(620, max(420, height))

    def shown_document(self) -> PrintableDocument | None:
        """The document chosen in the combo."""
        chosen = self.choice.currentData()
        return chosen if isinstance(chosen, PrintableDocument) else None

    def show_document(self) -> None:
        """Render the chosen document on a worker and show it."""
        chosen = self.shown_document()
        if chosen is None:
            return
        self._say("")
        self.tasks.start(
            partial(
                document_pdf,
                database=self._database,
                document=chosen.document,
                reference=chosen.reference,
            ),
            on_success=partial(self._rendered, chosen),
            on_failure=self._not_rendered,
        )

    def print_again(self) -> None:
        """Queue the case's documents to print again, and say so."""
        self.reprint_requested.emit(self.case_number)
        self._say(self.tr("Printing again: the status bar shows when it has printed."), tone="info")

    def _rendered(self, chosen: PrintableDocument, content: bytes) -> None:
        if chosen != self.shown_document():
            return  # the clerk chose another document meanwhile
        self.pdf.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(content))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        if self.pdf.pageCount() < 1:
            self._say(self.tr("This document could not be shown; it can still be printed."))

    def _not_rendered(self, problem: Exception) -> None:
        if isinstance(problem, InputError):
            self._say(" ".join(item.message for item in problem.problems))
        elif isinstance(problem, ServiceError | StorageError):
            self._say(str(problem))
        else:
            raise problem

    def _say(self, text: str, *, tone: str = "warning") -> None:
        self.message.setText(text)
        set_style_property(self.message, "tone", tone if text else "")
        self.message.setVisible(bool(text))

    def event(self, event: QEvent) -> bool:
        """Esc and Ctrl+P belong to this dialog, not to the screen under it."""
        if claims_key(event, (QKeySequence(Qt.Key.Key_Escape), PRINT_KEYS)):
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Ctrl+P prints again; Esc closes (the dialog's own handling)."""
        if key_of(event) == PRINT_KEYS:
            self.print_again()
            return
        super().keyPressEvent(event)
