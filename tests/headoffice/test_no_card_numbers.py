"""No full card number is stored, logged, printed or synced, wherever a clerk types one.

A store is given card numbers in every free-text place a clerk can reach
(summaries, reasons, descriptions, customer names, complaint text, the card
last-four field, notes, the search box), in plain, spaced and dashed forms.
Then its receipts are printed to PDF, it syncs to a real head office through
a loopback proxy that keeps every request body, and everything is scanned for
a run of 13 to 19 digits (spaces or dashes allowed between them) that passes
the Luhn check: the store's database file and WAL, the head office's stored
events (and its SQLite file), the head office's log, the store's log records,
the PDFs' text and the sync traffic.
"""

import logging
import re
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fault_proxy import FaultProxy
from headoffice_harness import HeadOfficeServer, SyncingStore
from sqlalchemy.engine import make_url

from counter_app.domain.card_numbers import is_luhn_valid
from counter_app.domain.staff import Role
from counter_app.domain.validation import InputError
from counter_app.services import case_notes, complaints, intake, printing, search
from counter_app.services.day_close import close_day
from counter_app.services.staff import SignedIn, record_lock
from counter_app.sync.runner import SyncTarget, sync_once

PANS = (
    "4111111111111111",
    "5555555555554444",
    "378282246310005",
    "4111 1111 1111 1111",
    "5555-5555-5555-4444",
    "3782 822463 10005",
    "4012888888881881",
)
# A digit run, with single spaces or dashes allowed between digits.
_DIGIT_RUN = re.compile(r"\d(?:[ \-]?\d)+")


class RecordingProxy(FaultProxy):
    """The fault proxy, passing everything through and keeping each request it forwards."""

    def __init__(self, upstream_port: int) -> None:
        super().__init__(upstream_port, pattern="/")
        self.requests: list[bytes] = []

    def _forward(self, request: bytes) -> bytes:
        self.requests.append(request)
        return super()._forward(request)


def _joined(text: str, start: int, end: int) -> bool:
    """Whether the run ``text[start:end]`` is part of a longer token (a hash, a UUID)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return True
    if before == "-" and start > 1 and text[start - 2].isalnum():
        return True
    return after == "-" and end + 1 < len(text) and text[end + 1].isalnum()


def card_numbers_in(text: str) -> list[str]:
    """Every run of 13-19 digits in ``text`` (spaces or dashes between) that passes Luhn.

    A run is taken whole and on its own: digits inside a longer token (a hex
    hash, a UUID, a longer number) are not a card number.
    """
    found = []
    for run in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"[ \-]", "", run.group())
        whole = not _joined(text, run.start(), run.end())
        if whole and 13 <= len(digits) <= 19 and is_luhn_valid(digits):
            found.append(run.group())
    return found


def _planted_forms() -> set[str]:
    """Each planted number as typed and as bare digits."""
    return {*PANS, *(re.sub(r"[ \-]", "", pan) for pan in PANS)}


def sqlite_cells(path: Path) -> Iterator[tuple[str, str]]:
    """("table.column", text) for every text or blob cell of every table in a SQLite file.

    The file's raw bytes run values together (a timestamp straight after a
    number), so a Luhn scan reads each cell alone; the raw bytes are searched
    for the planted numbers themselves.
    """
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        tables = [
            row[0]
            for row in raw.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            columns = [row[1] for row in raw.execute(f'PRAGMA table_info("{table}")')]
            for row in raw.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", errors="replace")
                    if isinstance(value, str):
                        yield f"{table}.{column}", value


def catalog_barcodes(path: Path) -> set[str]:
    """The store's product barcodes: EAN-13s, of which one in ten passes Luhn by chance."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        return {row[0] for row in raw.execute("SELECT barcode FROM productbarcode")}


def _staff(store: SyncingStore, role: Role) -> SignedIn:
    [(staff_id, store_id, name)] = store.sql(
        "SELECT id, store_id, name FROM staff WHERE role = ? AND active ORDER BY name LIMIT 1",
        (role.value,),
    )
    return SignedIn(uuid.UUID(staff_id), uuid.UUID(store_id), name, role)


def _plant(store: SyncingStore) -> tuple[list[str], int]:
    """Type the card numbers everywhere a clerk can; the case numbers opened and refusals."""
    clerk = _staff(store, Role.CLERK)
    database = store.database
    numbers: list[str] = []
    refused = 0
    for pan in PANS:
        opened = intake.open_case(
            database=database,
            staff=clerk,
            request={
                "case_type": "return",
                "summary": f"Customer read out {pan}",
                "receipt_number": None,
                "customer": {"name": f"Pat {pan}", "consent": True},
                "lines": [
                    {
                        "direction": "in",
                        "description": f"Kettle paid by {pan}",
                        "quantity": 1,
                        "condition": "opened",
                        "unit_price": "19.99",
                        "reason": f"card {pan}",
                    }
                ],
            },
        )
        numbers.append(opened.number)
        try:  # a phone number the length of a card number
            intake.open_case(
                database=database,
                staff=clerk,
                request={
                    "case_type": "complaint",
                    "summary": "Call back",
                    "customer": {"name": "Pat Byrne", "phone": pan, "consent": True},
                    "complaint": {
                        "category": "Product quality",
                        "severity": "low",
                        "description": "Wants a call back",
                        "desired_outcome": "Call",
                    },
                },
            )
        except InputError:
            refused += 1
        try:  # an email address made of a card number
            intake.open_case(
                database=database,
                staff=clerk,
                request={
                    "case_type": "complaint",
                    "summary": "Email back",
                    "customer": {
                        "name": "Pat Byrne",
                        "email": f"{pan.replace(' ', '')}@example.com",
                        "consent": True,
                    },
                    "complaint": {
                        "category": "Product quality",
                        "severity": "low",
                        "description": "Wants an email",
                        "desired_outcome": "Email",
                    },
                },
            )
        except InputError:
            refused += 1
        complaint = intake.open_case(
            database=database,
            staff=clerk,
            request={
                "case_type": "complaint",
                "summary": f"Charged twice on {pan}",
                "complaint": {
                    "category": "Product quality",
                    "severity": "medium",
                    "description": f"My card {pan} was charged twice",
                    "desired_outcome": f"Refund to {pan}",
                },
            },
        )
        numbers.append(complaint.number)
        case_notes.add_note(
            database=database, staff=clerk, case_ref=complaint.number, body=f"Card {pan}"
        )
        try:
            complaints.resolve_complaint(
                database=database,
                staff=clerk,
                case_ref=complaint.number,
                request={
                    "accommodation": "apology",
                    "note": f"Told them {pan} is fine",
                    "card_last4": pan,
                },
            )
        except InputError:
            refused += 1  # the last-four field refuses a whole card number outright
        search.search_cases(database=database, query={"text": pan})
    record_lock(database=database, person=clerk, reason="manual")  # a session end syncs too
    return numbers, refused


def _pdf_text(pdf: bytes, folder: Path, name: str) -> str:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    found = shutil.which("pdftotext")
    assert found, "pdftotext is missing: apt-get install -y poppler-utils"
    return subprocess.run(
        [found, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()


@pytest.mark.slow
def test_no_card_number_is_stored_logged_printed_or_synced(
    head_office: HeadOfficeServer,
    syncing_store: SyncingStore,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    numbers, refused = _plant(syncing_store)
    assert refused >= len(PANS)  # the last-four field refuses each; a phone field most

    printed: dict[str, str] = {}
    for number in numbers:
        printed[f"receipt {number}"] = _pdf_text(
            printing.document_pdf(
                database=syncing_store.database,
                document="receipt",
                reference=number,
                paper="a4",  # the harness's long store codes make case barcodes too wide for a roll
            ),
            tmp_path,
            f"receipt-{number}",
        )
    manager = _staff(syncing_store, Role.MANAGER)
    closed = close_day(
        database=syncing_store.database,
        staff=manager,
        day=datetime.now(ZoneInfo(syncing_store.sql("SELECT timezone FROM store")[0][0])).date(),
        counted_cash="0",
        note=f"Customer left card {PANS[0]} at the till",
    )
    printed["z report"] = _pdf_text(
        printing.document_pdf(
            database=syncing_store.database,
            document="z_report",
            reference=closed.day.isoformat(),
            paper="a4",
        ),
        tmp_path,
        "z-report",
    )
    [(voucher,)] = syncing_store.sql("SELECT code FROM storecredit ORDER BY code LIMIT 1")
    printed["voucher"] = _pdf_text(
        printing.document_pdf(
            database=syncing_store.database, document="voucher", reference=voucher, paper="a4"
        ),
        tmp_path,
        "voucher",
    )
    assert all(text.strip() for text in printed.values())

    with RecordingProxy(int(head_office.url.rsplit(":", 1)[1])) as proxy:
        report = sync_once(
            syncing_store.database, SyncTarget(url=proxy.url, token=syncing_store.token)
        )
    assert report.pushed.applied > 0
    assert syncing_store.waiting() == 0
    assert syncing_store.sql(
        "SELECT count(*) FROM outbox WHERE kind = 'staff.locked' AND sent_at IS NOT NULL"
    ) == [(1,)]
    traffic = b"".join(proxy.requests)
    assert b"Customer read out" in traffic  # the planted cases did go

    stored_events = "\n".join(
        str(row)
        for row in head_office.sql(
            "SELECT e.payload FROM ho_event e JOIN ho_store s ON s.id = e.store_id "
            "WHERE s.code = :code",
            code=syncing_store.code,
        )
    )
    assert "Customer read out" in stored_events

    barcodes = catalog_barcodes(syncing_store.database.path)
    syncing_store.database.dispose()  # checkpoints the WAL into the file
    texts: dict[str, list[str]] = {}
    for where, value in sqlite_cells(syncing_store.database.path):
        texts.setdefault(f"store {where}", []).append(value)
    if head_office.database_url.startswith("sqlite"):
        for where, value in sqlite_cells(Path(make_url(head_office.database_url).database or "")):
            texts.setdefault(f"head office {where}", []).append(value)
    texts["head office events"] = [stored_events]
    texts["head office log"] = [head_office.log_path.read_text(errors="replace")]
    texts["store log records"] = [
        record.getMessage() + (record.exc_text or "") for record in caplog.records
    ]
    texts["sync traffic"] = [traffic.decode("utf-8", errors="replace")]
    texts.update({name: [text] for name, text in printed.items()})
    raw_files = [syncing_store.database.path, *syncing_store.folder.glob("*.sqlite-*")]

    scanned = 0
    for name, values in texts.items():
        for value in values:
            scanned += len(value)
            leaked = [found for found in card_numbers_in(value) if found not in barcodes]
            assert leaked == [], f"{name} holds a card number: {leaked}"
            for form in _planted_forms():
                assert form not in value, f"{name} holds {form}"
    for file in raw_files:
        content = file.read_bytes()
        scanned += len(content)
        for form in _planted_forms():
            assert form.encode("utf-8") not in content, f"{file.name} holds {form}"
            assert form.encode("utf-16-le") not in content, f"{file.name} holds {form}"
    print(  # the figures for docs/RELIABILITY.md, shown with -s
        f"planted {len(PANS)} numbers in {len(numbers)} cases; scanned {len(texts)} places, "
        f"{len(raw_files)} raw files, {scanned} characters and bytes"
    )
