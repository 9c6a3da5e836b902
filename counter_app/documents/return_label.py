"""The 4x6 in return label: the case number large, as Code 128 and as QR, and what is inside.

Every barcode is sized in whole printer dots and checked against the
printable area before it is drawn, so a code can never run off the label.
"""

import io

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from counter_app.documents.barcodes import code128, qr_code
from counter_app.documents.content import LabelData, LabelItem
from counter_app.documents.flow import LEADING, start_canvas, wrap
from counter_app.documents.fonts import MONO, SANS, SANS_BOLD, text_width
from counter_app.i18n import say, say_plural

LABEL_SIZE = (4 * inch, 6 * inch)
MARGIN = 0.15 * inch  # label printers leave a little unprinted at each edge
TEXT_SIZE = 8.0
BAND = 1.25 * inch  # the bottom band: QR code and the handler's initials box


def _fitting_size(text: str, font: str, width: float, largest: float) -> float:
    """The largest font size, at most ``largest``, at which ``text`` fits ``width``."""
    size = largest
    while size > 6 and text_width(text, font, size) > width:
        size -= 0.5
    return size


class _Pen:
    """Draws text top-down inside the printable area and keeps track of where it is."""

    def __init__(self, canvas: Canvas, left: float, right: float, top: float) -> None:
        self.canvas = canvas
        self.left = left
        self.right = right
        self.top = top

    @property
    def width(self) -> float:
        return self.right - self.left

    def text(self, text: str, *, font: str = SANS, size: float = TEXT_SIZE) -> None:
        for line in wrap(text, font, size, self.width):
            self.top -= size * LEADING
            self.canvas.setFont(font, size)
            self.canvas.drawString(self.left, self.top + size * (LEADING - 1), line)

    def gap(self, height: float) -> None:
        self.top -= height

    def rule(self) -> None:
        self.gap(4)
        self.canvas.setLineWidth(1)
        self.canvas.line(self.left, self.top, self.right, self.top)
        self.gap(4)


def _address_lines(
    address: str, width: float, room: float, largest: float
) -> tuple[list[str], float]:
    """The address wrapped at the largest size from ``largest`` down to 6 pt that fits ``room``.

    An address too long even at 6 pt keeps the lines that fit and ends with "…", so a
    long address never pushes the items and the QR code off the label.
    """
    size = largest
    while True:
        lines = wrap(address, SANS, size, width)
        most = max(1, int(room // (size * LEADING)))
        if len(lines) <= most:
            return lines, size
        if size <= 6:
            return [*lines[: most - 1], lines[most - 1].rstrip() + " …"], size
        size = max(6.0, size - 1)


def _address_block(pen: _Pen, caption: str, address: str, *, size: float, room: float) -> None:
    """A caption ("FROM", "TO") and the address under it, within ``room`` points of height."""
    pen.text(caption, font=SANS_BOLD, size=7)
    lines, fitted = _address_lines(address, pen.width, room - 7 * LEADING, size)
    for line in lines:
        pen.text(line, size=fitted)


def _item_lines(items: tuple[LabelItem, ...], width: float, most: int) -> list[str]:
    """Whole items as wrapped lines; those that do not fit in ``most`` lines are counted instead."""
    wrapped = []
    for item in items:
        details = ", ".join(part for part in (item.condition, item.disposition) if part)
        text = f"{item.quantity} x {item.description}" + (f" ({details})" if details else "")
        wrapped.append(wrap(text, SANS, TEXT_SIZE, width))
    if sum(len(lines) for lines in wrapped) <= most:
        return [line for lines in wrapped for line in lines]
    shown: list[str] = []
    for index, lines in enumerate(wrapped):
        if len(shown) + len(lines) > most - 1:
            left = len(items) - index
            more = say_plural(
                "... and {count} more item: see the case",
                "... and {count} more items: see the case",
                left,
            )
            return [*shown, more.format(count=left)]
        shown.extend(lines)
    return shown


def render_return_label(data: LabelData) -> bytes:
    """The label as PDF bytes, exactly 4x6 in (288 x 432 pt)."""
    page_width, page_height = LABEL_SIZE
    buffer = io.BytesIO()
    canvas = start_canvas(
        buffer, LABEL_SIZE, say("Return label {number}").format(number=data.case_number)
    )
    left, right = MARGIN, page_width - MARGIN
    width = right - left
    pen = _Pen(canvas, left, right, page_height - MARGIN)

    pen.text(say("RETURN  ·  RMA"), font=SANS_BOLD, size=10)
    size = _fitting_size(data.case_number, SANS_BOLD, width, 24)
    pen.gap(size * 1.15)
    canvas.setFont(SANS_BOLD, size)
    canvas.drawString(left, pen.top + size * 0.2, data.case_number)

    bars = code128(data.case_number, max_width=width, height=0.75 * inch)
    assert bars.width <= width, "Code 128 must fit the label's printable width"  # noqa: S101
    pen.gap(6 + bars.height)
    bars.draw(canvas, left + (width - bars.width) / 2, pen.top)
    pen.rule()

    half = (width - 12) / 2
    top = pen.top
    # What the addresses may take: all but the rule under them, the items' heading, one item
    # line, the disposition and date lines, and the bottom band.
    line_height = TEXT_SIZE * LEADING
    room = top - (MARGIN + BAND + 8) - 8 - 7 * LEADING - 3 - 3 * line_height
    sender = _Pen(canvas, left, left + half, top)
    _address_block(sender, say("FROM"), data.ship_from, size=TEXT_SIZE, room=room)
    receiver = _Pen(canvas, left + half + 12, right, top)
    _address_block(receiver, say("TO"), data.ship_to, size=TEXT_SIZE + 3, room=room)
    pen.top = min(sender.top, receiver.top)
    pen.rule()

    pen.text(say("ITEMS"), font=SANS_BOLD, size=7)
    # What is left above the band, less the disposition and date lines under the items.
    room = pen.top - (MARGIN + BAND + 8) - 3 - 2 * line_height
    most = max(1, int(room // line_height))
    for line in _item_lines(data.items, width, most):
        pen.text(line)
    pen.gap(3)
    disposition = say("Disposition: {disposition}").format(disposition=data.disposition)
    pen.text(disposition, font=SANS_BOLD, size=TEXT_SIZE)
    pen.text(say("Date: {date}").format(date=data.date))

    # The bottom band: QR code on the left, the handler's initials box on the right.
    band = BAND
    symbol = qr_code(data.case_number, max_size=band, max_dots=8)
    assert symbol.size <= band <= width / 2, "QR code must fit the label"  # noqa: S101
    if pen.top - 4 < MARGIN + band:
        raise ValueError("The label's items left no room for the QR code.")
    canvas.setLineWidth(1)
    canvas.line(left, MARGIN + band + 4, right, MARGIN + band + 4)
    symbol.draw(canvas, left, MARGIN + (band - symbol.size) / 2)
    box_width, box_height = 1.5 * inch, 0.8 * inch
    box_x = right - box_width
    box_y = MARGIN + (band - box_height) / 2
    canvas.setFont(SANS, 7)
    canvas.drawString(box_x, box_y + box_height + 3, say("Handler's initials"))
    canvas.rect(box_x, box_y, box_width, box_height, stroke=1, fill=0)
    canvas.setFont(MONO, 7)
    # One sentence on two short lines beside the QR code; the translation keeps the line break.
    for index, line in enumerate(say("Scan to open\nthe case").splitlines()[:2]):
        canvas.drawString(left + symbol.size + 6, MARGIN + band / 2 - 9 * index, line)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
