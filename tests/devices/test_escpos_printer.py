"""ESC/POS printing from real demo cases: the bytes checked for the cut, drawer kick and barcode."""

import re
from pathlib import Path

import pytest
from escpos.printer import Dummy

from counter_app.devices.base import Destination, DocumentJob, PrinterError
from counter_app.devices.escpos_printer import (
    EscposPrinter,
    label_ticket,
    receipt_ticket,
    voucher_ticket,
)
from counter_app.services.case_documents import label_data, receipt_data, voucher_data

CUT = b"\x1dV"  # GS V
DRAWER_KICK = b"\x1bp"  # ESC p
CODE128 = b"\x1dkI"  # GS k 73: Code 128, function B


def _one(database, query: str) -> str:
    with database.read() as session:
        row = session.connection().exec_driver_sql(query).first()
    assert row is not None, f"the demo store has no row for: {query}"
    return str(row[0])


def cash_refund_case(database) -> str:
    return _one(
        database,
        "SELECT c.number FROM service_case c JOIN payment p ON p.case_id = c.id "
        "WHERE p.kind = 'refund' AND p.tender = 'cash' ORDER BY c.number",
    )


def receipt_job(database, number: str, *, drawer: bool, tmp_path: Path) -> DocumentJob:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(b"%PDF-1.4 not read by a text printer")
    return DocumentJob(
        job_id="job-1",
        document="receipt",
        reference=number,
        pdf=pdf,
        content=receipt_data(database=database, case_ref=number),
        open_cash_drawer=drawer,
    )


def test_cash_refund_receipt_is_text_code128_cut_then_drawer_kick(demo, tmp_path) -> None:
    number = cash_refund_case(demo)
    dummy = Dummy()
    job = receipt_job(demo, number, drawer=True, tmp_path=tmp_path)

    EscposPrinter(connect=lambda address: dummy).send(
        job, Destination(kind="escpos", escpos_address="usb:04b8:0202", columns=42)
    )

    output = dummy.output
    assert b"EXCHANGE RECEIPT" in output
    assert b"Refunded to cash" in output
    # The hardware Code 128 carries the case number behind the code-set prefix {B.
    barcode = CODE128 + bytes([len(number) + 2]) + b"{B" + number.encode("ascii")
    assert barcode in output
    assert CUT in output
    assert DRAWER_KICK in output
    assert output.index(barcode) < output.index(CUT) < output.index(DRAWER_KICK)


def test_a_receipt_without_cash_paid_out_never_opens_the_drawer(demo, tmp_path) -> None:
    number = cash_refund_case(demo)
    dummy = Dummy()

    EscposPrinter(connect=lambda address: dummy).send(
        receipt_job(demo, number, drawer=False, tmp_path=tmp_path),
        Destination(kind="escpos", escpos_address="usb:04b8:0202"),
    )

    assert CUT in dummy.output
    assert DRAWER_KICK not in dummy.output


@pytest.mark.parametrize("columns", [42, 44, 48])
def test_every_demo_receipt_fits_the_printers_columns(demo, columns) -> None:
    with demo.read() as session:
        numbers = [
            row[0]
            for row in session.connection().exec_driver_sql(
                "SELECT number FROM service_case WHERE status IN ('resolved', 'closed') "
                "ORDER BY number"
            )
        ]
    assert numbers
    widest = 0
    for number in numbers:
        ticket = receipt_ticket(receipt_data(database=demo, case_ref=number), columns)
        lines = [text for text, _style in ticket.lines + ticket.after_barcode]
        widest = max(widest, *(len(line) for line in lines))
        assert ticket.code == number
        assert any(number in line for line in lines)
        # The store's address keeps its own lines, each centred.
        assert ("Dublin 2, D02 XY12", "center") in ticket.lines
        assert ("Ireland", "center") in ticket.lines
    assert widest == columns  # rules run the full width, and nothing runs past it


def test_voucher_and_label_tickets_carry_their_codes(demo) -> None:
    code = _one(demo, "SELECT code FROM storecredit ORDER BY code")
    voucher = voucher_ticket(voucher_data(database=demo, code=code), 48)
    assert voucher.code == code
    # The terms follow the code, as on the PDF voucher.
    assert any("Not exchangeable for cash." in text for text, _ in voucher.after_barcode)

    number = _one(
        demo,
        "SELECT c.number FROM service_case c JOIN caseline l ON l.case_id = c.id "
        "WHERE l.disposition = 'return_to_vendor' ORDER BY c.number",
    )
    label = label_ticket(label_data(database=demo, case_ref=number), 48)
    assert label.code == number
    assert any("Return to vendor" in text for text, _ in label.lines)


def test_a_network_printer_receives_the_whole_receipt(demo, tmp_path, loopback_printer) -> None:
    number = cash_refund_case(demo)

    EscposPrinter().send(
        receipt_job(demo, number, drawer=True, tmp_path=tmp_path),
        Destination(kind="escpos", escpos_address=loopback_printer.address, columns=48),
    )

    received = loopback_printer.job()
    assert number.encode() in received
    assert received.index(CUT) < received.index(DRAWER_KICK)
    assert CUT in received
    assert loopback_printer.connections == 1


def test_a_printer_that_is_off_leaves_words_a_clerk_can_act_on(demo, tmp_path, closed_port) -> None:
    address = f"tcp:127.0.0.1:{closed_port}"
    job = receipt_job(demo, cash_refund_case(demo), drawer=True, tmp_path=tmp_path)

    with pytest.raises(PrinterError) as refused:
        EscposPrinter().send(job, Destination(kind="escpos", escpos_address=address))

    assert str(refused.value) == (
        f"The receipt printer at {address} does not answer. Check it is on and connected; "
        "the receipt stays queued."
    )


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("serial:/dev/ttyCOUNTER-NONE", "does not answer"),
        ("usb:04b8:0e15", "does not answer"),
        ("lpt:1", "is not a printer address"),
        ("tcp:printer:ninety", "is not a printer address"),
        ("", "No address is set for the receipt printer"),
    ],
)
def test_unreachable_or_wrong_addresses_raise_printer_errors(
    demo, tmp_path, address, words
) -> None:
    job = receipt_job(demo, cash_refund_case(demo), drawer=False, tmp_path=tmp_path)

    with pytest.raises(PrinterError) as refused:
        EscposPrinter().send(job, Destination(kind="escpos", escpos_address=address))

    assert words in str(refused.value)
    assert re.search(r"stays queued|Correct it in Settings", str(refused.value))
