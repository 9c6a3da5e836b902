"""A case number as Code 128 bars for the screen, so a case shown can be scanned off it.

python-barcode's encoder gives the modules (``"1101001..."``, one character per
module, ``1`` for a bar); the screen draws them in whole pixels, sharp at any
scale, in the same symbology as the printed receipts, so one scanner reads both.
"""

import barcode

QUIET_ZONE_MODULES = 10


def code128_modules(value: str) -> str:
    """``value`` as Code 128 modules, with the quiet zone a scanner needs on both sides.

    Raises:
        ValueError: ``value`` is empty or holds characters Code 128 cannot carry.
    """
    if not value or not value.isascii() or not value.isprintable():
        raise ValueError(f"Code 128 cannot carry {value!r}")
    pattern = "".join(barcode.get("code128", value).build())
    quiet = "0" * QUIET_ZONE_MODULES
    return quiet + pattern + quiet
