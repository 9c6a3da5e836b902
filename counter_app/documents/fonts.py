"""The Unicode fonts every document draws its text with (DejaVu, shipped in ``assets/fonts``).

The PDF base-14 fonts know only Latin-1, so a customer called Дмитрий or Ζωή
would print as boxes; the DejaVu faces cover Latin, Greek and Cyrillic and are
embedded (subset) in every PDF, so the printer needs no fonts of its own.
"""

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from assets import asset_path

SANS = "CounterSans"
SANS_BOLD = "CounterSans-Bold"
MONO = "CounterMono"

_FILES = {
    SANS: "fonts/DejaVuSans.ttf",
    SANS_BOLD: "fonts/DejaVuSans-Bold.ttf",
    MONO: "fonts/DejaVuSansMono.ttf",
}


_registered = False


def register_fonts() -> None:
    """Register the shipped fonts with reportlab once per process (later calls do nothing)."""
    global _registered
    if _registered:
        return
    known = set(pdfmetrics.getRegisteredFontNames())
    for name, file in _FILES.items():
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(asset_path(file))))
    _registered = True


def text_width(text: str, font: str, size: float) -> float:
    """How wide ``text`` is in points, in ``font`` at ``size`` (measuring needs the fonts)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


def mono_size_for(columns: int, width: float) -> float:
    """The monospace font size that fits exactly ``columns`` characters in ``width`` points."""
    register_fonts()
    return width / (columns * text_width("0", MONO, 1.0))
