"""The printed store-credit voucher: its code as Code 128, the amount, the expiry, the terms."""

from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from counter_app.documents.content import VoucherData
from counter_app.documents.flow import Column, paged_pdf, roll_pdf
from counter_app.documents.fonts import mono_size_for
from counter_app.documents.receipt import A4_MARGIN, A4_MONO_SIZE, ROLL_PRINTABLE, ROLL_WIDTH


def _body(column: Column, data: VoucherData, heading_size: float) -> None:
    column.heading(data.store.name, size=heading_size)
    if data.store.address:
        column.text(data.store.address, align="center")
    column.rule()
    column.heading("STORE CREDIT VOUCHER", size=heading_size)
    column.space(0.5)
    column.heading(data.amount, size=heading_size * 1.8)
    column.space(0.5)
    if data.balance != data.amount:
        column.row("Balance left", data.balance)
    column.row("Issued", data.issued)
    if data.expires:
        column.row("Valid until", data.expires)
    if data.case_number:
        column.row("Case", data.case_number)
    column.space(0.5)
    column.barcode(data.code, bar_height=16 * mm)
    column.rule()
    for term in data.terms:
        column.text(f"- {term}", hang=2)


def render_voucher(
    data: VoucherData, *, paper: Literal["roll80", "a4"] = "roll80", columns: int = 48
) -> bytes:
    """The voucher as PDF bytes, on the receipt roll or an A4 page."""
    title = f"Store credit voucher {data.code}"
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
