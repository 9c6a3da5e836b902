"""The Z report: the closed day's figures on the receipt roll, as the manager froze them.

It is what a store prints when the day is closed and files with the counted
cash: cases by type, refunds by tender, the cash expected out of the drawer
against the cash counted and the difference (marked over or short), store
credit, restocking fees, overrides, open cases, and which close it is (its id
and snapshot version). Everything comes from the close's frozen snapshot
(:class:`~counter_app.documents.content.ZReportData`), so a copy printed a week
later says exactly what the first one said.

Laid out once (:func:`lay_out_z_report`) on a :class:`~counter_app.documents.layout.Layout`,
like the receipt: the PDF column here, the ESC/POS printer's ticket in ``counter_app.devices``.
"""

from counter_app.documents.content import ReportFigure, ZReportData
from counter_app.documents.layout import Layout
from counter_app.documents.receipt import COLUMN_CHOICES, Paper, render_on_paper
from counter_app.i18n import say, say_plural


def _section(layout: Layout, title: str) -> None:
    layout.rule()
    layout.text(title, emphasis="strong")


def _figures(layout: Layout, figures: tuple[ReportFigure, ...], empty: str) -> None:
    if not figures:
        layout.text(empty, indent=2)
    for figure in figures:
        layout.row(figure.label, figure.value, indent=2)


def lay_out_z_report(layout: Layout, data: ZReportData) -> None:
    """The Z report, top to bottom, on a PDF column or a text printer's ticket."""
    store = data.store
    layout.heading(store.name)
    if store.address:
        layout.text(store.address, align="center")
    if store.phone:
        layout.text(store.phone, align="center")
    layout.rule()
    layout.heading(say("Z REPORT"), scale=1.2)
    layout.text(data.day, align="center", emphasis="strong")
    if data.reprint:
        layout.text(data.reprint, align="center", emphasis="strong")
    layout.space(0.3)
    layout.row(say("Closed by"), data.closed_by)
    layout.row(say("Closed at"), data.closed_at)

    _section(layout, say("CASES"))
    _figures(layout, data.cases_by_type, say("No cases"))
    layout.row(say("All cases"), data.cases)
    if data.open_cases is not None:
        layout.row(say("Still open at the close"), data.open_cases)

    _section(layout, say("REFUNDS BY TENDER"))
    _figures(layout, data.refunds_by_tender, say("No refunds"))
    layout.row(say("All refunds"), data.refunds_total)

    _section(layout, say("CASH"))
    layout.row(say("Expected out of the drawer"), data.expected_cash)
    layout.row(say("Counted"), data.counted_cash)
    layout.row(say("Difference"), data.difference)
    layout.text(data.difference_words.upper(), align="center", emphasis="large")

    _section(layout, say("STORE CREDIT"))
    issued = say_plural(
        "Issued ({count} voucher)", "Issued ({count} vouchers)", data.vouchers_issued
    )
    layout.row(issued.format(count=data.vouchers_issued), data.credit_issued)
    redeemed = say_plural(
        "Redeemed ({count} payment)", "Redeemed ({count} payments)", data.vouchers_redeemed
    )
    layout.row(redeemed.format(count=data.vouchers_redeemed), data.credit_redeemed)

    _section(layout, say("OTHER"))
    layout.row(say("Restocking fees"), data.restocking_fees)
    layout.row(say("Overrides ({count})").format(count=data.overrides), data.overrides_amount)
    if data.note:
        _section(layout, say("NOTE"))
        layout.text(data.note)

    layout.rule()
    layout.row(say("Close"), data.close_id)
    layout.row(say("Snapshot version"), data.snapshot_version)
    layout.space(1.5)
    layout.text(say("Signed: ____________________"), align="center")


def render_z_report(data: ZReportData, *, paper: Paper = "roll80", columns: int = 48) -> bytes:
    """The Z report as PDF bytes, on the receipt roll (``roll80``) or an A4 page (``a4``)."""
    if columns not in COLUMN_CHOICES:
        raise ValueError(f"{columns} characters per line is not a receipt printer's width.")
    title = say("Z report {day}").format(day=data.business_date)
    return render_on_paper(lambda layout: lay_out_z_report(layout, data), paper, columns, title)
