"""``counter-app printers``: the USB printers plugged into this PC, by their settings address.

IT types a USB receipt printer's address (``usb:04b8:0202``) into Settings;
this lists the addresses of the printers USB reports, so nobody has to look
the ids up. It needs no store: it only asks USB.
"""

import argparse
import sys
from typing import Any

from counter_app.devices.base import PrinterError
from counter_app.devices.usb import connected_printers

PROG = "counter-app printers"


def add_parser(commands: "argparse._SubParsersAction[Any]") -> None:
    """Add ``printers`` to the command line."""
    commands.add_parser(
        "printers", help="list the USB printers on this PC with the address Settings takes"
    )


def run() -> int:
    """Print each USB printer's address, or that there is none; 1 when USB cannot be used."""
    try:
        printers = connected_printers()
    except PrinterError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    if not printers:
        print("No USB printer is connected to this PC.")
        return 0
    print("USB printers on this PC (type the address in Settings):")
    for printer in printers:
        print(f"  {printer.address}")
    return 0
