"""USB printers: Counter's own libusb loads, printers are told from other devices, and the list."""

import re
from pathlib import Path
from types import SimpleNamespace

import libusb_package
import pytest
import usb.backend.libusb1

from counter_app.cli import main
from counter_app.devices.base import PrinterError
from counter_app.devices.escpos_printer import connect
from counter_app.devices.usb import (
    UsbPrinter,
    _is_printer,
    connected_printers,
    require_usb_backend,
    usb_backend,
)

NO_PRINTER = "No USB printer is connected to this PC."
ADDRESS = re.compile(r"^usb:[0-9a-f]{4}:[0-9a-f]{4}$")


def test_counter_carries_its_own_libusb_and_pyusb_loads_it() -> None:
    library = libusb_package.get_library_path()

    assert library is not None
    assert Path(library).is_file()
    backend = usb_backend()
    assert backend is not None
    assert Path(backend.lib._name).resolve() == Path(library).resolve()


def test_a_usb_address_opens_through_counter_s_libusb() -> None:
    printer = connect("usb:04b8:0202")

    assert printer.usb_args["idVendor"] == 0x04B8
    assert printer.usb_args["idProduct"] == 0x0202
    assert printer.usb_args["backend"] is usb_backend()


def test_without_any_libusb_usb_printing_is_refused_in_words_for_it(monkeypatch) -> None:
    monkeypatch.setattr(libusb_package, "get_libusb1_backend", lambda: None)
    monkeypatch.setattr(usb.backend.libusb1, "get_backend", lambda: None)
    usb_backend.cache_clear()
    try:
        with pytest.raises(PrinterError) as refused:
            require_usb_backend()
        with pytest.raises(PrinterError) as refused_to_print:
            connect("usb:04b8:0202")
    finally:
        usb_backend.cache_clear()

    expected = (
        "This counter cannot use USB printers: its USB support did not load. "
        "Ask IT to install Counter again."
    )
    assert str(refused.value) == expected
    assert str(refused_to_print.value) == expected


def _interface(klass: int) -> SimpleNamespace:
    return SimpleNamespace(bInterfaceClass=klass)


class _Device:
    """A USB device's descriptors as pyusb shows them: iterating it gives its configurations."""

    def __init__(self, device_class: int, *configurations: list[int]) -> None:
        self.bDeviceClass = device_class
        self._configurations = [[_interface(k) for k in classes] for classes in configurations]

    def __iter__(self):
        return iter(self._configurations)


def test_printers_are_told_by_the_usb_printer_class_on_the_device_or_an_interface() -> None:
    assert _is_printer(_Device(7))
    assert _is_printer(_Device(0, [7]))  # most receipt printers: class on the interface
    assert _is_printer(_Device(0, [3], [0xFF, 7]))  # a second configuration's interface
    assert not _is_printer(_Device(0, [3]))  # a keyboard or a barcode scanner (HID)
    assert not _is_printer(_Device(9))  # a hub
    assert not _is_printer(_Device(0xEF, [0xFF, 0x0A]))  # vendor-specific and CDC data


def test_a_printer_s_address_is_the_one_settings_takes() -> None:
    assert UsbPrinter(0x04B8, 0x0E15).address == "usb:04b8:0e15"
    assert UsbPrinter(0x0416, 0x5011).address == "usb:0416:5011"


def test_the_printers_command_lists_what_usb_reports(tmp_path, capsys) -> None:
    found = connected_printers()

    assert main(["--data-dir", str(tmp_path), "printers"]) == 0

    out = capsys.readouterr().out.splitlines()
    if not found:
        assert out == [NO_PRINTER]
    else:
        assert out[0] == "USB printers on this PC (type the address in Settings):"
        assert [line.strip() for line in out[1:]] == [printer.address for printer in found]
        assert all(ADDRESS.match(line.strip()) for line in out[1:])
