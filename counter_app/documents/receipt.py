"""The customer receipt of a case: 80 mm thermal roll or A4, the case number as Code 128.

The roll is 80 mm wide with 72 mm printed; its length follows the content.
``columns`` is the printer's characters per line (42, 44 or 48 on common
80 mm printers): the monospace body is sized so exactly that many fit.
"""

from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from counter_app.documents.content import DocumentLine, DocumentPayment, ReceiptData
from counter_app.documents.flow import Column, paged_pdf, roll_pdf
from counter_app.documents.fonts import mono_size_for

Paper = Literal["roll80", "a4"]
ROLL_WIDTH = 80 * mm
ROLL_PRINTABLE = 72 * mm
A4_MARGIN = 20 * mm
A4_MONO_SIZE = 9.5
COLUMN_CHOICES = range(24, 65)


def _payment_words(payment: DocumentPayment) -> str:
    card = f" ending {payment.card_last4}" if payment.card_last4 else ""
    voucher = f" ({payment.voucher_code})" if payment.voucher_code else ""
    if payment.kind == "refund":
        return f"Refunded to {payment.tender.lower()}{card}{voucher}"
    return f"Paid by {payment.tender.lower()}{card}{voucher}"


def _line(column: Column, line: DocumentLine) -> None:
    column.text(f"{line.quantity} x {line.description}")
    column.row(f"{line.quantity} @ {line.unit_price}", line.line_total, indent=2)
    if line.condition:
        column.text(f"Condition: {line.condition}", indent=2)
    if line.reason:
        column.text(f"Reason: {line.reason}", indent=2)
    if line.decision:
        column.text(f"{line.decision}:", indent=2)
    for reason in line.decision_reasons:
        column.text(f"- {reason}", indent=4, hang=2)
    if line.restocking_fee:
        column.row("Restocking fee", f"-{line.restocking_fee}", indent=2)
    if line.refund is not None and line.direction == "in":
        column.row("Refund for this item", line.refund, indent=2)
    column.space(0.4)


def _body(column: Column, data: ReceiptData, heading_size: float) -> None:
    store = data.store
    column.heading(store.name, size=heading_size)
    if store.address:
        column.text(store.address, align="center")
    if store.phone:
        column.text(store.phone, align="center")
    column.rule()
    column.heading(data.title.upper(), size=heading_size * 0.85)
    column.space(0.3)
    column.row("Case", data.case_number)
    column.row("Date", data.when)
    if data.clerk:
        column.row("Served by", data.clerk)
    if data.customer:
        column.row("Customer", data.customer)
    coming_back = [line for line in data.lines if line.direction == "in"]
    going_out = [line for line in data.lines if line.direction == "out"]
    for label, lines in (("Items returned", coming_back), ("Items given to you", going_out)):
        if lines:
            column.rule()
            column.text(label.upper())
            column.space(0.3)
            for line in lines:
                _line(column, line)
    if data.restocking_fees or data.refund_total or data.payments or data.exchange_difference:
        column.rule()
    if data.restocking_fees:
        column.row("Restocking fees", f"-{data.restocking_fees}")
    if data.refund_total:
        column.row("REFUND TOTAL", data.refund_total)
    for payment in data.payments:
        column.row(_payment_words(payment), payment.amount)
    if data.exchange_difference:
        column.text(data.exchange_difference)
    for voucher in data.vouchers:
        column.rule()
        column.text("STORE CREDIT VOUCHER", align="center")
        column.text(voucher.code, align="center", size=column.mono_size * 1.3)
        column.row("Value", voucher.amount)
        if voucher.expires:
            column.row("Valid until", voucher.expires)
    if data.complaint:
        complaint = data.complaint
        column.rule()
        column.text("YOUR COMPLAINT")
        column.text(f"About: {complaint.category}")
        if data.summary:
            column.text(data.summary)
        column.text(complaint.description)
        if complaint.desired_outcome:
            column.text(f"You asked for: {complaint.desired_outcome}")
        if complaint.accommodation:
            column.text(f"What we did: {complaint.accommodation}")
    if data.next_steps:
        column.rule()
        column.text("WHAT HAPPENS NEXT")
        for step in data.next_steps:
            column.text(f"- {step}", hang=2)
    if data.policy:
        column.rule()
        column.text("OUR RETURN POLICY")
        for sentence in data.policy:
            column.text(sentence)
    column.rule()
    column.space(0.5)
    column.barcode(data.case_number, bar_height=16 * mm)
    column.space(0.8)
    column.text(data.thank_you, align="center")


def render_receipt(data: ReceiptData, *, paper: Paper, columns: int = 48) -> bytes:
    """The receipt as PDF bytes, on an 80 mm roll (``roll80``) or an A4 page (``a4``)."""
    if columns not in COLUMN_CHOICES:
        raise ValueError(f"{columns} characters per line is not a receipt printer's width.")
    title = f"{data.title} {data.case_number}"
    if paper == "roll80":
        column = Column(ROLL_PRINTABLE, mono_size_for(columns, ROLL_PRINTABLE))
        _body(column, data, heading_size=column.mono_size * 1.5)
        return roll_pdf(
            column.blocks,
            page_width=ROLL_WIDTH,
            margin_x=(ROLL_WIDTH - ROLL_PRINTABLE) / 2,
            margin_y=4 * mm,
            title=title,
        )
    column = Column(A4[0] - 2 * A4_MARGIN, A4_MONO_SIZE)
    _body(column, data, heading_size=16)
    return paged_pdf(column.blocks, page_size=A4, margin=A4_MARGIN, title=title)
