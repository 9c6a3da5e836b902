"""The operating system's printers, reached through Qt: the print queue's ``"system"`` sender.

The queue hands over a rendered PDF; QtPdf draws each page as an image at the
printer's resolution (capped, so a 1200-dpi driver does not get a gigabyte per
page) and QtPrintSupport sends it, page by page, in the PDF's own page size
with no margins: the 80 mm receipt stays 80 mm on a roll printer. It runs on
the print runner's worker thread: QPainter may paint on a QPrinter there, and
nothing here touches a widget.
"""

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMarginsF, QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counter_app.devices.base import Destination, DocumentJob, PrinterError

# Thermal printers print at 203 dpi, office printers at 300 to 600; more only costs memory.
MOST_DPI = 300
POINTS_PER_INCH = 72
# The document as the clerk names it, inside a sentence (context SystemPrinterSender).
DOCUMENT_WORDS: dict[str, object] = {
    "receipt": QT_TRANSLATE_NOOP("SystemPrinterSender", "receipt"),
    "return_label": QT_TRANSLATE_NOOP("SystemPrinterSender", "return label"),
    "voucher": QT_TRANSLATE_NOOP("SystemPrinterSender", "voucher"),
    "z_report": QT_TRANSLATE_NOOP("SystemPrinterSender", "Z report"),
}
PrinterFor = Callable[[Destination, DocumentJob], QPrinter]


def document_words(document: str) -> str:
    """A document kind in the clerk's language: "receipt", "return label", "voucher"."""
    return QCoreApplication.translate("SystemPrinterSender", str(DOCUMENT_WORDS[document]))


def named_printer(destination: Destination, job: DocumentJob) -> QPrinter:
    """The system printer the settings name, or a :class:`PrinterError` saying it is not there."""
    words = document_words(job.document)
    name = destination.system_printer.strip()
    if not name:
        raise PrinterError(
            QCoreApplication.translate(
                "SystemPrinterSender",
                "No system printer is chosen for the {document}. Choose one in Settings; "
                "the {document} stays queued.",
            ).format(document=words)
        )
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise PrinterError(
            QCoreApplication.translate(
                "SystemPrinterSender",
                "There is no printer called {name} on this PC. Check it is installed and "
                "its name in Settings; the {document} stays queued.",
            ).format(name=name, document=words)
        )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    if not printer.isValid():
        raise PrinterError(
            QCoreApplication.translate(
                "SystemPrinterSender",
                "The printer {name} cannot be used right now. Check it is on and connected; "
                "the {document} stays queued.",
            ).format(name=name, document=words)
        )
    return printer


class SystemPrinterSender:
    """Prints a job's PDF on a system printer; raises :class:`PrinterError` in words when not.

    ``printer_for`` gives the QPrinter for a destination: by default the named
    system printer; a test gives a QPrinter writing a PDF file, a real print path
    that can be read back.
    """

    def __init__(self, *, printer_for: PrinterFor | None = None, most_dpi: int = MOST_DPI) -> None:
        self._printer_for = printer_for or named_printer
        self._most_dpi = most_dpi

    def send(self, job: DocumentJob, destination: Destination) -> None:
        """Print every page of ``job.pdf`` on the destination's printer, or say why not."""
        words = document_words(job.document)
        printer = self._printer_for(destination, job)
        printer.setDocName(f"{job.reference} {words}")
        printer.setFullPage(True)
        document = QPdfDocument()
        try:
            problem = document.load(str(job.pdf))
            if problem != QPdfDocument.Error.None_ or document.pageCount() < 1:
                raise PrinterError(
                    QCoreApplication.translate(
                        "SystemPrinterSender",
                        "The {document} for {reference} could not be read from the print "
                        "queue; print it again from the case.",
                    ).format(document=words, reference=job.reference)
                )
            self._print_pages(document, printer, job)
        finally:
            document.close()

    def _print_pages(self, document: QPdfDocument, printer: QPrinter, job: DocumentJob) -> None:
        words = document_words(job.document)
        name = printer.printerName() or printer.outputFileName()
        painter = QPainter()
        try:
            for page in range(document.pageCount()):
                size = document.pagePointSize(page)
                layout = QPageLayout(
                    QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch),
                    QPageLayout.Orientation.Portrait,
                    QMarginsF(0, 0, 0, 0),
                )
                printer.setPageLayout(layout)
                if page == 0:
                    if not painter.begin(printer):
                        raise PrinterError(
                            QCoreApplication.translate(
                                "SystemPrinterSender",
                                "The printer {name} did not start the {document}. Check it is "
                                "on and has paper; the {document} stays queued.",
                            ).format(name=name, document=words)
                        )
                elif not printer.newPage():
                    raise PrinterError(
                        QCoreApplication.translate(
                            "SystemPrinterSender",
                            "The printer {name} stopped in the middle of the {document}. "
                            "Check it has paper; the {document} stays queued.",
                        ).format(name=name, document=words)
                    )
                target = layout.fullRectPixels(printer.resolution())
                dpi = min(printer.resolution(), self._most_dpi)
                image = document.render(
                    page,
                    QSize(
                        max(1, round(size.width() * dpi / POINTS_PER_INCH)),
                        max(1, round(size.height() * dpi / POINTS_PER_INCH)),
                    ),
                )
                painter.fillRect(target, Qt.GlobalColor.white)
                painter.drawImage(QRect(target), image)
        except BaseException:
            if painter.isActive():
                painter.end()
            raise
        if not painter.end():
            raise PrinterError(
                QCoreApplication.translate(
                    "SystemPrinterSender",
                    "The printer {name} did not take the {document}. Check it is on and "
                    "connected; the {document} stays queued.",
                ).format(name=name, document=words)
            )
