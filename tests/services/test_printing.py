"""The print queue on real demo cases: what is queued, how failures wait, and that nothing doubles.

Printers here are real: PDF folders on disk, and an ESC/POS network printer
played by a socket on 127.0.0.1 that keeps the bytes it is sent.
"""

import hashlib
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.devices.base import Destination, DocumentJob
from counter_app.domain.validation import InputError
from counter_app.services import printing
from counter_app.services.database import open_store_database
from counter_app.services.demo import seed_demo_store
from counter_app.services.errors import NotFoundError

DEMO_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
LATER = DEMO_NOW + timedelta(minutes=5)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, seeded once for this module (it takes seconds)."""
    folder = tmp_path_factory.mktemp("print-demo") / "data"
    database = open_store_database(folder).database
    try:
        seed_demo_store(database=database, now=DEMO_NOW)
    finally:
        database.dispose()
    return folder


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    database = open_store_database(folder).database
    try:
        yield database
    finally:
        database.dispose()


def one(database, query: str) -> str:
    with closing(sqlite3.connect(database.path)) as raw:
        row = raw.execute(query).fetchone()
    assert row is not None, f"the demo store has no row for: {query}"
    return str(row[0])


def cash_exchange_to_vendor(database) -> str:
    """An exchange paid out in cash whose item goes back to the vendor."""
    return one(
        database,
        "SELECT c.number FROM service_case c JOIN payment p ON p.case_id = c.id "
        "JOIN caseline l ON l.case_id = c.id AND l.direction = 'in' "
        "WHERE p.kind = 'refund' AND p.tender = 'cash' "
        "AND l.disposition = 'return_to_vendor' ORDER BY c.number",
    )


def voucher_return(database) -> tuple[str, str]:
    number = one(
        database,
        "SELECT c.number FROM service_case c JOIN storecredit s ON s.case_id = c.id "
        "JOIN caseline l ON l.case_id = c.id WHERE l.disposition = 'back_to_stock' "
        "ORDER BY c.number",
    )
    with closing(sqlite3.connect(database.path)) as raw:
        (code,) = raw.execute(
            "SELECT s.code FROM storecredit s JOIN service_case c ON c.id = s.case_id "
            "WHERE c.number = ?",
            (number,),
        ).fetchone()
    return number, code


def complaint(database) -> str:
    return one(database, "SELECT number FROM service_case WHERE case_type = 'complaint'")


def set_printers(data_dir: Path, **printers: dict) -> None:
    """This counter's settings file, as a manager would have saved it."""
    (data_dir / "counter-settings.json").write_text(json.dumps({"printers": printers}))


def pdf_text(path: Path) -> str:
    found = shutil.which("pdftotext")
    assert found, "pdftotext is missing: apt-get install -y poppler-utils"
    return subprocess.run(
        [found, "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()


class LoopbackPrinter:
    """An ESC/POS network printer on 127.0.0.1 that keeps each job it is sent."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.jobs: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"tcp:127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            received = bytearray()
            with connection:
                while chunk := connection.recv(65536):
                    received.extend(chunk)
            self.jobs.append(bytes(received))

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.listener.close()


@pytest.fixture
def loopback_printer() -> Iterator[LoopbackPrinter]:
    printer = LoopbackPrinter()
    try:
        yield printer
    finally:
        printer.close()


def switched_off_address() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp:127.0.0.1:{probe.getsockname()[1]}"


# --------------------------------------------------------------------------- queuing


def test_a_cash_exchange_queues_its_receipt_and_return_label(demo) -> None:
    number = cash_exchange_to_vendor(demo)

    jobs = printing.queue_case_documents(database=demo, case_ref=number, now=DEMO_NOW)

    assert [(job.document, job.reference) for job in jobs] == [
        ("receipt", number),
        ("return_label", number),
    ]
    receipt, label = jobs
    assert receipt.open_cash_drawer
    assert not label.open_cash_drawer
    assert all(job.attempts == 0 and job.last_error is None for job in jobs)
    assert number in pdf_text(receipt.pdf)
    assert "Return to vendor" in pdf_text(label.pdf)
    assert [job.job_id for job in printing.pending_jobs(demo.path.parent)] == [
        receipt.job_id,
        label.job_id,
    ]


def test_a_store_credit_return_queues_its_receipt_and_voucher_but_no_label(demo) -> None:
    number, code = voucher_return(demo)

    jobs = printing.queue_case_documents(database=demo, case_ref=number)

    assert [(job.document, job.reference) for job in jobs] == [
        ("receipt", number),
        ("voucher", code),
    ]
    assert code in pdf_text(jobs[1].pdf)
    assert not any(job.open_cash_drawer for job in jobs)


def test_a_complaint_queues_its_receipt_alone(demo) -> None:
    jobs = printing.queue_case_documents(database=demo, case_ref=complaint(demo))

    assert [job.document for job in jobs] == ["receipt"]
    assert "COMPLAINT RECEIPT" in pdf_text(jobs[0].pdf)


def test_completing_twice_queues_once_and_a_reprint_never_opens_the_drawer(demo) -> None:
    number = cash_exchange_to_vendor(demo)
    first = printing.queue_case_documents(database=demo, case_ref=number)

    again = printing.queue_case_documents(database=demo, case_ref=number)
    reprint = printing.queue_case_documents(database=demo, case_ref=number, reason="reprint")

    assert [job.job_id for job in again] == [job.job_id for job in first]
    assert {job.job_id for job in reprint}.isdisjoint(job.job_id for job in first)
    assert not any(job.open_cash_drawer for job in reprint)
    assert len(printing.pending_jobs(demo.path.parent)) == 4


def test_unknown_cases_and_reasons_are_refused(demo) -> None:
    with pytest.raises(NotFoundError, match=r"No case S012-20261123-9999 at this store\."):
        printing.queue_case_documents(database=demo, case_ref="S012-20261123-9999")
    with pytest.raises(InputError, match="completed or as a reprint"):
        printing.queue_case_documents(
            database=demo,
            case_ref=complaint(demo),
            reason="again",  # type: ignore[arg-type]
        )
    assert printing.pending_jobs(demo.path.parent) == []


def test_a_queue_that_cannot_be_written_says_the_case_is_saved(demo) -> None:
    (demo.path.parent / printing.QUEUE_FOLDER).write_text("a file where the queue should be")

    with pytest.raises(printing.PrintNotQueuedError, match="the case itself is saved"):
        printing.queue_case_documents(database=demo, case_ref=complaint(demo))


# --------------------------------------------------------------------------- printing


def database_state(database) -> tuple[str, list[str]]:
    """The database file's bytes (hashed) and its rows, read with plain sqlite3."""
    database.dispose()  # checkpoints the WAL into the file
    with closing(sqlite3.connect(database.path)) as raw:
        rows = list(raw.iterdump())
    return hashlib.sha256(database.path.read_bytes()).hexdigest(), rows


def test_queuing_and_printing_twice_leaves_the_database_byte_for_byte_unchanged(
    demo_template, tmp_path
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    database = open_store_database(folder).database
    number = cash_exchange_to_vendor(database)
    before = database_state(database)

    database = open_store_database(folder).database
    try:
        for _ in range(2):
            printing.queue_case_documents(database=database, case_ref=number, reason="reprint")
            run = printing.print_pending(data_dir=folder)
            assert [job.document for job in run.printed] == ["receipt", "return_label"]
    finally:
        after = database_state(database)

    assert after == before
    # Each print is kept as a printed job; the folder holds each document once, because
    # a reprint renders the very same bytes and a file is never written over.
    assert len(printing.printed_jobs(folder)) == 4
    saved = sorted(path.name for path in (folder / "printed").iterdir())
    assert saved == [f"{number}-receipt.pdf", f"{number}-return_label.pdf"]


def test_printed_jobs_move_aside_and_are_kept_for_a_while(demo) -> None:
    data_dir = demo.path.parent
    jobs = printing.queue_case_documents(database=demo, case_ref=complaint(demo), now=DEMO_NOW)

    run = printing.print_pending(data_dir=data_dir, now=LATER)

    assert [job.job_id for job in run.printed] == [jobs[0].job_id]
    assert run.failed == ()
    assert run.waiting == 0
    kept = printing.printed_jobs(data_dir)
    assert [(job.job_id, job.printed_at) for job in kept] == [(jobs[0].job_id, LATER)]
    assert (
        kept[0].pdf.read_bytes()
        == (data_dir / "printed" / f"{jobs[0].reference}-receipt.pdf").read_bytes()
    )
    assert printing.queue_status(data_dir) == printing.QueueStatus(0, 0, None, None)

    printing.print_pending(data_dir=data_dir, now=LATER + timedelta(days=29))
    assert len(printing.printed_jobs(data_dir)) == 1
    printing.print_pending(data_dir=data_dir, now=LATER + timedelta(days=31))
    assert printing.printed_jobs(data_dir) == []


def test_a_printer_that_is_off_keeps_the_job_with_its_error_and_next_try(
    demo, loopback_printer
) -> None:
    data_dir = demo.path.parent
    switched_off = switched_off_address()
    set_printers(data_dir, receipt={"kind": "escpos", "escpos_address": switched_off})
    number = cash_exchange_to_vendor(demo)
    receipt, label = printing.queue_case_documents(database=demo, case_ref=number, now=DEMO_NOW)

    run = printing.print_pending(data_dir=data_dir, now=LATER, rng=random.Random(5))

    # The label goes to its own printer (a PDF folder) whatever the receipt printer does.
    assert [job.job_id for job in run.printed] == [label.job_id]
    (failed,) = run.failed
    assert failed.job_id == receipt.job_id
    assert failed.attempts == 1
    assert failed.last_error == (
        f"The receipt printer at {switched_off} does not answer. Check it is on and "
        "connected; the receipt stays queued."
    )
    assert LATER + timedelta(seconds=15) <= failed.next_try_at <= LATER + timedelta(seconds=30)
    assert printing.queue_status(data_dir) == printing.QueueStatus(
        waiting=1, failing=1, last_error=failed.last_error, next_try_at=failed.next_try_at
    )
    (stored,) = printing.pending_jobs(data_dir)
    assert (stored.attempts, stored.last_error, stored.next_try_at) == (
        1,
        failed.last_error,
        failed.next_try_at,
    )

    # Before its next try nothing is sent; after it, the job is tried again.
    assert printing.print_pending(data_dir=data_dir, now=LATER).failed == ()
    second = printing.print_pending(data_dir=data_dir, now=LATER + timedelta(hours=1))
    assert [job.attempts for job in second.failed] == [2]

    # The printer is back: the receipt prints whole, cut, and opens the drawer once.
    set_printers(data_dir, receipt={"kind": "escpos", "escpos_address": loopback_printer.address})
    fixed = printing.print_pending(
        data_dir=data_dir, now=LATER + timedelta(hours=1), retry_now=True
    )
    assert [job.job_id for job in fixed.printed] == [receipt.job_id]
    assert printing.queue_status(data_dir).waiting == 0
    loopback_printer.close()
    (sent,) = loopback_printer.jobs
    assert number.encode() in sent
    assert sent.count(b"\x1dV") == 1  # one cut
    assert sent.count(b"\x1bp") == 1  # one drawer kick


def test_a_system_printer_waits_for_the_desktops_sender(demo, tmp_path) -> None:
    data_dir = demo.path.parent
    set_printers(data_dir, receipt={"kind": "system", "system_printer": "Front desk"})
    (job,) = printing.queue_case_documents(database=demo, case_ref=complaint(demo))

    run = printing.print_pending(data_dir=data_dir)
    assert "only the Counter desktop can print to" in run.failed[0].last_error

    class DesktopSender:
        """What the desktop plugs in: here it copies the PDF where a spooler would take it."""

        def __init__(self) -> None:
            self.sent: list[tuple[str, str]] = []

        def send(self, job: DocumentJob, destination: Destination) -> None:
            shutil.copy(job.pdf, tmp_path / "spooled.pdf")
            self.sent.append((job.reference, destination.system_printer))

    sender = DesktopSender()
    printed = printing.print_pending(data_dir=data_dir, senders={"system": sender}, retry_now=True)
    assert [done.job_id for done in printed.printed] == [job.job_id]
    assert sender.sent == [(job.reference, "Front desk")]
    assert job.reference in pdf_text(tmp_path / "spooled.pdf")


def test_half_written_jobs_are_never_sent_and_are_cleaned_when_stale(demo) -> None:
    data_dir = demo.path.parent
    (whole,) = printing.queue_case_documents(database=demo, case_ref=complaint(demo))
    queue = printing.queue_folder(data_dir)
    # A crash while queuing leaves a partial folder (whole files in it or not) ...
    stale = queue / ".partial-20261122T100000000000Z-000-dead"
    shutil.copytree(whole.folder, stale)
    fresh = queue / ".partial-20261123T150000000000Z-000-busy"
    fresh.mkdir()
    (fresh / "document.pdf").write_bytes(b"%PDF-1.4 half")
    # ... and a job folder whose job.json never got written is no job either.
    no_record = queue / "20261122T100000000000Z-000-norecord"
    no_record.mkdir()
    (no_record / "document.pdf").write_bytes(whole.pdf.read_bytes())
    old = (datetime.now(UTC) - timedelta(hours=1)).timestamp()
    for folder in (stale, no_record):
        os.utime(folder, (old, old))

    run = printing.print_pending(data_dir=data_dir)

    assert [job.job_id for job in run.printed] == [whole.job_id]
    assert len(list((data_dir / "printed").iterdir())) == 1  # only the whole job was sent
    assert not stale.exists()
    assert not no_record.exists()
    assert fresh.exists()  # it may still be being written
    assert printing.queue_status(data_dir).waiting == 0


def test_a_job_printed_just_before_a_crash_is_moved_aside_not_printed_again(demo) -> None:
    data_dir = demo.path.parent
    (job,) = printing.queue_case_documents(database=demo, case_ref=complaint(demo))
    # The crash came after the print was recorded in job.json, before the folder moved.
    record_file = job.folder / "job.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["printed_at"] = LATER.isoformat()
    record_file.write_text(json.dumps(record), encoding="utf-8")

    run = printing.print_pending(data_dir=data_dir)

    assert run.printed == ()
    assert run.failed == ()
    assert not (data_dir / "printed").exists()  # the PDF folder printer was not sent it again
    assert [(done.job_id, done.printed_at) for done in printing.printed_jobs(data_dir)] == [
        (job.job_id, LATER)
    ]
    assert printing.queue_status(data_dir).waiting == 0


def test_retry_waits_double_with_jitter_up_to_half_an_hour() -> None:
    rng = random.Random(7)
    for attempts in range(1, 20):
        full = min(timedelta(seconds=30) * 2 ** (attempts - 1), timedelta(minutes=30))
        wait = printing.retry_wait(attempts, rng=rng)
        assert full / 2 <= wait <= full
    waits = {printing.retry_wait(3, rng=rng) for _ in range(20)}
    assert len(waits) > 1  # jitter: counters that were offline together do not retry together


# --------------------------------------------------------------------------- documents on demand


def test_document_pdf_renders_without_queuing(demo) -> None:
    number = cash_exchange_to_vendor(demo)

    content = printing.document_pdf(database=demo, document="receipt", reference=number, paper="a4")

    path = demo.path.parent / "preview.pdf"
    path.write_bytes(content)
    assert number in pdf_text(path)
    assert printing.pending_jobs(demo.path.parent) == []


def test_the_return_label_ships_to_the_counters_returns_address(demo) -> None:
    number = cash_exchange_to_vendor(demo)
    path = demo.path.parent / "label.pdf"
    path.write_bytes(
        printing.document_pdf(database=demo, document="return_label", reference=number)
    )
    assert "Counter Head Office" in pdf_text(path)  # nothing set: the returns centre by name
    address = "Returns Centre\nUnit 4, Harbour Road\nDublin D01 X2Y3"
    (demo.path.parent / "counter-settings.json").write_text(
        json.dumps({"returns_address": address})
    )

    path.write_bytes(
        printing.document_pdf(database=demo, document="return_label", reference=number)
    )

    text = pdf_text(path)
    for line in address.splitlines():
        assert line in text
    assert "Counter Head Office" not in text


def test_an_a4_voucher_renders_first_in_a_fresh_process() -> None:
    script = (
        "from counter_app.documents.content import StoreHeading, VoucherData\n"
        "from counter_app.documents.voucher import render_voucher\n"
        "data = VoucherData(StoreHeading('Shop', 'Street 1', '+1'), 'SC-AAAAA-BBBBB', "
        "'€10.00', '€10.00', '23 Nov 2026', None, None, ('Not exchangeable for cash.',))\n"
        "assert render_voucher(data, paper='a4').startswith(b'%PDF')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
