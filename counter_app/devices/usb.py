"""USB for ESC/POS printers: the libusb that ships with Counter, and the printers plugged in.

pyusb reaches USB devices through libusb, a C library that Windows does not
have and that a frozen build does not pick up from the system by itself. The
libusb-package wheel carries libusb for each platform, so the installed folder
prints over USB on a counter PC with nothing else to install; the system's own
libusb is the fallback where that wheel's library does not load.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from counter_app.devices.base import PrinterError
from counter_app.i18n import say

# USB's class code for printers, on the device or (more often) on one of its interfaces.
PRINTER_CLASS = 7


@dataclass(frozen=True)
class UsbPrinter:
    """A printer on this PC's USB, by the ids its settings address names."""

    vendor_id: int
    product_id: int

    @property
    def address(self) -> str:
        """The printer's address as Settings takes it, like ``usb:04b8:0202``."""
        return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"


@functools.cache
def usb_backend() -> Any | None:
    """The way for pyusb to libusb 1.0: Counter's own libusb, else the system's; None if neither."""
    import libusb_package
    from usb.backend import libusb1  # type: ignore[import-untyped]

    return libusb_package.get_libusb1_backend() or libusb1.get_backend()


def require_usb_backend() -> Any:
    """The backend, or a refusal that tells IT what to do.

    Raises:
        PrinterError: no libusb loads on this PC.
    """
    backend = usb_backend()
    if backend is None:
        raise PrinterError(
            say(
                "This counter cannot use USB printers: its USB support did not load. "
                "Ask IT to install Counter again."
            )
        )
    return backend


def _is_printer(device: Any) -> bool:
    """Whether the device, or an interface of one of its configurations, is a USB printer."""
    if device.bDeviceClass == PRINTER_CLASS:
        return True
    return any(
        interface.bInterfaceClass == PRINTER_CLASS
        for configuration in device
        for interface in configuration
    )


def connected_printers() -> list[UsbPrinter]:
    """The printers on this PC's USB, in address order (each once, however many are alike).

    Raises:
        PrinterError: no libusb loads on this PC.
    """
    import usb.core  # type: ignore[import-untyped]

    devices = usb.core.find(find_all=True, backend=require_usb_backend(), custom_match=_is_printer)
    return sorted(
        {UsbPrinter(device.idVendor, device.idProduct) for device in devices},
        key=lambda printer: printer.address,
    )
