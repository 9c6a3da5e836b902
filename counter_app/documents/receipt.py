"""The customer receipt of a case: 80 mm thermal roll or A4, the case number as Code 128.

It is laid out once (:func:`lay_out_receipt`) on a :class:`~counter_app.documents.layout.Layout`:
the PDF's column here, the ESC/POS printer's ticket in ``counter_app.devices``.

The roll is 80 mm wide with 72 mm printed; its length follows the content.
``columns`` is the printer's characters per line (42, 44 or 48 on common
80 mm printers): the monospace body is sized so exactly that many fit.
"""

from collections.abc import Callable
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from counter_app.documents.content import DocumentLine, DocumentPayment, ReceiptData
from counter_app.documents.flow import Column, paged_pdf, roll_pdf
from counter_app.documents.fonts import mono_size_for
from counter_app.documents.layout import Layout
from counter_app.i18n import say

Paper = Literal["roll80", "a4"]
ROLL_WIDTH = 80 * mm
ROLL_PRINTABLE = 72 * mm
A4_MARGIN = 20 * mm
A4_MONO_SIZE = 9.5
A4_HEADING_SIZE = 16.0
COLUMN_CHOICES = range(24, 65)


def payment_words(payment: DocumentPayment) -> str:
    """The money that moved, in a sentence: ``Refunded to card ending 4242``."""
    refund = payment.kind == "refund"
    if payment.card_last4:
        sentence = (
            say("Refunded to {tender} ending {last4}")
            if refund
            else say("Paid by {tender} ending {last4}")
        )
    else:
        sentence = say("Refunded to {tender}") if refund else say("Paid by {tender}")
    words = sentence.format(tender=payment.tender, last4=payment.card_last4)
    return f"{words} ({payment.voucher_code})" if payment.voucher_code else words


def _line(layout: Layout, line: DocumentLine) -> None:
    layout.text(f"{line.quantity} x {line.description}")
    layout.row(f"{line.quantity} @ {line.unit_price}", line.line_total, indent=2)
    if line.condition:
        layout.text(say("Condition: {condition}").format(condition=line.condition), indent=2)
    if line.reason:
        layout.text(say("Reason: {reason}").format(reason=line.reason), indent=2)
    if line.decision:
        layout.text(say("{decision}:").format(decision=line.decision), indent=2)
    for reason in line.decision_reasons:
        layout.text(f"- {reason}", indent=4, hang=2)
    if line.restocking_fee:
        layout.row(say("Restocking fee"), f"-{line.restocking_fee}", indent=2)
    if line.refund is not None and line.direction == "in":
        layout.row(say("Refund for this item"), line.refund, indent=2)
    layout.space(0.4)


def _complaint(layout: Layout, data: ReceiptData) -> None:
    complaint = data.complaint
    if complaint is None:
        return
    layout.rule()
    layout.text(say("YOUR COMPLAINT"), emphasis="strong")
    layout.text(say("About: {category}").format(category=complaint.category))
    if data.summary:
        layout.text(data.summary)
    layout.text(complaint.description)
    if complaint.desired_outcome:
        layout.text(say("You asked for: {outcome}").format(outcome=complaint.desired_outcome))
    if complaint.accommodation:
        layout.text(say("What we did: {what}").format(what=complaint.accommodation))


def lay_out_receipt(layout: Layout, data: ReceiptData) -> None:
    """The customer receipt, top to bottom, on a PDF column or a text printer's ticket."""
    store = data.store
    layout.heading(store.name)
    if store.address:
        layout.text(store.address, align="center")
    if store.phone:
        layout.text(store.phone, align="center")
    layout.rule()
    layout.heading(data.title.upper(), scale=0.85)
    layout.space(0.3)
    layout.row(say("Case"), data.case_number)
    layout.row(say("Date"), data.when)
    if data.clerk:
        layout.row(say("Served by"), data.clerk)
    if data.customer:
        layout.row(say("Customer"), data.customer)
    sections = ((say("ITEMS RETURNED"), "in"), (say("ITEMS GIVEN TO YOU"), "out"))
    for label, direction in sections:
        lines = [line for line in data.lines if line.direction == direction]
        if lines:
            layout.rule()
            layout.text(label, emphasis="strong")
            layout.space(0.3)
            for line in lines:
                _line(layout, line)
    if data.restocking_fees or data.refund_total or data.payments or data.exchange_difference:
        layout.rule()
    if data.restocking_fees:
        layout.row(say("Restocking fees"), f"-{data.restocking_fees}")
    if data.refund_total:
        layout.row(say("REFUND TOTAL"), data.refund_total)
    for payment in data.payments:
        layout.row(payment_words(payment), payment.amount)
    if data.exchange_difference:
        layout.text(data.exchange_difference)
    for voucher in data.vouchers:
        layout.rule()
        layout.text(say("STORE CREDIT VOUCHER"), align="center", emphasis="strong")
        layout.text(voucher.code, align="center", emphasis="large")
        layout.row(say("Value"), voucher.amount)
        if voucher.expires:
            layout.row(say("Valid until"), voucher.expires)
    _complaint(layout, data)
    if data.next_steps:
        layout.rule()
        layout.text(say("WHAT HAPPENS NEXT"), emphasis="strong")
        for step in data.next_steps:
            layout.text(f"- {step}", hang=2)
    if data.policy:
        layout.rule()
        layout.text(say("OUR RETURN POLICY"), emphasis="strong")
        for sentence in data.policy:
            layout.text(sentence)
    layout.rule()
    layout.space(0.5)
    layout.barcode(data.case_number)
    layout.space(0.8)
    layout.text(data.thank_you, align="center")


def render_receipt(data: ReceiptData, *, paper: Paper, columns: int = 48) -> bytes:
    """The receipt as PDF bytes, on an 80 mm roll (``roll80``) or an A4 page (``a4``)."""
    if columns not in COLUMN_CHOICES:
        raise ValueError(f"{columns} characters per line is not a receipt printer's width.")
    title = f"{data.title} {data.case_number}"
    return render_on_paper(lambda layout: lay_out_receipt(layout, data), paper, columns, title)


def render_on_paper(
    lay_out: Callable[[Layout], None], paper: Paper, columns: int, title: str
) -> bytes:
    """A document laid out by ``lay_out`` as PDF bytes, on the 80 mm roll or on A4 pages."""
    if paper == "roll80":
        column = Column(ROLL_PRINTABLE, mono_size_for(columns, ROLL_PRINTABLE))
        lay_out(column)
        return roll_pdf(
            column.blocks,
            page_width=ROLL_WIDTH,
            margin_x=(ROLL_WIDTH - ROLL_PRINTABLE) / 2,
            margin_y=4 * mm,
            title=title,
        )
    column = Column(A4[0] - 2 * A4_MARGIN, A4_MONO_SIZE, heading_size=A4_HEADING_SIZE)
    lay_out(column)
    return paged_pdf(column.blocks, page_size=A4, margin=A4_MARGIN, title=title)
