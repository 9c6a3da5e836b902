"""The print queue: completing a case never waits for a printer, nor fails because of one.

Documents are rendered and queued in the data folder (``print-queue/``), one
folder per job holding ``job.json`` (what to print, where it stands) and
``document.pdf``. A job appears whole or not at all: it is written in a
``.partial-`` folder and renamed into place; a partial folder left by a crash
is never sent, and is removed once it is old enough that no writer can still
be filling it. Every later change to ``job.json`` is a new file renamed over
the old one.

:func:`print_pending` sends the jobs that are due, oldest first, each to the
printer this counter's settings name for its kind of document. A printer that
fails leaves its job queued with the error in words, the number of attempts
and when it is tried again (waits that double, with jitter, up to half an
hour). A printed job moves to ``print-queue/printed/`` and is kept there
:data:`PRINTED_KEEP_DAYS` days from when it was queued; any document can also
be printed again from its case at any time (``reason="reprint"``).

A closed day's Z report (:func:`queue_z_report`) is queued the same way, after
the close is saved and outside its unit of work, and goes to the receipt
printer: it is a slip on the receipt roll, filed with the counted cash.

Delivery is at least once: a crash after a printer took a job but before the
job was marked printed sends it again at the next pass (a PDF folder then finds
its own file and writes nothing new).

Printing reads the database and never writes to it: no case, payment, audit
event or outbox row changes, so printing a document twice counts nothing twice.
"""

import json
import logging
import os
import random
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import TypeAdapter, ValidationError
from sqlmodel import select

from counter_app.devices.base import (
    DOCUMENT_WORDS,
    Destination,
    DocumentJob,
    DocumentKind,
    DocumentPrinter,
    PrinterError,
    PrinterKind,
)
from counter_app.devices.pdf_folder import PdfFolderPrinter
from counter_app.devices.system_printer import NoSystemPrinter
from counter_app.documents.content import LabelData, ReceiptData, VoucherData, ZReportData
from counter_app.domain.validation import InputError
from counter_app.i18n import say
from counter_app.services.case_documents import label_data, receipt_data, voucher_data
from counter_app.services.case_records import find_case
from counter_app.services.counter_settings import (
    CounterSettings,
    PrinterChoice,
    load_counter_settings,
)
from counter_app.services.durable_files import disk_problem, sync_folder
from counter_app.services.errors import ServiceError
from counter_app.services.z_report import z_report_data
from db.store.database import StoreDatabase
from db.store.models import CaseLine, Payment, StoreCredit

if TYPE_CHECKING:  # the documents (and reportlab) load with the first document rendered
    from counter_app.documents.receipt import Paper

log = logging.getLogger("counter.print")

Reason = Literal["completed", "reprint"]
REASONS: tuple[Reason, ...] = ("completed", "reprint")
DOCUMENTS: tuple[DocumentKind, ...] = ("receipt", "return_label", "voucher", "z_report")
# The settings' printer each document goes to: the Z report prints on the receipt roll.
PRINTER_SETTING: dict[str, str] = {
    "receipt": "receipt",
    "return_label": "return_label",
    "voucher": "voucher",
    "z_report": "receipt",
}
QUEUE_FOLDER = "print-queue"
PRINTED_SUBFOLDER = "printed"
JOB_FILE = "job.json"
PDF_FILE = "document.pdf"
PARTIAL_PREFIX = ".partial-"
JOB_FORMAT = 1
PRINTED_KEEP_DAYS = 30
# A partial job folder younger than this may still be being written by another thread.
PARTIAL_GRACE = timedelta(minutes=10)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=30)
# Goods that leave the store need a label: to the vendor, or to the returns centre to be
# written off there. Goods going back to stock stay in the store.
LABELLED_DISPOSITIONS = frozenset({"return_to_vendor", "damaged"})

_CONTENT: dict[str, TypeAdapter[Any]] = {
    "receipt": TypeAdapter(ReceiptData),
    "return_label": TypeAdapter(LabelData),
    "voucher": TypeAdapter(VoucherData),
    "z_report": TypeAdapter(ZReportData),
}
STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"  # starts every job folder's name: oldest sorts first
_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9_-]+")
_RUN_LOCKS: dict[Path, threading.Lock] = {}
_RUN_LOCKS_GUARD = threading.Lock()


class PrintNotQueuedError(ServiceError):
    """The print queue could not be written: the data folder is read-only or the disk full."""


@dataclass(frozen=True)
class PrintJob:
    """A queued (or printed) document and where it stands."""

    job_id: str
    document: DocumentKind
    reference: str  # the case number; the voucher code; the closed day (ISO) of a Z report
    case_number: str | None
    reason: Reason
    created_at: datetime
    open_cash_drawer: bool
    attempts: int
    last_error: str | None
    last_tried_at: datetime | None
    next_try_at: datetime | None
    printed_at: datetime | None
    folder: Path

    @property
    def pdf(self) -> Path:
        """The rendered document, for a preview or a printer."""
        return self.folder / PDF_FILE


@dataclass(frozen=True)
class PrintRun:
    """What one pass over the queue did."""

    printed: tuple[PrintJob, ...]
    failed: tuple[PrintJob, ...]
    waiting: int  # jobs still queued after the pass, failed ones included


@dataclass(frozen=True)
class QueueStatus:
    """The queue at a glance, for the status bar."""

    waiting: int
    failing: int
    last_error: str | None
    next_try_at: datetime | None


# ---------------------------------------------------------------------- folders


def queue_folder(data_dir: Path) -> Path:
    """Where this counter's print jobs wait."""
    return data_dir / QUEUE_FOLDER


def printed_folder(data_dir: Path) -> Path:
    """Where printed jobs are kept for a while."""
    return queue_folder(data_dir) / PRINTED_SUBFOLDER


def _write_file(path: Path, content: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


Content = ReceiptData | LabelData | VoucherData | ZReportData


def _stored(job: PrintJob, content: Content | None) -> bytes:
    def moment(value: datetime | None) -> str | None:
        return value.astimezone(UTC).isoformat() if value else None

    record: dict[str, Any] = {
        "format": JOB_FORMAT,
        "job_id": job.job_id,
        "document": job.document,
        "reference": job.reference,
        "case_number": job.case_number,
        "reason": job.reason,
        "created_at": moment(job.created_at),
        "open_cash_drawer": job.open_cash_drawer,
        "attempts": job.attempts,
        "last_error": job.last_error,
        "last_tried_at": moment(job.last_tried_at),
        "next_try_at": moment(job.next_try_at),
        "printed_at": moment(job.printed_at),
    }
    if content is not None:
        record["content"] = asdict(content)
    return json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")


def _rewrite_job(job: PrintJob) -> None:
    """Replace ``job.json`` with ``job``'s state, keeping the content it holds."""
    path = job.folder / JOB_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    fresh = json.loads(_stored(job, None))
    fresh["content"] = record.get("content")
    descriptor, name = tempfile.mkstemp(dir=job.folder, prefix=".job-", suffix=".tmp")
    os.close(descriptor)
    try:
        _write_file(Path(name), json.dumps(fresh, ensure_ascii=False, indent=1).encode("utf-8"))
        os.replace(name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise
    sync_folder(job.folder)


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _read_job(folder: Path) -> tuple[PrintJob, dict[str, Any]] | None:
    """The job in ``folder`` and its stored content, or None if it is not a whole job."""
    try:
        record = json.loads((folder / JOB_FILE).read_text(encoding="utf-8"))
        if not (folder / PDF_FILE).is_file() or record.get("document") not in DOCUMENTS:
            return None
        created = _moment(record["created_at"])
        if created is None:
            return None
        job = PrintJob(
            job_id=str(record["job_id"]),
            document=cast(DocumentKind, record["document"]),
            reference=str(record["reference"]),
            case_number=record.get("case_number"),
            reason=cast(Reason, record.get("reason", "completed")),
            created_at=created,
            open_cash_drawer=bool(record.get("open_cash_drawer")),
            attempts=int(record.get("attempts", 0)),
            last_error=record.get("last_error"),
            last_tried_at=_moment(record.get("last_tried_at")),
            next_try_at=_moment(record.get("next_try_at")),
            printed_at=_moment(record.get("printed_at")),
            folder=folder,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return job, record.get("content") or {}


def _jobs_in(folder: Path) -> list[PrintJob]:
    """The whole jobs in ``folder``, oldest first; partial and damaged folders are left out."""
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name == PRINTED_SUBFOLDER or not entry.is_dir():
            continue
        read = _read_job(entry)
        if read is not None:
            found.append(read[0])
    return sorted(found, key=lambda job: (job.created_at, job.folder.name))


def pending_jobs(data_dir: Path) -> list[PrintJob]:
    """The jobs waiting to print, oldest first."""
    return [job for job in _jobs_in(queue_folder(data_dir)) if job.printed_at is None]


def printed_jobs(data_dir: Path) -> list[PrintJob]:
    """The jobs printed in the last :data:`PRINTED_KEEP_DAYS` days, oldest first."""
    return _jobs_in(printed_folder(data_dir))


# ---------------------------------------------------------------------- queuing


def _enqueue(
    data_dir: Path,
    *,
    document: DocumentKind,
    reference: str,
    case_number: str | None,
    reason: Reason,
    content: Content,
    pdf: bytes,
    open_cash_drawer: bool,
    now: datetime,
    sequence: int = 0,
) -> PrintJob:
    """Write one job into the queue, whole or not at all.

    ``sequence`` orders the jobs queued at one moment (the receipt before its label).
    """
    queue = queue_folder(data_dir)
    job_id = uuid.uuid4().hex
    stamp = now.astimezone(UTC).strftime(STAMP_FORMAT)
    name = f"{stamp}-{sequence:03d}-{job_id}-{_name_part(document, reference)}"
    partial = queue / f"{PARTIAL_PREFIX}{name}"
    job = PrintJob(
        job_id=job_id,
        document=document,
        reference=reference,
        case_number=case_number,
        reason=reason,
        created_at=now,
        open_cash_drawer=open_cash_drawer,
        attempts=0,
        last_error=None,
        last_tried_at=None,
        next_try_at=None,
        printed_at=None,
        folder=queue / name,
    )
    try:
        partial.mkdir(parents=True)
        _write_file(partial / PDF_FILE, pdf)
        _write_file(partial / JOB_FILE, _stored(job, content))
        sync_folder(partial)
        os.replace(partial, job.folder)
        sync_folder(queue)
    except OSError as error:
        with suppress(OSError):
            shutil.rmtree(partial)
        message = (
            say(
                "The {document} for {reference} could not be queued for printing in {queue}: "
                "{problem}. Ask IT to check the data folder's disk; the close itself is saved."
            )
            if document == "z_report"
            else say(
                "The {document} for {reference} could not be queued for printing in {queue}: "
                "{problem}. Ask IT to check the data folder's disk; the case itself is saved."
            )
        )
        raise PrintNotQueuedError(
            message.format(
                document=say(DOCUMENT_WORDS[document]),
                reference=reference,
                queue=queue,
                problem=disk_problem(error),
            )
        ) from error
    log.info("queued %s %s for %s (%s)", document, job_id, reference, reason)
    return job


def _name_part(document: str, reference: str) -> str:
    """The end of a job's folder name: which document of what, in characters any disk takes."""
    return _UNSAFE_IN_NAMES.sub("_", f"{document}-{reference}")


@dataclass(frozen=True)
class _CaseFacts:
    number: str
    needs_label: bool
    voucher_codes: tuple[str, ...]
    cash_paid_out: bool


def _case_facts(database: StoreDatabase, case_ref: uuid.UUID | str) -> _CaseFacts:
    with database.read() as session:
        case = find_case(session, case_ref)
        dispositions = session.exec(
            select(CaseLine.disposition).where(
                CaseLine.case_id == case.id, CaseLine.direction == "in"
            )
        ).all()
        codes = session.exec(
            select(StoreCredit.code)
            .where(StoreCredit.case_id == case.id)
            .order_by(StoreCredit.issued_at)  # type: ignore[arg-type]
        ).all()
        cash_out = session.exec(
            select(Payment.id).where(
                Payment.case_id == case.id, Payment.kind == "refund", Payment.tender == "cash"
            )
        ).first()
        return _CaseFacts(
            number=case.number,
            needs_label=any(kind in LABELLED_DISPOSITIONS for kind in dispositions),
            voucher_codes=tuple(codes),
            cash_paid_out=cash_out is not None,
        )


@dataclass(frozen=True)
class PrintableDocument:
    """One document of a case: what it is and the reference it is rendered from."""

    document: DocumentKind
    reference: str  # the case number; the voucher code for a voucher


def _documents(facts: _CaseFacts) -> list[PrintableDocument]:
    found = [PrintableDocument("receipt", facts.number)]
    if facts.needs_label:
        found.append(PrintableDocument("return_label", facts.number))
    found += [PrintableDocument("voucher", code) for code in facts.voucher_codes]
    return found


def documents_of_case(
    *, database: StoreDatabase, case_ref: uuid.UUID | str
) -> list[PrintableDocument]:
    """The documents a case prints, in the order they print: receipt, label, vouchers.

    Raises:
        InputError: the text is not a case number.
        NotFoundError: no such case at this store.
    """
    return _documents(_case_facts(database, case_ref))


def _already_queued(data_dir: Path, document: str, reference: str) -> PrintJob | None:
    """The first print of this document, queued or printed, if there is one.

    Folder names end with the document and reference, so only their jobs are read.
    """
    ending = f"-{_name_part(document, reference)}"
    for folder in (queue_folder(data_dir), printed_folder(data_dir)):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or not entry.name.endswith(ending):
                continue
            read = _read_job(entry)
            if read is not None and read[0].reason == "completed":
                return read[0]
    return None


def queue_case_documents(
    *,
    database: StoreDatabase,
    case_ref: uuid.UUID | str,
    reason: Reason = "completed",
    now: datetime | None = None,
) -> list[PrintJob]:
    """Queue every document a case needs: the receipt; a return label; its vouchers.

    A return label is queued when an item comes back to leave the store (to the
    vendor, or damaged to the returns centre); a voucher for each store credit
    the case issued. ``reason="completed"`` is the first print, done when the
    case is saved: asked again, it queues nothing new and answers with the jobs
    already queued, so a retried save prints no second receipt and opens the
    cash drawer once. ``reason="reprint"`` always queues fresh copies, and never
    opens the cash drawer.

    Raises:
        InputError: the text is not a case number, or the reason is not known.
        NotFoundError: no such case at this store.
        PrintNotQueuedError: the data folder cannot be written.
    """
    if reason not in REASONS:
        raise InputError.single(
            "reason", say("Print a case's documents as completed or as a reprint.")
        )
    moment = now or datetime.now(UTC)
    data_dir = database.path.parent
    settings = load_counter_settings(data_dir).settings
    facts = _case_facts(database, case_ref)
    jobs = []
    for sequence, wanted in enumerate(_documents(facts)):
        document, reference = wanted.document, wanted.reference
        earlier = _already_queued(data_dir, document, reference) if reason == "completed" else None
        if earlier is not None:
            jobs.append(earlier)
            continue
        content, pdf = _rendered(database, settings, document, reference, paper="roll80")
        jobs.append(
            _enqueue(
                data_dir,
                document=document,
                reference=reference,
                case_number=facts.number,
                reason=reason,
                content=content,
                pdf=pdf,
                open_cash_drawer=(
                    document == "receipt" and reason == "completed" and facts.cash_paid_out
                ),
                now=moment,
                sequence=sequence,
            )
        )
    return jobs


def queue_z_report(
    *,
    database: StoreDatabase,
    day: date,
    reason: Reason = "completed",
    now: datetime | None = None,
) -> PrintJob:
    """Queue the Z report of the closed store-local ``day`` for the receipt printer.

    Call it once the close is saved, never inside its unit of work: the close
    stands whatever the printer does. ``reason="completed"`` is the print made
    when the day is closed: asked again, it queues nothing new and answers with
    the job already queued (or printed). ``reason="reprint"`` always queues a
    fresh copy, marked as a reprint; its figures are still the frozen ones.

    Raises:
        InputError: ``day`` is not a date, or the reason is not known.
        DayNotClosedError: the day has not been closed.
        PrintNotQueuedError: the data folder cannot be written.
    """
    if reason not in REASONS:
        raise InputError.single("reason", say("Print a Z report as completed or as a reprint."))
    moment = now or datetime.now(UTC)
    data_dir = database.path.parent
    report = z_report_data(
        database=database, day=day, reprinted_at=moment if reason == "reprint" else None
    )
    reference = report.business_date
    if reason == "completed":
        earlier = _already_queued(data_dir, "z_report", reference)
        if earlier is not None:
            return earlier
    from counter_app.documents.z_report import render_z_report

    columns = load_counter_settings(data_dir).settings.printers.receipt.columns
    return _enqueue(
        data_dir,
        document="z_report",
        reference=reference,
        case_number=None,
        reason=reason,
        content=report,
        pdf=render_z_report(report, paper="roll80", columns=columns),
        open_cash_drawer=False,
        now=moment,
    )


def _closed_day(reference: str) -> date:
    """The day a Z report is filed under (ISO), or a refusal naming the field."""
    try:
        return date.fromisoformat(reference)
    except ValueError:
        raise InputError.single(
            "reference", say("A Z report is found by its day, like 2026-06-14.")
        ) from None


def _rendered(
    database: StoreDatabase,
    settings: CounterSettings,
    document: DocumentKind,
    reference: str,
    *,
    paper: "Paper",
) -> tuple[Content, bytes]:
    """The document's content and its PDF.

    The renderers load here, with reportlab, on the first document a session
    prints or previews, so the counter does not wait for them when it starts.
    """
    from counter_app.documents.receipt import render_receipt
    from counter_app.documents.return_label import render_return_label
    from counter_app.documents.voucher import render_voucher
    from counter_app.documents.z_report import render_z_report

    if document == "z_report":
        report = z_report_data(database=database, day=_closed_day(reference))
        columns = settings.printers.receipt.columns
        return report, render_z_report(report, paper=paper, columns=columns)
    if document == "receipt":
        receipt = receipt_data(database=database, case_ref=reference)
        columns = settings.printers.receipt.columns
        return receipt, render_receipt(receipt, paper=paper, columns=columns)
    if document == "return_label":
        label = label_data(database=database, case_ref=reference, ship_to=settings.returns_address)
        return label, render_return_label(label)
    voucher = voucher_data(database=database, code=reference)
    columns = settings.printers.voucher.columns
    return voucher, render_voucher(voucher, paper=paper, columns=columns)


def document_pdf(
    *,
    database: StoreDatabase,
    document: DocumentKind,
    reference: str,
    paper: "Paper" = "roll80",
) -> bytes:
    """A document as PDF bytes, for a preview or a file, without queuing anything.

    ``reference`` is a case number for a receipt or a return label, a voucher
    code for a voucher, the closed day (ISO) for a Z report. The receipt's (and
    the Z report's) characters per line are this counter's.

    Raises:
        InputError: the reference is not a case number, voucher code or day, or the
            case has nothing coming back (a return label).
        NotFoundError: no such case or voucher at this store, or the day is not closed.
    """
    if document not in DOCUMENTS:
        raise InputError.single(
            "document", say("Choose a receipt, a return label, a voucher or a Z report.")
        )
    settings = load_counter_settings(database.path.parent).settings
    return _rendered(database, settings, document, reference, paper=paper)[1]


def write_pdf_file(target: Path, content: bytes) -> Path:
    """Write a PDF where someone asked for it, whole or not at all; returns the file written.

    The file is asked for by name, so an older file of that name is replaced,
    but never left half-written.

    Raises:
        OSError: the folder does not exist or cannot be written.
    """
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=".saving-", suffix=".tmp")
    os.close(descriptor)
    try:
        _write_file(Path(name), content)
        os.replace(name, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise
    return target.resolve()


# ---------------------------------------------------------------------- printing


def default_senders() -> dict[str, DocumentPrinter]:
    """The printers this layer can drive itself; the desktop adds its own ``"system"`` sender.

    The receipt printer's driver loads here, with the documents it lays out
    (reportlab), when printing first starts rather than when the counter does.
    """
    from counter_app.devices.escpos_printer import EscposPrinter

    return {
        "pdf_folder": PdfFolderPrinter(),
        "escpos": EscposPrinter(),
        "system": NoSystemPrinter(),
    }


def destination_for(choice: PrinterChoice, data_dir: Path) -> Destination:
    """The settings' printer choice as the printers take it."""
    return Destination(
        kind=cast(PrinterKind, choice.kind),
        system_printer=choice.system_printer,
        escpos_address=choice.escpos_address,
        folder=choice.folder_in(data_dir),
        columns=choice.columns,
    )


def retry_wait(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """How long a job waits after its ``attempts``-th failure: doubling, capped, with jitter.

    The jitter (between half and all of the wait) keeps a counter that was
    offline from retrying every job at the same moment.
    """
    doubled = FIRST_RETRY * (1 << min(max(attempts, 1) - 1, 16))
    wait = min(doubled, LONGEST_WAIT)
    fraction = (rng or random.Random()).uniform(0.5, 1.0)  # noqa: S311  (a schedule, not a secret)
    return wait * fraction


@contextmanager
def _one_run_at_a_time(data_dir: Path) -> Iterator[None]:
    """Two passes over one queue at once would send a job twice: the second one waits."""
    key = data_dir.resolve()
    with _RUN_LOCKS_GUARD:
        lock = _RUN_LOCKS.setdefault(key, threading.Lock())
    with lock:
        yield


def _clean(data_dir: Path, now: datetime) -> None:
    """Remove partial jobs a crash left, and printed jobs past their keeping time.

    A partial job's age is its folder's age on disk, by the wall clock.
    """
    queue = queue_folder(data_dir)
    if not queue.is_dir():
        return
    wall_clock = datetime.now(UTC)
    for entry in queue.iterdir():
        if entry.name == PRINTED_SUBFOLDER or not entry.is_dir():
            continue
        if not entry.name.startswith(".") and _read_job(entry) is not None:
            continue
        try:
            written = datetime.fromtimestamp(entry.stat().st_mtime, UTC)
        except OSError:
            continue
        if wall_clock - written > PARTIAL_GRACE:
            log.warning("removing the half-written print job %s", entry.name)
            shutil.rmtree(entry, ignore_errors=True)
    printed = printed_folder(data_dir)
    if not printed.is_dir():
        return
    keep_from = now - timedelta(days=PRINTED_KEEP_DAYS)
    for entry in printed.iterdir():
        if _queued_at(entry) < keep_from:
            shutil.rmtree(entry, ignore_errors=True)


def _queued_at(folder: Path) -> datetime:
    """When a job was queued, from its folder's name (its file when the name has no stamp)."""
    try:
        return datetime.strptime(folder.name.split("-", 1)[0], STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        read = _read_job(folder)
        return read[0].created_at if read else datetime.min.replace(tzinfo=UTC)


def _move_to_printed(job: PrintJob, now: datetime) -> PrintJob:
    """Record the print in the job, then move it among the printed ones."""
    done = replace(job, printed_at=now, last_tried_at=now, last_error=None, next_try_at=None)
    _rewrite_job(done)
    target_parent = printed_folder(job.folder.parent.parent)
    target_parent.mkdir(parents=True, exist_ok=True)
    target = target_parent / job.folder.name
    os.replace(job.folder, target)
    sync_folder(target_parent)
    return replace(done, folder=target)


def print_pending(
    *,
    data_dir: Path,
    senders: Mapping[str, DocumentPrinter] | None = None,
    retry_now: bool = False,
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> PrintRun:
    """Send the queued jobs that are due, oldest first, each to its document's printer.

    Args:
        senders: printers by kind (``"system"``, ``"escpos"``, ``"pdf_folder"``) laid
            over :func:`default_senders`; the desktop gives its system-printer sender here.
        retry_now: also send failed jobs whose next try is still to come (the clerk
            fixed the printer and asked to print now).

    A printer that fails in this pass is not tried again for the later jobs of
    the same pass; they stay queued as they were. Never raises for a printer.
    """
    moment = now or datetime.now(UTC)
    printers = {**default_senders(), **(senders or {})}
    printed: list[PrintJob] = []
    failed: list[PrintJob] = []
    with _one_run_at_a_time(data_dir):
        _clean(data_dir, moment)
        settings = load_counter_settings(data_dir).settings
        broken: set[Destination] = set()
        for job in _jobs_in(queue_folder(data_dir)):
            if job.printed_at is not None:  # printed, but a crash kept it from moving
                with suppress(OSError):
                    _move_to_printed(job, job.printed_at)
                continue
            if not retry_now and job.next_try_at is not None and job.next_try_at > moment:
                continue
            choice = settings.printers.for_document(PRINTER_SETTING[job.document])
            destination = destination_for(choice, data_dir)
            if destination in broken:
                continue
            outcome = _send(job, destination, printers, moment, rng)
            if outcome is None:
                continue
            if outcome.printed_at is not None:
                printed.append(outcome)
            else:
                failed.append(outcome)
                broken.add(destination)
        waiting = len(pending_jobs(data_dir))
    return PrintRun(printed=tuple(printed), failed=tuple(failed), waiting=waiting)


def _send(
    job: PrintJob,
    destination: Destination,
    printers: Mapping[str, DocumentPrinter],
    now: datetime,
    rng: random.Random | None,
) -> PrintJob | None:
    """Send one job; the job as it now stands, or None when it vanished from the queue."""
    read = _read_job(job.folder)
    if read is None:  # removed or damaged since the queue was listed
        return None
    try:
        content = _CONTENT[job.document].validate_python(read[1])
    except ValidationError:
        damaged = (
            say(
                "The {document} for {reference} in the print queue is damaged; print it again "
                "from Close the day."
            )
            if job.document == "z_report"
            else say(
                "The {document} for {reference} in the print queue is damaged; print it again "
                "from the case."
            )
        )
        error = damaged.format(document=say(DOCUMENT_WORDS[job.document]), reference=job.reference)
    else:
        device_job = DocumentJob(
            job_id=job.job_id,
            document=job.document,
            reference=job.reference,
            pdf=job.pdf,
            content=content,
            open_cash_drawer=job.open_cash_drawer,
        )
        try:
            printers[destination.kind].send(device_job, destination)
        except PrinterError as problem:
            error = str(problem)
        else:
            log.info("printed %s %s for %s", job.document, job.job_id, job.reference)
            try:
                return _move_to_printed(job, now)
            except OSError:
                log.exception("printed job %s could not be moved to printed/", job.job_id)
                return replace(job, printed_at=now, last_tried_at=now)
    attempts = job.attempts + 1
    retried = replace(
        job,
        attempts=attempts,
        last_error=error,
        last_tried_at=now,
        next_try_at=now + retry_wait(attempts, rng=rng),
    )
    log.warning("print job %s failed (attempt %d): %s", job.job_id, attempts, error)
    with suppress(OSError):
        _rewrite_job(retried)
    return retried


def queue_status(data_dir: Path) -> QueueStatus:
    """How many documents wait, how many of them failed, and the latest error in words."""
    pending = pending_jobs(data_dir)
    failing = [job for job in pending if job.last_error]
    latest = max(failing, key=lambda job: job.last_tried_at or job.created_at, default=None)
    next_tries = [job.next_try_at for job in failing if job.next_try_at is not None]
    return QueueStatus(
        waiting=len(pending),
        failing=len(failing),
        last_error=latest.last_error if latest else None,
        next_try_at=min(next_tries, default=None),
    )
