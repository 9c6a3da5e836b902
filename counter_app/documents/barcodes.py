"""Code 128 and QR codes drawn as vector rectangles, sized in whole printer dots.

A thermal printer prints at 203 dpi. A bar whose width is not a whole number
of dots is rounded by the printer, some bars one dot wider than others, and a
scanner then misreads the code; so a module is always a whole number of dots,
the largest that still fits the width given, and never fewer than two dots.
"""

import math
from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

PRINTER_DPI = 203
DOT = 72 / PRINTER_DPI  # one printer dot, in points
MIN_MODULE_DOTS = 2
QUIET_MODULES = 10  # Code 128 needs ten modules of white on each side
QR_BORDER_MODULES = 4


class BarcodeTooWideError(ValueError):
    """The code cannot be printed readably in the space the document has for it."""


def _module_dots(modules: int, max_width: float, max_dots: int) -> int:
    dots = min(max_dots, math.floor(max_width / (modules * DOT)))
    if dots < MIN_MODULE_DOTS:
        raise BarcodeTooWideError(
            f"A code of {modules} modules needs {modules * MIN_MODULE_DOTS * DOT:.0f} pt; "
            f"only {max_width:.0f} pt are free."
        )
    return dots


@dataclass(frozen=True)
class Code128Bars:
    """A Code 128 symbol ready to draw, quiet zones included in its width."""

    symbol: Code128
    width: float
    height: float
    module: float

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the bottom-left corner of the quiet zone at (x, y)."""
        self.symbol.drawOn(canvas, x, y)


def code128(value: str, *, max_width: float, height: float, max_dots: int = 4) -> Code128Bars:
    """``value`` as Code 128 whose modules are whole dots and whose width fits ``max_width``."""
    probe = Code128(value, barWidth=1, quiet=0)
    modules = round(probe.width) + 2 * QUIET_MODULES
    module = _module_dots(modules, max_width, max_dots) * DOT
    symbol = Code128(
        value,
        barWidth=module,
        barHeight=height,
        humanReadable=0,
        quiet=1,
        lquiet=QUIET_MODULES * module,
        rquiet=QUIET_MODULES * module,
    )
    width = float(symbol.width)
    if width > max_width + 1e-6:  # a module too wide runs off the paper: never let it
        raise BarcodeTooWideError(f"Code 128 of {value!r} is {width:.1f} pt wide.")
    return Code128Bars(symbol, width, height, module)


@dataclass(frozen=True)
class QrSymbol:
    """A QR code ready to draw, its quiet border included in ``size``."""

    dark: tuple[tuple[bool, ...], ...]  # the module matrix, top row first
    size: float
    module: float

    def draw(self, canvas: Canvas, x: float, y: float) -> None:
        """Draw with the bottom-left corner of the border at (x, y), one rectangle per dark run."""
        canvas.saveState()
        canvas.setFillColor(black)
        top = y + self.size - QR_BORDER_MODULES * self.module
        for row_index, row in enumerate(self.dark):
            row_y = top - (row_index + 1) * self.module
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < len(row) and row[column]:
                    column += 1
                left = x + (QR_BORDER_MODULES + start) * self.module
                canvas.rect(
                    left, row_y, (column - start) * self.module, self.module, stroke=0, fill=1
                )
        canvas.restoreState()


def qr_code(value: str, *, max_size: float, max_dots: int = 6) -> QrSymbol:
    """``value`` as a QR code (error correction M) that fits a square of ``max_size``."""
    encoder = QrCodeWidget(value, barLevel="M", barBorder=QR_BORDER_MODULES)
    matrix = encoder.qr  # type: ignore[attr-defined]  # set by the widget, missing from the stubs
    matrix.make()
    dark = tuple(tuple(bool(cell) for cell in row) for row in matrix.modules)
    modules = len(dark) + 2 * QR_BORDER_MODULES
    module = _module_dots(modules, max_size, max_dots) * DOT
    size = modules * module
    if size > max_size + 1e-6:
        raise BarcodeTooWideError(f"QR code of {value!r} is {size:.1f} pt wide.")
    return QrSymbol(dark, size, module)
