"""A raw ESC/POS thermal printer (USB, network or serial) driven with python-escpos.

The printer gets text, not the PDF: the receipt, the voucher and the Z report are
laid out by the same functions as their PDFs (``lay_out_receipt``, ``lay_out_voucher``,
``lay_out_z_report``),
onto a :class:`Ticket` in the printer's own characters per line (42, 44 or 48
on an 80 mm roll); the case number goes out as the printer's hardware Code 128 (so
it scans as sharply as the printer can print), then a cut, then, for a cash
refund's first print only, the kick that opens the cash drawer.

Addresses are the settings' forms: ``usb:04b8:0202`` (vendor and product id),
``tcp:192.168.1.50:9100`` or ``serial:/dev/ttyUSB0`` (``serial:COM3``).
"""

# python-escpos loads only when a ticket is printed: at import it reads its printer profiles
# (a 500 KB JSON file), which would add half a second to every start of the counter.
from __future__ import annotations

import contextlib
import functools
import io
import socket
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from escpos.escpos import Escpos  # type: ignore[import-untyped]  # python-escpos has no types

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.devices.usb import require_usb_backend
from counter_app.documents.content import LabelData, ReceiptData, VoucherData, ZReportData
from counter_app.documents.layout import Align, Emphasis
from counter_app.documents.receipt import lay_out_receipt
from counter_app.documents.voucher import lay_out_voucher
from counter_app.documents.z_report import lay_out_z_report
from counter_app.i18n import say

Style = Literal["plain", "bold", "heading", "center"]
NETWORK_TIMEOUT_SECONDS = 10
SERIAL_TIMEOUT_SECONDS = 5
SERIAL_BAUD_RATE = 9600
# Code 128 on the printer itself: 2-dot modules (0.25 mm at 203 dpi) scan well and fit
# a case number in 72 mm; ``{B`` selects code set B, which python-escpos requires.
BARCODE_MODULE_DOTS = 2
BARCODE_HEIGHT_DOTS = 80
CODE_SET_B = "{B"
DRAWER_PIN = 2

Connect = Callable[[str], "Escpos"]


@functools.cache
def _network_printer() -> Any:
    """python-escpos's network printer, with a socket that is closed when connecting fails.

    ``Network.open`` drops the socket of a failed connection without closing it.
    """
    from escpos.printer import Network  # type: ignore[import-untyped]

    class ClosingNetwork(Network):  # type: ignore[misc]  # python-escpos has no types
        def open(self, raise_not_found: bool = True) -> None:
            if self._device:
                self.close()
            # create_connection closes its socket itself when it cannot connect.
            self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)

    return ClosingNetwork


def _escpos_errors() -> tuple[type[BaseException], ...]:
    """The errors python-escpos raises, with the system's, for ``except`` clauses."""
    from escpos.exceptions import Error  # type: ignore[import-untyped]

    return (Error, OSError)


@dataclass
class Ticket:
    """A document laid out for a text printer: styled lines, a barcode, and what follows.

    A :class:`counter_app.documents.layout.Layout`, so the receipt and the voucher
    are laid out by the same functions as their PDFs.
    """

    columns: int
    lines: list[tuple[str, Style]] = field(default_factory=list)
    code: str | None = None  # printed as the printer's own Code 128
    after_barcode: list[tuple[str, Style]] = field(default_factory=list)

    def _add(self, text: str, style: Style) -> None:
        (self.after_barcode if self.code is not None else self.lines).append((text, style))

    def text(
        self,
        text: str,
        *,
        indent: int = 0,
        hang: int = 0,
        align: Align = "left",
        emphasis: Emphasis = "plain",
    ) -> None:
        """Wrapped to the printer's width; ``hang`` indents the lines after the first."""
        if emphasis == "large":
            self._centred(text, "heading")
            return
        if align == "center":
            self._centred(text, "bold" if emphasis == "strong" else "center")
            return
        style: Style = "bold" if emphasis == "strong" else "plain"
        for paragraph in text.splitlines() or [""]:
            wrapped = textwrap.wrap(
                paragraph,
                width=self.columns,
                initial_indent=" " * indent,
                subsequent_indent=" " * (indent + hang),
                break_long_words=True,
            ) or [""]
            for line in wrapped:
                self._add(line.rjust(self.columns) if align == "right" else line, style)

    def _centred(self, text: str, style: Style) -> None:
        """Wrapped first so no word runs off the paper, then centred by the printer."""
        for paragraph in text.splitlines() or [""]:
            for line in textwrap.wrap(paragraph, width=self.columns) or [""]:
                self._add(line, style)

    def heading(self, text: str, *, scale: float = 1.0) -> None:
        """Double height for a full heading, bold for a smaller one."""
        self._centred(text, "heading" if scale >= 1 else "bold")

    def row(self, left: str, right: str, *, indent: int = 0) -> None:
        """``left`` and ``right`` on one line, or ``right`` alone under it when both don't fit."""
        start = " " * indent + left
        if len(start) + 1 + len(right) <= self.columns:
            self._add(start + " " * (self.columns - len(start) - len(right)) + right, "plain")
            return
        self.text(left, indent=indent)
        self._add(right.rjust(self.columns)[-self.columns :], "plain")

    def rule(self) -> None:
        """A dashed line across the paper."""
        self._add("-" * self.columns, "plain")

    def space(self, lines: float = 0.5) -> None:
        """Whole empty lines; less than a line is left out, the paper has no finer step."""
        for _ in range(int(lines)):
            self._add("", "plain")

    def barcode(self, value: str) -> None:
        """The printer's Code 128 of ``value`` goes here; later lines print under it."""
        self.code = value


def receipt_ticket(data: ReceiptData, columns: int) -> Ticket:
    """The customer receipt in ``columns`` characters, laid out as its PDF is."""
    ticket = Ticket(columns)
    lay_out_receipt(ticket, data)
    return ticket


def voucher_ticket(data: VoucherData, columns: int) -> Ticket:
    """A store-credit voucher on the receipt roll, its code as the barcode."""
    ticket = Ticket(columns)
    lay_out_voucher(ticket, data)
    return ticket


def z_report_ticket(data: ZReportData, columns: int) -> Ticket:
    """A closed day's Z report on the receipt roll, laid out as its PDF is."""
    ticket = Ticket(columns)
    lay_out_z_report(ticket, data)
    return ticket


def label_ticket(data: LabelData, columns: int) -> Ticket:
    """A return label on a text printer: who sends what to whom, the case number to scan.

    The PDF label places its parts on a 4x6 in sheet, so this text form is its own.
    """
    ticket = Ticket(columns)
    ticket.text(say("RETURN - RMA"), align="center", emphasis="strong")
    ticket.heading(data.case_number)
    ticket.rule()
    ticket.text(say("FROM"), emphasis="strong")
    ticket.text(data.ship_from)
    ticket.text(say("TO"), emphasis="strong")
    ticket.text(data.ship_to)
    ticket.rule()
    for item in data.items:
        ticket.text(f"{item.quantity} x {item.description}", hang=4)
        details = ", ".join(part for part in (item.condition, item.disposition) if part)
        if details:
            ticket.text(details, indent=4)
    ticket.row(say("Disposition"), data.disposition)
    ticket.row(say("Date"), data.date)
    ticket.space(1)
    ticket.text(say("Handled by (initials): ________"))
    ticket.barcode(data.case_number)
    return ticket


def job_ticket(job: DocumentJob, columns: int) -> Ticket:
    """The ticket of any queued document."""
    content = job.content
    if isinstance(content, ReceiptData):
        return receipt_ticket(content, columns)
    if isinstance(content, VoucherData):
        return voucher_ticket(content, columns)
    if isinstance(content, ZReportData):
        return z_report_ticket(content, columns)
    return label_ticket(content, columns)


def _lines(printer: Escpos, lines: list[tuple[str, Style]]) -> None:
    current: Style | None = None
    for text, style in lines:
        if style != current:
            _style(printer, style)
            current = style
        printer.textln(text)


def _style(printer: Escpos, style: Style) -> None:
    printer.set(
        align="center" if style in {"heading", "center"} else "left",
        bold=style in {"heading", "bold"},
        double_height=style == "heading",
        normal_textsize=style != "heading",
    )


def print_ticket(printer: Escpos, ticket: Ticket, *, open_cash_drawer: bool) -> None:
    """Send ``ticket`` to ``printer``: the text, the hardware Code 128, the cut, the drawer kick."""
    printer.hw("INIT")
    _lines(printer, ticket.lines)
    if ticket.code is not None:
        printer.ln()
        # python-escpos announces on stdout which barcode renderer it chose; keep it quiet.
        with contextlib.redirect_stdout(io.StringIO()):
            printer.barcode(
                CODE_SET_B + ticket.code,
                "CODE128",
                height=BARCODE_HEIGHT_DOTS,
                width=BARCODE_MODULE_DOTS,
                pos="BELOW",
                function_type="B",
            )
        printer.ln()
    _lines(printer, ticket.after_barcode)
    printer.set(align="left", bold=False, normal_textsize=True)
    printer.cut()
    if open_cash_drawer:
        printer.cashdraw(DRAWER_PIN)


def _not_an_address(address: str) -> str:
    return say(
        "{address} is not a printer address. Correct it in Settings, "
        "like usb:04b8:0202, tcp:192.168.1.50:9100 or serial:/dev/ttyUSB0."
    ).format(address=address)


def connect(address: str) -> Escpos:
    """The python-escpos printer for a settings address; not yet opened.

    Raises:
        PrinterError: the address has no known form, or this PC lacks the support it needs.
    """
    from escpos.printer import Serial, Usb

    kind, _, rest = address.partition(":")
    try:
        if kind == "usb":
            vendor, _, product = rest.partition(":")
            return Usb(
                int(vendor, 16), int(product, 16), usb_args={"backend": require_usb_backend()}
            )
        if kind == "tcp":
            host, _, port = rest.rpartition(":")
            return _network_printer()(host, int(port), timeout=NETWORK_TIMEOUT_SECONDS)
        if kind == "serial":
            return Serial(rest, baudrate=SERIAL_BAUD_RATE, timeout=SERIAL_TIMEOUT_SECONDS)
    except RuntimeError as error:  # python-escpos: the optional USB or serial library is missing
        raise PrinterError(
            say(
                "This counter cannot reach the printer at {address}: its {kind} support "
                "is not installed. Ask IT to install Counter again with printer support."
            ).format(address=address, kind=kind.upper())
        ) from error
    except ValueError as error:
        raise PrinterError(_not_an_address(address)) from error
    raise PrinterError(_not_an_address(address))


class EscposPrinter:
    """Prints jobs on an ESC/POS printer; ``connect`` makes the printer from its address."""

    def __init__(self, connect: Connect = connect) -> None:
        self._connect = connect

    def send(self, job: DocumentJob, destination: Destination) -> None:
        """Print ``job``; a printer that is off, unplugged or out of reach leaves it queued."""
        address = destination.escpos_address
        if not address:
            raise PrinterError(
                say(
                    "No address is set for the {document} printer. Type it in Settings; "
                    "the {document} stays queued."
                ).format(document=job.words)
            )
        ticket = job_ticket(job, destination.columns)
        failures = _escpos_errors()
        # ValueError too: pyusb's answer when it cannot set the device up.
        not_answering: tuple[type[BaseException], ...] = (*failures, ValueError)
        printer = self._connect(address)
        try:
            try:
                printer.open()
            except not_answering as error:
                raise PrinterError(
                    say(
                        "The {document} printer at {address} does not answer. Check it is on "
                        "and connected; the {document} stays queued."
                    ).format(document=job.words, address=address)
                ) from error
            try:
                print_ticket(printer, ticket, open_cash_drawer=job.open_cash_drawer)
            except failures as error:
                raise PrinterError(
                    say(
                        "The {document} printer at {address} stopped while printing. Check its "
                        "paper and cable; the {document} stays queued and prints again whole."
                    ).format(document=job.words, address=address)
                ) from error
        finally:
            with contextlib.suppress(*failures):
                printer.close()
