"""A small top-to-bottom layout: measure every block first, then draw.

A thermal roll has no fixed page length, so a receipt's page is exactly as
tall as what is on it: the blocks are built and measured, the page is made
that tall, and only then is anything drawn. The same blocks flow onto A4
pages when the document goes to an office printer.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.documents.barcodes import code128
from counter_app.documents.fonts import MONO, SANS_BOLD, register_fonts, text_width
from counter_app.documents.layout import Align, Emphasis

LEADING = 1.22  # line height as a multiple of the font size
CODE_SCALE = 1.3  # a code to read out (a voucher's) is printed this much larger than the body
BAR_HEIGHT = 16 * mm


class Block(Protocol):
    """Something drawn at full width, ``height`` points tall."""

    @property
    def height(self) -> float:
        """How much of the page the block takes."""
        ...

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """Draw the block with its top edge at ``top``, from ``x`` across ``width``."""
        ...


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than the line, cut into pieces that each fit."""
    pieces: list[str] = []
    current = ""
    for character in word:
        if current and text_width(current + character, font, size) > width:
            pieces.append(current)
            current = character
        else:
            current += character
    return [*pieces, current]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``; a too-long word is cut, never lost."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _break_word(word, font, size, width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Space:
    """Empty space between parts."""

    height: float

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """Nothing to draw."""


@dataclass(frozen=True)
class Rule:
    """A thin line across, dashed like a tear-off line on a receipt."""

    height: float = 8.0

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """Draw the line in the middle of the block."""
        canvas.saveState()
        canvas.setLineWidth(0.7)
        canvas.setDash(2, 2)
        middle = top - self.height / 2
        canvas.line(x, middle, x + width, middle)
        canvas.restoreState()


@dataclass(frozen=True)
class TextLines:
    """Lines of text already wrapped to the width, in one font."""

    lines: tuple[str, ...]
    font: str
    size: float
    align: Align = "left"
    indent: float = 0.0
    right: str = ""  # drawn right-aligned on the first line (an amount)

    @property
    def height(self) -> float:
        """One line height per line."""
        return len(self.lines) * self.size * LEADING

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """Draw each line on its baseline."""
        canvas.setFillColor(black)
        canvas.setFont(self.font, self.size)
        line_height = self.size * LEADING
        for index, line in enumerate(self.lines):
            baseline = top - (index + 1) * line_height + (line_height - self.size) / 2 + 1
            if self.align == "center":
                canvas.drawCentredString(x + width / 2, baseline, line)
            elif self.align == "right":
                canvas.drawRightString(x + width, baseline, line)
            else:
                canvas.drawString(x + self.indent, baseline, line)
            if index == 0 and self.right:
                canvas.drawRightString(x + width, baseline, self.right)


@dataclass(frozen=True)
class BarcodeBlock:
    """A Code 128 symbol centred across the width, with its value printed under it."""

    value: str
    max_width: float
    bar_height: float
    caption_size: float
    max_dots: int = 4

    @property
    def height(self) -> float:
        """The bars and the caption under them."""
        return self.bar_height + self.caption_size * LEADING + 2

    def draw(self, canvas: Canvas, x: float, top: float, width: float) -> None:
        """Draw the bars centred, the value under them."""
        bars = code128(
            self.value, max_width=self.max_width, height=self.bar_height, max_dots=self.max_dots
        )
        bars.draw(canvas, x + (width - bars.width) / 2, top - self.bar_height)
        canvas.setFont(MONO, self.caption_size)
        canvas.drawCentredString(
            x + width / 2, top - self.bar_height - self.caption_size - 1, self.value
        )


@dataclass
class Column:
    """Blocks for one column of text ``width`` wide, monospace body at ``mono_size``.

    A :class:`counter_app.documents.layout.Layout`: headings are ``heading_size``
    points (one and a half times the body unless set) times their scale.
    """

    width: float
    mono_size: float
    blocks: list[Block] = field(default_factory=list)
    heading_size: float | None = None

    @property
    def char_width(self) -> float:
        """The width of one monospace character."""
        return text_width("0", MONO, self.mono_size)

    def add(self, block: Block) -> None:
        """Append any block."""
        self.blocks.append(block)

    def text(
        self,
        text: str,
        *,
        font: str = MONO,
        size: float | None = None,
        align: Align = "left",
        indent: int = 0,
        hang: int = 0,
        emphasis: Emphasis = "plain",
    ) -> None:
        """A paragraph, wrapped; ``indent`` and ``hang`` are in monospace characters.

        ``hang`` indents the lines after the first further, so a list item's
        wrapped words stay under its first word, not under its dash. The
        monospace face has no bold, so "strong" text relies on its capitals;
        "large" text is a code to read out.
        """
        chosen = size or self.mono_size * (CODE_SCALE if emphasis == "large" else 1)
        offset = indent * self.char_width
        extra = hang * self.char_width
        lines = wrap(text, font, chosen, self.width - offset - extra)
        self.blocks.append(TextLines(tuple(lines[:1]), font, chosen, align, offset))
        if len(lines) > 1:
            self.blocks.append(TextLines(tuple(lines[1:]), font, chosen, align, offset + extra))

    def heading(self, text: str, *, scale: float = 1.0) -> None:
        """A bold centred line (wrapped if long), ``scale`` times the heading size."""
        base = self.heading_size or self.mono_size * 1.5
        self.text(text, font=SANS_BOLD, size=base * scale, align="center")

    def row(self, left: str, right: str, *, indent: int = 0) -> None:
        """Words on the left, an amount flush right on the same line; the words wrap before it."""
        offset = indent * self.char_width
        right_width = text_width(right, MONO, self.mono_size)
        free = self.width - offset - right_width - self.char_width
        if free < self.width / 3:  # the right part is too long to share a line: stack them
            self.text(left, indent=indent)
            self.text(right, align="right")
            return
        lines = wrap(left, MONO, self.mono_size, free)
        self.blocks.append(TextLines(tuple(lines), MONO, self.mono_size, "left", offset, right))

    def rule(self) -> None:
        """A dashed line across."""
        self.blocks.append(Rule(self.mono_size * 1.2))

    def space(self, lines: float = 0.5) -> None:
        """Empty space, in line heights."""
        self.blocks.append(Space(lines * self.mono_size * LEADING))

    def barcode(self, value: str, *, bar_height: float = BAR_HEIGHT, max_dots: int = 4) -> None:
        """A Code 128 symbol of ``value`` across the column."""
        self.blocks.append(
            BarcodeBlock(value, self.width, bar_height, self.mono_size * 1.1, max_dots)
        )


def start_canvas(buffer: io.BytesIO, size: tuple[float, float], title: str) -> Canvas:
    """A canvas whose every font is ours: even its unused starting font is not Helvetica."""
    register_fonts()
    canvas = Canvas(
        buffer,
        pagesize=size,
        invariant=True,  # the same document gives the same bytes: reprints compare equal
        pageCompression=1,
        initialFontName=MONO,  # type: ignore[arg-type]  # the stubs say a number; it is a name
    )
    canvas.setTitle(title)
    canvas.setCreator("Counter")
    return canvas


def roll_pdf(
    blocks: Sequence[Block], *, page_width: float, margin_x: float, margin_y: float, title: str
) -> bytes:
    """One page exactly as tall as its blocks: a receipt on a continuous roll."""
    height = sum(block.height for block in blocks) + 2 * margin_y
    buffer = io.BytesIO()
    canvas = start_canvas(buffer, (page_width, height), title)
    top = height - margin_y
    for block in blocks:
        block.draw(canvas, margin_x, top, page_width - 2 * margin_x)
        top -= block.height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paged_pdf(
    blocks: Sequence[Block], *, page_size: tuple[float, float], margin: float, title: str
) -> bytes:
    """Blocks flowed over as many fixed-size pages as they need (A4)."""
    width, height = page_size
    buffer = io.BytesIO()
    canvas = start_canvas(buffer, page_size, title)
    top = height - margin
    for block in blocks:
        if top - block.height < margin and top < height - margin:
            canvas.showPage()
            top = height - margin
        block.draw(canvas, margin, top, width - 2 * margin)
        top -= block.height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
