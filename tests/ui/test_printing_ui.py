"""Printing from the desktop: a completed return prints, a dead printer only shows in the bar,
a reprint changes nothing saved, the preview shows the document, and the system-printer
sender prints through Qt's print path (a QPrinter writing a PDF, read back with poppler).
"""

import shutil
import socket
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QSpinBox
from pytestqt.qtbot import QtBot
from test_return_screen import (
    CLERK,
    CLERK_PIN,
    MANAGER,
    MANAGER_PIN,
    RECEIPT,
    _add_receipt,
    _person,
)

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.services import printing
from counter_app.services.case_documents import receipt_data
from counter_app.services.counter_settings import save_counter_settings
from counter_app.services.database import StoreDatabase
from ui.dialogs.document_preview import DocumentPreviewDialog
from ui.main_window import MainWindow
from ui.printing.system_sender import SystemPrinterSender
from ui.screens.find_case import FindCaseScreen
from ui.screens.return_screen import ReturnScreen

pytestmark = pytest.mark.gui
SignInAs = Callable[[MainWindow, str, str], None]
COUNTED_TABLES = ("service_case", "caseline", "payment", "storecredit", "auditevent", "outbox")


def _rows(data_dir: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(data_dir / "counter.sqlite")) as raw:
        return raw.execute(query).fetchall()


def _counts(data_dir: Path) -> dict[str, object]:
    return {
        table: _rows(data_dir, f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608 (our names)
        for table in COUNTED_TABLES
    }


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install -y poppler-utils zbar-tools"
    return found


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()


def _receipt_printer(database: StoreDatabase, **choice: str) -> None:
    """The manager sets where receipts print, through the settings service."""
    save_counter_settings(
        database=database,
        staff=_person(database, MANAGER, MANAGER_PIN),
        changes={"printers": {"receipt": choice}},
    )


def _switched_off_printer() -> str:
    """An ESC/POS network address on this PC where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp:127.0.0.1:{probe.getsockname()[1]}"


def _complete_a_return(qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs) -> str:
    """F3, scan the receipt, one kettle back, Ctrl+Enter: the case number saved."""
    sign_in_as(window, CLERK, CLERK_PIN)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    screen = window.case_screen
    assert isinstance(screen, ReturnScreen)
    qtbot.keyClicks(screen.receipt_field, RECEIPT)
    qtbot.keyClick(screen.receipt_field, Qt.Key.Key_Return)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QSpinBox)
    qtbot.keyClick(focused, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: "Refund" in screen.total_label.text())
    qtbot.keyClick(focused, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [(number,)] = _rows(window.database.path.parent, "SELECT number FROM service_case")
    assert isinstance(number, str)
    return number


def test_a_completed_return_prints_its_receipt_to_the_chosen_folder(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase, tmp_path: Path
) -> None:
    folder = tmp_path / "receipts"
    _receipt_printer(database, kind="pdf_folder", pdf_folder=str(folder))
    _add_receipt(database)

    number = _complete_a_return(qtbot, window, sign_in_as)

    qtbot.waitUntil(lambda: any(folder.glob("*.pdf")), timeout=15_000)
    (receipt,) = folder.glob("*.pdf")
    assert receipt.name == f"{number}-receipt.pdf"
    assert number in _pdf_text(receipt)
    qtbot.waitUntil(lambda: window.counter_status.printer_label.full_text() == "Printing: ready")


def test_a_printer_that_is_off_shows_in_the_status_bar_and_the_case_is_saved(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    address = _switched_off_printer()
    _receipt_printer(database, kind="escpos", escpos_address=address)
    _add_receipt(database)

    number = _complete_a_return(qtbot, window, sign_in_as)

    assert _rows(database.path.parent, "SELECT status FROM service_case") == [("resolved",)]
    label = window.counter_status.printer_label
    qtbot.waitUntil(lambda: address in label.toolTip(), timeout=15_000)
    assert label.full_text().startswith("Printing: The receipt printer at")
    # Shortened to fit once the status bar has laid out the longer text; the rest in the tooltip.
    qtbot.waitUntil(lambda: label.text().startswith("Printing: The"), timeout=5_000)
    assert label.text().endswith("…")
    assert "does not answer" in label.toolTip()
    assert "Ctrl+Shift+R" in label.toolTip()
    (waiting,) = printing.pending_jobs(database.path.parent)
    assert (waiting.reference, waiting.attempts) == (number, 1)

    # The clerk asks again (Ctrl+Shift+R): it is tried again at once, not after the wait.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.print_runner.pass_finished, timeout=15_000):
        qtbot.keyClick(
            window,
            Qt.Key.Key_R,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    qtbot.waitUntil(lambda: printing.pending_jobs(database.path.parent)[0].attempts == 2)


def test_reprint_from_find_case_prints_again_and_changes_nothing_saved(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase, tmp_path: Path
) -> None:
    folder = tmp_path / "receipts"
    _receipt_printer(database, kind="pdf_folder", pdf_folder=str(folder))
    _add_receipt(database)
    number = _complete_a_return(qtbot, window, sign_in_as)
    data_dir = database.path.parent
    qtbot.waitUntil(lambda: len(printing.printed_jobs(data_dir)) == 1, timeout=15_000)
    before = _counts(data_dir)

    window.find_case_number(number)
    screen = window.case_screen
    assert isinstance(screen, FindCaseScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    assert screen.shown_case_number() == number
    assert screen.reprint_button.isEnabled()
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: len(printing.printed_jobs(data_dir)) == 2, timeout=15_000)
    assert [job.reason for job in printing.printed_jobs(data_dir)] == ["completed", "reprint"]
    assert "prints again" in screen.print_message.text()
    # The same document again: the folder keeps the first and adds nothing different.
    assert [path.name for path in folder.glob("*.pdf")] == [f"{number}-receipt.pdf"]
    assert _counts(data_dir) == before


def test_the_preview_shows_the_receipt_and_prints_it_again(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase
) -> None:
    _add_receipt(database)
    number = _complete_a_return(qtbot, window, sign_in_as)
    window.find_case_number(number)
    screen = window.case_screen
    assert isinstance(screen, FindCaseScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    screen.table.setCurrentIndex(screen.model.index(0, 0))

    qtbot.keyClick(screen.table, Qt.Key.Key_F6)
    dialog = screen.preview_dialog
    assert isinstance(dialog, DocumentPreviewDialog)
    qtbot.waitUntil(lambda: dialog.pdf.pageCount() > 0, timeout=15_000)
    assert dialog.choice.currentText() == "Receipt"
    assert dialog.case_number == number
    assert dialog.pdf.pagePointSize(0).width() == pytest.approx(80 / 25.4 * 72, abs=1)

    with qtbot.waitSignal(dialog.reprint_requested) as asked:
        qtbot.keyClick(dialog.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked.args == [number]
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.case_screen is screen  # Esc closed the preview, not the screen


# ---------------------------------------------------------------------- the system printer


def _pdf_printer(target: Path) -> Callable[[Destination, DocumentJob], QPrinter]:
    def printer_for(destination: Destination, job: DocumentJob) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    return printer_for


def _info(pdfinfo: str, field: str) -> str:
    """One field of pdfinfo's answer."""
    return next(
        line.split(":", 1)[1].strip()
        for line in pdfinfo.splitlines()
        if line.startswith(field + ":")
    )


def _receipt_job(database: StoreDatabase, number: str, folder: Path) -> DocumentJob:
    """The receipt of a saved case as the print queue hands it to a printer."""
    folder.mkdir()
    pdf = printing.write_pdf_file(
        folder / "document.pdf",
        printing.document_pdf(database=database, document="receipt", reference=number),
    )
    return DocumentJob(
        job_id="system-printer-test",
        document="receipt",
        reference=number,
        pdf=pdf,
        content=receipt_data(database=database, case_ref=number),
    )


def test_the_system_printer_sender_prints_every_page_at_the_documents_size(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase, tmp_path: Path
) -> None:
    _add_receipt(database)
    number = _complete_a_return(qtbot, window, sign_in_as)
    job = _receipt_job(database, number, tmp_path / "queue")
    printed = tmp_path / "spooled.pdf"

    SystemPrinterSender(printer_for=_pdf_printer(printed), most_dpi=203).send(
        job, Destination(kind="system", system_printer="Front desk")
    )

    info = subprocess.run(
        [_tool("pdfinfo"), str(printed)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    original = subprocess.run(
        [_tool("pdfinfo"), str(job.pdf)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert _info(info, "Pages") == _info(original, "Pages") == "1"
    width, _, height, *_ = _info(info, "Page size").split()
    assert float(width) == pytest.approx(80 / 25.4 * 72, abs=1)  # the 80 mm roll, no margins
    assert float(height) == pytest.approx(float(_info(original, "Page size").split()[2]), abs=1)
    assert _info(info, "Title") == f"{number} receipt"
    # The page went through as an image: a barcode reader finds the case number on it.
    raster = tmp_path / "raster"
    subprocess.run(
        [_tool("pdftoppm"), "-r", "203", "-png", "-singlefile", str(printed), str(raster)],
        check=True,
        timeout=60,
    )
    decoded = subprocess.run(
        [_tool("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Scode128.enable", f"{raster}.png"],
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    assert number in decoded.split()


def test_a_system_printer_that_is_not_there_is_said_in_words(
    qtbot: QtBot, window: MainWindow, sign_in_as: SignInAs, database: StoreDatabase, tmp_path: Path
) -> None:
    _add_receipt(database)
    number = _complete_a_return(qtbot, window, sign_in_as)
    job = _receipt_job(database, number, tmp_path / "queue")
    sender = SystemPrinterSender()

    with pytest.raises(
        PrinterError, match="There is no printer called Back office laser on this PC"
    ):
        sender.send(job, Destination(kind="system", system_printer="Back office laser"))
    with pytest.raises(PrinterError, match="No system printer is chosen for the receipt"):
        sender.send(job, Destination(kind="system", system_printer=""))
