"""What a document is laid out on, whatever prints it: a PDF column or a text printer's ticket.

A receipt or voucher is written once, as calls on a :class:`Layout`; the PDF
(``counter_app.documents.flow.Column``) and the ESC/POS printer
(``counter_app.devices.escpos_printer.Ticket``) each turn those calls into what
they print. Widths are counted in monospace characters, which both share.
"""

from typing import Literal, Protocol

Align = Literal["left", "center", "right"]
# How much a line stands out: "strong" for a section's label, "large" for a code to read out.
Emphasis = Literal["plain", "strong", "large"]


class Layout(Protocol):
    """Top-to-bottom lines of a document, as wide as the paper allows."""

    def text(
        self,
        text: str,
        *,
        indent: int = 0,
        hang: int = 0,
        align: Align = "left",
        emphasis: Emphasis = "plain",
    ) -> None:
        """A paragraph, wrapped; ``hang`` indents the lines after the first further."""
        ...

    def heading(self, text: str, *, scale: float = 1.0) -> None:
        """A bold centred line; ``scale`` below 1 is a smaller heading, above 1 a larger one."""
        ...

    def row(self, left: str, right: str, *, indent: int = 0) -> None:
        """Words on the left, an amount flush right on the same line when both fit."""
        ...

    def rule(self) -> None:
        """A dashed line across."""
        ...

    def space(self, lines: float = 0.5) -> None:
        """Empty space, in line heights (a text printer skips less than a whole line)."""
        ...

    def barcode(self, value: str) -> None:
        """``value`` as a Code 128 symbol; what follows is laid out under it."""
        ...
