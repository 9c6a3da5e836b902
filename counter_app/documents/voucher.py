"""The printed store-credit voucher: its code as Code 128, the amount, the expiry, the terms."""

from typing import Literal

from counter_app.documents.content import VoucherData
from counter_app.documents.layout import Layout
from counter_app.documents.receipt import render_on_paper
from counter_app.i18n import say


def lay_out_voucher(layout: Layout, data: VoucherData) -> None:
    """The voucher, top to bottom, on a PDF column or a text printer's ticket."""
    layout.heading(data.store.name)
    if data.store.address:
        layout.text(data.store.address, align="center")
    layout.rule()
    layout.heading(say("STORE CREDIT VOUCHER"))
    layout.space(0.5)
    layout.heading(data.amount, scale=1.8)
    layout.space(0.5)
    if data.balance != data.amount:
        layout.row(say("Balance left"), data.balance)
    layout.row(say("Issued"), data.issued)
    if data.expires:
        layout.row(say("Valid until"), data.expires)
    if data.case_number:
        layout.row(say("Case"), data.case_number)
    layout.space(0.5)
    layout.barcode(data.code)
    layout.rule()
    for term in data.terms:
        layout.text(f"- {term}", hang=2)


def render_voucher(
    data: VoucherData, *, paper: Literal["roll80", "a4"] = "roll80", columns: int = 48
) -> bytes:
    """The voucher as PDF bytes, on the receipt roll or an A4 page."""
    title = say("Store credit voucher {code}").format(code=data.code)
    return render_on_paper(lambda layout: lay_out_voucher(layout, data), paper, columns, title)
