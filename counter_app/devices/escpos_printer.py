"""A raw ESC/POS thermal printer (USB, network or serial) driven with python-escpos.

The printer gets text, not the PDF: the same data the PDF is drawn from is
laid out here in the printer's own characters per line (42, 44 or 48 on an
80 mm roll), the case number goes out as the printer's hardware Code 128 (so
it scans as sharply as the printer can print), then a cut, then, for a cash
refund's first print only, the kick that opens the cash drawer.

Addresses are the settings' forms: ``usb:04b8:0202`` (vendor and product id),
``tcp:192.168.1.50:9100`` or ``serial:/dev/ttyUSB0`` (``serial:COM3``).
"""

import contextlib
import io
import socket
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from escpos.escpos import Escpos  # type: ignore[import-untyped]  # python-escpos has no types
from escpos.exceptions import Error as EscposError  # type: ignore[import-untyped]
from escpos.printer import Network, Serial, Usb  # type: ignore[import-untyped]

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.documents.content import (
    DocumentLine,
    DocumentPayment,
    LabelData,
    ReceiptData,
    VoucherData,
)

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

Connect = Callable[[str], Escpos]


class _Network(Network):  # type: ignore[misc]  # python-escpos has no types
    """python-escpos's network printer, with a socket that is closed when connecting fails.

    ``Network.open`` drops the socket of a failed connection without closing it.
    """

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        # create_connection closes its socket itself when it cannot connect.
        self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)


@dataclass
class Ticket:
    """A document laid out for a text printer: styled lines, a barcode, and what follows."""

    columns: int
    lines: list[tuple[str, Style]] = field(default_factory=list)
    barcode: str | None = None
    after_barcode: list[tuple[str, Style]] = field(default_factory=list)

    def _add(self, text: str, style: Style) -> None:
        (self.after_barcode if self.barcode is not None else self.lines).append((text, style))

    def text(self, text: str, *, indent: int = 0, hang: int = 0, style: Style = "plain") -> None:
        """Wrapped to the printer's width; ``hang`` indents the lines after the first."""
        for paragraph in text.splitlines() or [""]:
            wrapped = textwrap.wrap(
                paragraph,
                width=self.columns,
                initial_indent=" " * indent,
                subsequent_indent=" " * (indent + hang),
                break_long_words=True,
            ) or [""]
            for line in wrapped:
                self._add(line, style)

    def centred(self, text: str, *, style: Style = "center") -> None:
        """Centred by the printer; wrapped first so no word runs off the paper."""
        for paragraph in text.splitlines() or [""]:
            for line in textwrap.wrap(paragraph, width=self.columns) or [""]:
                self._add(line, style)

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

    def blank(self) -> None:
        """An empty line."""
        self._add("", "plain")


def _payment_words(payment: DocumentPayment) -> str:
    card = f" ending {payment.card_last4}" if payment.card_last4 else ""
    voucher = f" ({payment.voucher_code})" if payment.voucher_code else ""
    verb = "Refunded to" if payment.kind == "refund" else "Paid by"
    return f"{verb} {payment.tender.lower()}{card}{voucher}"


def _item(ticket: Ticket, line: DocumentLine) -> None:
    ticket.text(f"{line.quantity} x {line.description}")
    ticket.row(f"{line.quantity} @ {line.unit_price}", line.line_total, indent=2)
    if line.condition:
        ticket.text(f"Condition: {line.condition}", indent=2)
    if line.reason:
        ticket.text(f"Reason: {line.reason}", indent=2)
    if line.decision:
        ticket.text(f"{line.decision}:", indent=2)
    for reason in line.decision_reasons:
        ticket.text(f"- {reason}", indent=4, hang=2)
    if line.restocking_fee:
        ticket.row("Restocking fee", f"-{line.restocking_fee}", indent=2)
    if line.refund is not None and line.direction == "in":
        ticket.row("Refund for this item", line.refund, indent=2)


def receipt_ticket(data: ReceiptData, columns: int) -> Ticket:
    """The customer receipt in ``columns`` characters, in the order the PDF prints it."""
    ticket = Ticket(columns)
    ticket.centred(data.store.name, style="heading")
    for part in (data.store.address, data.store.phone):
        if part:
            ticket.centred(part)
    ticket.rule()
    ticket.centred(data.title.upper(), style="bold")
    ticket.row("Case", data.case_number)
    ticket.row("Date", data.when)
    if data.clerk:
        ticket.row("Served by", data.clerk)
    if data.customer:
        ticket.row("Customer", data.customer)
    for label, direction in (("ITEMS RETURNED", "in"), ("ITEMS GIVEN TO YOU", "out")):
        lines = [line for line in data.lines if line.direction == direction]
        if lines:
            ticket.rule()
            ticket.text(label, style="bold")
            for line in lines:
                _item(ticket, line)
    if data.restocking_fees or data.refund_total or data.payments or data.exchange_difference:
        ticket.rule()
    if data.restocking_fees:
        ticket.row("Restocking fees", f"-{data.restocking_fees}")
    if data.refund_total:
        ticket.row("REFUND TOTAL", data.refund_total)
    for payment in data.payments:
        ticket.row(_payment_words(payment), payment.amount)
    if data.exchange_difference:
        ticket.text(data.exchange_difference)
    for voucher in data.vouchers:
        ticket.rule()
        ticket.centred("STORE CREDIT VOUCHER", style="bold")
        ticket.centred(voucher.code, style="heading")
        ticket.row("Value", voucher.amount)
        if voucher.expires:
            ticket.row("Valid until", voucher.expires)
    if data.complaint:
        complaint = data.complaint
        ticket.rule()
        ticket.text("YOUR COMPLAINT", style="bold")
        ticket.text(f"About: {complaint.category}")
        if data.summary:
            ticket.text(data.summary)
        ticket.text(complaint.description)
        if complaint.desired_outcome:
            ticket.text(f"You asked for: {complaint.desired_outcome}")
        if complaint.accommodation:
            ticket.text(f"What we did: {complaint.accommodation}")
    if data.next_steps:
        ticket.rule()
        ticket.text("WHAT HAPPENS NEXT", style="bold")
        for step in data.next_steps:
            ticket.text(f"- {step}", hang=2)
    if data.policy:
        ticket.rule()
        ticket.text("OUR RETURN POLICY", style="bold")
        for sentence in data.policy:
            ticket.text(sentence)
    ticket.rule()
    ticket.barcode = data.case_number
    ticket.centred(data.thank_you)
    return ticket


def voucher_ticket(data: VoucherData, columns: int) -> Ticket:
    """A store-credit voucher on the receipt roll, its code as the barcode."""
    ticket = Ticket(columns)
    ticket.centred(data.store.name, style="heading")
    ticket.rule()
    ticket.centred("STORE CREDIT VOUCHER", style="bold")
    ticket.centred(data.code, style="heading")
    ticket.row("Value", data.amount)
    ticket.row("Balance", data.balance)
    ticket.row("Issued", data.issued)
    if data.expires:
        ticket.row("Valid until", data.expires)
    if data.case_number:
        ticket.row("Case", data.case_number)
    ticket.rule()
    for term in data.terms:
        ticket.text(f"- {term}", hang=2)
    ticket.barcode = data.code
    return ticket


def label_ticket(data: LabelData, columns: int) -> Ticket:
    """A return label on a text printer: who sends what to whom, the case number to scan."""
    ticket = Ticket(columns)
    ticket.centred("RETURN - RMA", style="bold")
    ticket.centred(data.case_number, style="heading")
    ticket.rule()
    ticket.text("FROM", style="bold")
    ticket.text(data.ship_from)
    ticket.text("TO", style="bold")
    ticket.text(data.ship_to)
    ticket.rule()
    for item in data.items:
        ticket.text(f"{item.quantity} x {item.description}", hang=4)
        details = ", ".join(part for part in (item.condition, item.disposition) if part)
        if details:
            ticket.text(details, indent=4)
    ticket.row("Disposition", data.disposition)
    ticket.row("Date", data.date)
    ticket.blank()
    ticket.text("Handled by (initials): ________")
    ticket.barcode = data.case_number
    return ticket


def job_ticket(job: DocumentJob, columns: int) -> Ticket:
    """The ticket of any queued document."""
    content = job.content
    if isinstance(content, ReceiptData):
        return receipt_ticket(content, columns)
    if isinstance(content, VoucherData):
        return voucher_ticket(content, columns)
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
    if ticket.barcode is not None:
        printer.ln()
        # python-escpos announces on stdout which barcode renderer it chose; keep it quiet.
        with contextlib.redirect_stdout(io.StringIO()):
            printer.barcode(
                CODE_SET_B + ticket.barcode,
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


def connect(address: str) -> Escpos:
    """The python-escpos printer for a settings address; not yet opened.

    Raises:
        PrinterError: the address has no known form, or this PC lacks the support it needs.
    """
    kind, _, rest = address.partition(":")
    try:
        if kind == "usb":
            vendor, _, product = rest.partition(":")
            return Usb(int(vendor, 16), int(product, 16))
        if kind == "tcp":
            host, _, port = rest.rpartition(":")
            return _Network(host, int(port), timeout=NETWORK_TIMEOUT_SECONDS)
        if kind == "serial":
            return Serial(rest, baudrate=SERIAL_BAUD_RATE, timeout=SERIAL_TIMEOUT_SECONDS)
    except RuntimeError as error:  # python-escpos: the optional USB or serial library is missing
        raise PrinterError(
            f"This counter cannot reach the printer at {address}: its {kind.upper()} support "
            "is not installed. Ask IT to install Counter again with printer support."
        ) from error
    except ValueError as error:
        raise PrinterError(
            f"{address} is not a printer address. Correct it in Settings, "
            "like usb:04b8:0202, tcp:192.168.1.50:9100 or serial:/dev/ttyUSB0."
        ) from error
    raise PrinterError(
        f"{address} is not a printer address. Correct it in Settings, "
        "like usb:04b8:0202, tcp:192.168.1.50:9100 or serial:/dev/ttyUSB0."
    )


class EscposPrinter:
    """Prints jobs on an ESC/POS printer; ``connect`` makes the printer from its address."""

    def __init__(self, connect: Connect = connect) -> None:
        self._connect = connect

    def send(self, job: DocumentJob, destination: Destination) -> None:
        """Print ``job``; a printer that is off, unplugged or out of reach leaves it queued."""
        address = destination.escpos_address
        if not address:
            raise PrinterError(
                f"No address is set for the {job.words} printer. Type it in Settings; "
                f"the {job.words} stays queued."
            )
        ticket = job_ticket(job, destination.columns)
        printer = self._connect(address)
        try:
            try:
                printer.open()
            except (EscposError, OSError, ValueError) as error:
                # ValueError: pyusb found no USB library (libusb) on this PC.
                raise PrinterError(
                    f"The {job.words} printer at {address} does not answer. Check it is on "
                    f"and connected; the {job.words} stays queued."
                ) from error
            try:
                print_ticket(printer, ticket, open_cash_drawer=job.open_cash_drawer)
            except (EscposError, OSError) as error:
                raise PrinterError(
                    f"The {job.words} printer at {address} stopped while printing. Check its "
                    f"paper and cable; the {job.words} stays queued and prints again whole."
                ) from error
        finally:
            with contextlib.suppress(EscposError, OSError):
                printer.close()
