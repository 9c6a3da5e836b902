"""The operating system's printers: reached through Qt, so the sender is plugged in from ``ui``.

Printing a PDF on a Windows or Linux system printer needs Qt's print support
(QtPdf to draw the pages, QtPrintSupport to reach the printer), which this
layer must not import. The desktop hands its own :class:`DocumentPrinter` to
the print queue under the kind ``"system"``; until it does (the command line,
a test, a desktop that has not started printing yet), a job for a system
printer stays queued with a clear error instead of being lost or faked.
"""

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.i18n import say


class NoSystemPrinter:
    """The stand-in for the desktop's system-printer sender: it keeps the job queued."""

    def send(self, job: DocumentJob, destination: Destination) -> None:
        """Refuse, saying how the job will still be printed."""
        name = destination.system_printer or say("the system printer")
        raise PrinterError(
            say(
                "The {document} for {reference} waits for {printer}, which only the "
                "Counter desktop can print to. It prints when the desktop is open; the "
                "{document} stays queued."
            ).format(document=job.words, reference=job.reference, printer=name)
        )
