"""What every printer of the counter shares: the job it is handed, where it goes, how it fails.

A printer here is anything that takes a rendered document away from the
counter: an ESC/POS thermal printer, a folder of PDFs, or the operating
system's print queue (plugged in from ``ui``, because it needs Qt). Each one
answers :class:`DocumentPrinter`; the print queue
(``counter_app.services.printing``) picks one per document from this
counter's settings and never lets a failure reach the clerk as anything but
words in the status bar.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from counter_app.documents.content import LabelData, ReceiptData, VoucherData, ZReportData
from counter_app.i18n import say, say_later

DocumentKind = Literal["receipt", "return_label", "voucher", "z_report"]
PrinterKind = Literal["system", "escpos", "pdf_folder"]

# How a document is named in a sentence for the clerk.
DOCUMENT_WORDS: dict[str, str] = {
    "receipt": say_later("receipt"),
    "return_label": say_later("return label"),
    "voucher": say_later("voucher"),
    "z_report": say_later("Z report"),
}


class PrinterError(Exception):
    """A printer could not take a job; the message says what to check, in a clerk's words."""


@dataclass(frozen=True)
class Destination:
    """Where one kind of document goes on this counter, as its settings say.

    Only the fields of ``kind`` matter: ``system_printer`` for the system
    queue, ``escpos_address`` and ``columns`` for an ESC/POS printer,
    ``folder`` for PDFs saved to a folder.
    """

    kind: PrinterKind
    system_printer: str = ""
    escpos_address: str = ""
    folder: Path | None = None
    columns: int = 48


@dataclass(frozen=True)
class DocumentJob:
    """One document to print, as the queue hands it to a printer.

    ``content`` is the same data the PDF was drawn from, so a text printer
    (ESC/POS) lays out exactly what the PDF shows. ``open_cash_drawer`` is set
    only on the first print of a receipt whose case paid cash out: a reprint
    never opens the drawer again.
    """

    job_id: str
    document: DocumentKind
    reference: str  # the case number; the voucher code; the closed day (ISO) of a Z report
    pdf: Path
    content: ReceiptData | LabelData | VoucherData | ZReportData
    open_cash_drawer: bool = False

    @property
    def words(self) -> str:
        """The document in a clerk's words: "receipt", "return label", "voucher", "Z report"."""
        return say(DOCUMENT_WORDS[self.document])


class DocumentPrinter(Protocol):
    """Sends one job to one kind of printer; raises :class:`PrinterError` when it cannot."""

    def send(self, job: DocumentJob, destination: Destination) -> None:
        """Print ``job`` at ``destination``, or raise :class:`PrinterError` saying why not."""
        ...
