"""Customers' personal data: erased after the store's retention, and handed over on request.

**Retention.** The policy's ``personal_data_months`` (24 by default, ``None``
for "keep until a manager erases it") says how long a customer's details stay
after their last case was closed. :func:`purge_personal_data` erases the name,
phone and email of every customer whose cases are all closed and older than
that, with the free text of those cases (summary, complaint description,
desired outcome and accommodation, line reasons, notes, the queue's label)
and their attachments; and the label of every walk-in older than that which
never became a case. Cases, lines, money, categories, statuses and times
stay, so every figure of the daily summary is the same after as before. The
customer row stays, with an empty name and no phone or email, so the cases
still count as one returning customer.

The same unit of work blanks those fields in the outbox rows that carried
them, rewrites the cases' search rows, and records ``customers.purged``
(counts only) with an outbox row that tells head office which customers,
cases, events and attachments to erase in its own copy. The day close runs it
(:func:`purge_in_session`), so a store that closes its days needs no one to
remember. The audit trail never held a customer's name, phone or email; the
words typed about them (a note, a line's reason, a label, a file name) are
blanked in its events too, which keep their place and hash in the chain, and
``customers.purged`` names every event it erased, so checking the chain tells
this erasure from a hand-made change (see ``counter_app/services/audit.py``).

**Export.** :func:`export_customer` gathers everything the store holds about
one customer (their details, cases, lines, payments, notes, attachments and
vouchers) as JSON-ready data, for a customer who asks; a manager only, and
audited as ``customer.exported``.
"""

import calendar
import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, text, update
from sqlmodel import Session, col, select

from counter_app.domain.audit_chain import canonical_json
from counter_app.domain.money import minor_unit_digits
from counter_app.domain.personal_data import ERASED_NAME, erase_event_payload
from counter_app.domain.validation import InputError, clean_text
from counter_app.i18n import say, say_later
from counter_app.services.customers import find_customers
from counter_app.services.durable_files import disk_problem, sync_folder
from counter_app.services.errors import NotFoundError, ServiceError
from counter_app.services.policy import load_policy
from counter_app.services.recording import record_change
from counter_app.services.search import index_case
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store, store_zone
from counter_app.services.walk_ins import WalkInStatus
from db.store.database import StoreDatabase
from db.store.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseLine,
    CaseNote,
    ComplaintDetail,
    Customer,
    Outbox,
    Payment,
    Product,
    Sale,
    Staff,
    Store,
    StoreCredit,
    WalkIn,
)

# At most this many customers per purge: the outbox row that tells head office names
# their events, and stays well under what head office takes in one event (20 000 ids,
# 200 per customer). The rest go at the next run (the next day close).
MAX_CUSTOMERS_PER_PURGE = 100
# Walk-ins that never became a case, per purge: the same bound on the ids head office gets.
MAX_WALK_INS_PER_PURGE = 2000
EXPORT_FORMAT = 1
ERASE_PERSONAL_DATA = say_later("erase customers' personal data")
EXPORT_CUSTOMER_DATA = say_later("export a customer's data")
ATTACHMENTS_FOLDER = "attachments"
FINISHED_WALK_INS = (WalkInStatus.DONE.value, WalkInStatus.LEFT.value)


@dataclass(frozen=True)
class PurgeReport:
    """What a purge erased (or, on a dry run, would erase).

    ``walk_ins`` counts the queue's labels erased (walk-ins that never became a
    case count too); ``events`` the outbox rows and ``audit_events`` the audit
    events whose words were erased.
    ``more_waiting`` says customers past the retention were left for the next run
    (more than :data:`MAX_CUSTOMERS_PER_PURGE`); ``months`` is None when the
    store keeps personal data until a manager erases it, and nothing was done.
    """

    months: int | None
    cutoff: datetime | None
    customers: int = 0
    cases: int = 0
    notes: int = 0
    attachments: int = 0
    walk_ins: int = 0
    events: int = 0
    audit_events: int = 0
    files_removed: int = 0
    more_waiting: bool = False
    dry_run: bool = False
    customer_ids: tuple[uuid.UUID, ...] = field(default=(), repr=False)


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (31 March less one month: 28/29 Feb)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _due_customers(
    session: Session, store: Store, cutoff: datetime, today: date, limit: int
) -> list[uuid.UUID]:
    """Customers with details still held whose every case closed before ``cutoff``, oldest first.

    Not due: a customer with a case open, in progress, resolved or closed since the
    cutoff; with a voucher still worth something; or with a purchase since the cutoff.
    """
    recent_case = exists().where(
        col(Case.customer_id) == col(Customer.id),
        or_(
            col(Case.status) != "closed",
            col(Case.closed_at).is_(None),
            col(Case.closed_at) >= cutoff,
        ),
    )
    live_voucher = exists().where(
        col(StoreCredit.customer_id) == col(Customer.id),
        col(StoreCredit.balance_cents) > 0,
        or_(col(StoreCredit.expires_on).is_(None), col(StoreCredit.expires_on) >= today),
    )
    recent_sale = exists().where(
        col(Sale.customer_id) == col(Customer.id), col(Sale.sold_at) >= cutoff
    )
    rows = session.exec(
        select(Customer.id)
        .where(
            col(Customer.store_id) == store.id,
            col(Customer.created_at) < cutoff,
            or_(
                col(Customer.name) != ERASED_NAME,
                col(Customer.phone).is_not(None),
                col(Customer.email).is_not(None),
            ),
            ~recent_case,
            ~live_voucher,
            ~recent_sale,
        )
        .order_by(col(Customer.created_at))
        .limit(limit)
    )
    return list(rows)


def _erase_outbox(
    session: Session, customer_ids: Sequence[uuid.UUID], case_ids: Sequence[uuid.UUID]
) -> list[uuid.UUID]:
    """Blank the personal fields of the outbox rows about these customers and cases.

    A row is about them when its entity is one of them, or its data names one of the
    cases (a note, an attachment). Returns the event ids of the rows changed, so head
    office can erase the same events.
    """
    entity_ids = [str(value) for value in (*customer_ids, *case_ids)]
    case_texts = [str(value) for value in case_ids]
    if not entity_ids:
        return []
    rows = session.exec(
        select(Outbox).where(
            or_(
                col(Outbox.entity_id).in_(entity_ids),
                func.json_extract(col(Outbox.payload), "$.data.case_id").in_(case_texts),
            )
        )
    ).all()
    changed_events: list[uuid.UUID] = []
    for row in rows:
        payload = json.loads(row.payload)
        erased, changed = erase_event_payload(row.kind, payload)
        if changed:
            row.payload = canonical_json(erased)
            session.add(row)
            changed_events.append(row.event_id)
    return changed_events


def _erase_cases(
    session: Session, case_ids: Sequence[uuid.UUID]
) -> tuple[int, list[tuple[uuid.UUID, str]]]:
    """Blank the free text of these cases and drop their attachments' rows.

    Returns how many notes were blanked and the (id, sha256) of the attachments dropped.
    """
    ids = list(case_ids)
    session.exec(update(Case).where(col(Case.id).in_(ids)).values(summary=""))
    session.exec(
        update(ComplaintDetail)
        .where(col(ComplaintDetail.case_id).in_(ids))
        .values(description="", desired_outcome="", accommodation="")
    )
    session.exec(update(CaseLine).where(col(CaseLine.case_id).in_(ids)).values(reason=""))
    notes = session.exec(
        select(func.count()).select_from(CaseNote).where(col(CaseNote.case_id).in_(ids))
    ).one()
    session.exec(update(CaseNote).where(col(CaseNote.case_id).in_(ids)).values(body=""))
    attachments = [
        (row.id, row.sha256)
        for row in session.exec(select(Attachment).where(col(Attachment.case_id).in_(ids)))
    ]
    if attachments:
        session.exec(delete(Attachment).where(col(Attachment.case_id).in_(ids)))
    return int(notes), attachments


def _due_walk_ins(
    session: Session, store: Store, cutoff: datetime, case_ids: Sequence[uuid.UUID], limit: int
) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Walk-ins whose label is due: those of the erased cases, and older caseless ones.

    A walk-in that never became a case, arrived before ``cutoff`` and has left the
    queue holds nothing about the customer but its label, so the label goes; at most
    ``limit`` of those.
    """
    labelled = col(WalkIn.label) != ""
    of_cases = (
        list(
            session.exec(select(WalkIn.id).where(col(WalkIn.case_id).in_(list(case_ids)), labelled))
        )
        if case_ids
        else []
    )
    caseless = session.exec(
        select(WalkIn.id)
        .where(
            col(WalkIn.store_id) == store.id,
            col(WalkIn.case_id).is_(None),
            col(WalkIn.arrived_at) < cutoff,
            # Someone still in the queue is not done with: their label stays until they go.
            col(WalkIn.status).in_(FINISHED_WALK_INS),
            labelled,
        )
        .order_by(col(WalkIn.arrived_at))
        .limit(limit)
    ).all()
    return of_cases, list(caseless)


def _erase_audit(
    session: Session,
    case_ids: Sequence[uuid.UUID],
    walk_in_ids: Sequence[uuid.UUID],
    moment: datetime,
) -> list[int]:
    """Blank the customers' words in the audit events of these cases and walk-ins.

    Each event keeps its hash and digest, and is marked erased (the one update the
    audit table allows); returns the ``seq`` of every event changed, for the
    erasure event to name. A walk-in's events before it became a case name it by id.
    """
    about = [
        col(AuditEvent.case_id).in_(list(case_ids)),
        and_(
            col(AuditEvent.entity) == "walk_in",
            col(AuditEvent.entity_id).in_([str(value) for value in walk_in_ids]),
        ),
    ]
    events = session.exec(
        select(AuditEvent).where(or_(*about), col(AuditEvent.erased_at).is_(None))
    ).all()
    erased_seqs: list[int] = []
    for event in events:
        try:
            details = json.loads(event.details)
        except ValueError:
            continue
        if not isinstance(details, dict):
            continue
        cleaned, changed = erase_event_payload(event.action, details)
        if not changed:
            continue
        session.exec(
            update(AuditEvent)
            .where(col(AuditEvent.seq) == event.seq)
            .values(details=canonical_json(cleaned), erased_at=moment)
        )
        erased_seqs.append(event.seq or 0)
    return sorted(erased_seqs)


def _unreferenced(session: Session, sha256s: Iterable[str]) -> list[str]:
    """The contents no attachment row points at any more (their files can go)."""
    wanted = sorted(set(sha256s))
    if not wanted:
        return []
    still = set(
        session.exec(select(Attachment.sha256).where(col(Attachment.sha256).in_(wanted))).all()
    )
    return [sha for sha in wanted if sha not in still]


@dataclass(frozen=True)
class _Erased:
    report: PurgeReport
    loose_files: tuple[str, ...]


def purge_in_session(
    session: Session,
    *,
    store: Store,
    staff_id: uuid.UUID | None,
    moment: datetime,
    dry_run: bool = False,
    limit: int = MAX_CUSTOMERS_PER_PURGE,
) -> _Erased:
    """Erase what the retention says is due, inside the caller's unit of work.

    Writes nothing (no audit event either) when nothing is due or on a dry run.
    The caller removes the returned attachment files once the unit of work commits.
    """
    months = load_policy(session).rules.personal_data_months
    if months is None:
        return _Erased(PurgeReport(months=None, cutoff=None, dry_run=dry_run), ())
    cutoff = months_before(moment, months)
    today = moment.astimezone(store_zone(store.timezone)).date()
    due = _due_customers(session, store, cutoff, today, limit + 1)
    customer_ids = due[:limit]
    case_ids = (
        list(session.exec(select(Case.id).where(col(Case.customer_id).in_(customer_ids))))
        if customer_ids
        else []
    )
    of_cases, caseless = _due_walk_ins(session, store, cutoff, case_ids, MAX_WALK_INS_PER_PURGE + 1)
    more_waiting = len(due) > limit or len(caseless) > MAX_WALK_INS_PER_PURGE
    walk_in_ids = [*of_cases, *caseless[:MAX_WALK_INS_PER_PURGE]]
    if dry_run or not (customer_ids or walk_in_ids):
        notes = attachments = 0
        if case_ids:
            notes = session.exec(
                select(func.count())
                .select_from(CaseNote)
                .where(col(CaseNote.case_id).in_(case_ids))
            ).one()
            attachments = session.exec(
                select(func.count())
                .select_from(Attachment)
                .where(col(Attachment.case_id).in_(case_ids))
            ).one()
        report = PurgeReport(
            months=months,
            cutoff=cutoff,
            customers=len(customer_ids),
            cases=len(case_ids),
            notes=int(notes),
            attachments=int(attachments),
            walk_ins=len(walk_in_ids),
            more_waiting=more_waiting,
            dry_run=dry_run,
            customer_ids=tuple(customer_ids),
        )
        return _Erased(report, ())
    # Freed space is overwritten, so the erased text is not left in the file's free pages.
    session.execute(text("PRAGMA secure_delete = ON"))
    if customer_ids:
        session.exec(
            update(Customer)
            .where(col(Customer.id).in_(customer_ids))
            .values(name=ERASED_NAME, phone=None, email=None, email_key=None)
        )
    notes_erased, dropped = _erase_cases(session, case_ids) if case_ids else (0, [])
    if walk_in_ids:
        session.exec(update(WalkIn).where(col(WalkIn.id).in_(walk_in_ids)).values(label=""))
    events = _erase_outbox(session, [*customer_ids, *walk_in_ids], case_ids)
    audit_seqs = _erase_audit(session, case_ids, walk_in_ids, moment)
    loose = _unreferenced(session, (sha for _, sha in dropped))
    for case_id in case_ids:
        index_case(session, case_id)
    # Merge the full-text index's segments, so the erased words leave its older segments too.
    session.execute(text("INSERT INTO case_search(case_search) VALUES ('optimize')"))
    counts = {
        "customers": len(customer_ids),
        "cases": len(case_ids),
        "notes": notes_erased,
        "attachments": len(dropped),
        "walk_ins": len(walk_in_ids),
        "retention_months": months,
        "closed_before": cutoff.isoformat(),
    }
    record_change(
        session,
        store_id=store.id,
        staff_id=staff_id,
        action="customers.purged",
        entity="store",
        entity_id=str(store.id),
        # The audit events erased are named, so checking the chain can tell this erasure
        # from someone blanking an event by hand.
        details={**counts, "audit_events": audit_seqs},
        outbox_payload={
            **counts,
            "customer_ids": [str(value) for value in customer_ids],
            "case_ids": [str(value) for value in case_ids],
            "event_ids": [str(value) for value in events],
            "attachments": loose,
        },
        now=moment,
    )
    report = PurgeReport(
        months=months,
        cutoff=cutoff,
        customers=len(customer_ids),
        cases=len(case_ids),
        notes=notes_erased,
        attachments=len(dropped),
        walk_ins=len(walk_in_ids),
        events=len(events),
        audit_events=len(audit_seqs),
        more_waiting=more_waiting,
        customer_ids=tuple(customer_ids),
    )
    return _Erased(report, tuple(loose))


def remove_attachment_files(data_dir: Path, sha256s: Iterable[str]) -> int:
    """Delete the files of attachments no case points at any more; returns how many went.

    Run after the purge committed: a crash before it leaves a file no row names,
    which the next purge of the same content does not need (the rows are gone).
    """
    removed = 0
    for sha in sha256s:
        path = data_dir / ATTACHMENTS_FOLDER / sha[:2] / sha
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    return removed


def purge_personal_data(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    dry_run: bool = False,
    now: datetime | None = None,
) -> PurgeReport:
    """Erase the personal data the retention setting says is due; a manager only.

    One unit of work: the erasure, its outbox changes, the ``customers.purged``
    audit event and the outbox row for head office. A dry run counts and writes
    nothing. Attachment files no case needs any more are deleted afterwards.

    Raises:
        PermissionDeniedError: the person is not a manager.
    """
    require_manager(staff, ERASE_PERSONAL_DATA)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        require_active_manager(session, staff, ERASE_PERSONAL_DATA)
        store = load_store(session)
        erased = purge_in_session(
            session, store=store, staff_id=staff.staff_id, moment=moment, dry_run=dry_run
        )
    removed = remove_attachment_files(database.path.parent, erased.loose_files)
    return _with_files(erased.report, removed)


def _with_files(report: PurgeReport, removed: int) -> PurgeReport:
    return PurgeReport(
        months=report.months,
        cutoff=report.cutoff,
        customers=report.customers,
        cases=report.cases,
        notes=report.notes,
        attachments=report.attachments,
        walk_ins=report.walk_ins,
        events=report.events,
        audit_events=report.audit_events,
        files_removed=removed,
        more_waiting=report.more_waiting,
        dry_run=report.dry_run,
        customer_ids=report.customer_ids,
    )


# --------------------------------------------------------------------------- export


def _amount(cents: int | None, digits: int) -> str | None:
    if cents is None:
        return None
    return str(Decimal(cents).scaleb(-digits))


def _when(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _customer_by_ref(database: StoreDatabase, reference: str) -> uuid.UUID:
    """The id of the one customer an id, an email or a phone names.

    Raises:
        InputError: the text is neither, or it fits more than one customer.
        NotFoundError: no customer has it.
    """
    typed = clean_text(reference, field="customer", label=say("Customer"), max_length=254)
    try:
        customer_id = uuid.UUID(typed)
    except ValueError:
        customer_id = None
    if customer_id is not None:
        return customer_id
    digits = sum(character.isdigit() for character in typed)
    if "@" not in typed and digits < 5:
        raise InputError.single(
            "customer", say("Give the customer's phone number, email address or id.")
        )
    matches = [
        match
        for match in find_customers(database=database, text=typed, limit=5)
        if (match.email or "").lower() == typed.lower()
        or ("@" not in typed and _same_phone(match.phone, typed))
    ]
    if not matches:
        raise NotFoundError(say("No customer with {typed} at this store.").format(typed=typed))
    if len(matches) > 1:
        raise InputError.single(
            "customer",
            say("{count} customers have {typed}; give the customer's id: {ids}.").format(
                count=len(matches), typed=typed, ids=", ".join(str(m.id) for m in matches)
            ),
        )
    return matches[0].id


def _same_phone(stored: str | None, typed: str) -> bool:
    """Whether two phone numbers are the same number, however each was written."""
    if not stored:
        return False
    mine = "".join(ch for ch in stored if ch.isdigit()).lstrip("0")
    theirs = "".join(ch for ch in typed if ch.isdigit()).lstrip("0")
    shorter = min(len(mine), len(theirs))
    return shorter >= 7 and mine[-shorter:] == theirs[-shorter:]


def _case_data(
    session: Session, case: Case, digits: int, staff_names: dict[uuid.UUID, str]
) -> dict[str, Any]:
    lines = session.exec(
        select(CaseLine, Product)
        .join(Product, and_(col(Product.id) == col(CaseLine.product_id)), isouter=True)
        .where(col(CaseLine.case_id) == case.id)
        .order_by(col(CaseLine.line_no))
    ).all()
    complaint = session.get(ComplaintDetail, case.id)
    payments = session.exec(
        select(Payment).where(col(Payment.case_id) == case.id).order_by(col(Payment.created_at))
    ).all()
    notes = session.exec(
        select(CaseNote).where(col(CaseNote.case_id) == case.id).order_by(col(CaseNote.created_at))
    ).all()
    attachments = session.exec(
        select(Attachment)
        .where(col(Attachment.case_id) == case.id)
        .order_by(col(Attachment.created_at))
    ).all()
    return {
        "number": case.number,
        "type": case.case_type,
        "status": case.status,
        "summary": case.summary,
        "arrived_at": _when(case.arrived_at),
        "served_at": _when(case.served_at),
        "resolved_at": _when(case.resolved_at),
        "closed_at": _when(case.closed_at),
        "served_by": staff_names.get(case.staff_id, ""),
        "lines": [
            {
                "line": line.line_no,
                "direction": line.direction,
                "item": product.name if product is not None else line.description,
                "sku": product.sku if product is not None else None,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": _amount(line.unit_price_cents, digits),
                "condition": line.item_condition,
                "reason": line.reason,
                "decision": line.decision,
                "refund": _amount(line.refund_cents, digits),
                "restocking_fee": _amount(line.restocking_fee_cents, digits),
            }
            for line, product in lines
        ],
        "complaint": None
        if complaint is None
        else {
            "category": complaint.category,
            "severity": complaint.severity,
            "description": complaint.description,
            "desired_outcome": complaint.desired_outcome,
            "accommodation": complaint.accommodation,
            "accommodation_kind": complaint.accommodation_kind,
            "accommodation_amount": _amount(complaint.accommodation_cents, digits),
            "follow_up_on": complaint.follow_up_on.isoformat() if complaint.follow_up_on else None,
        },
        "payments": [
            {
                "kind": payment.kind,
                "tender": payment.tender,
                "amount": _amount(payment.amount_cents, digits),
                "card_last4": payment.card_last4,
                "at": _when(payment.created_at),
            }
            for payment in payments
        ],
        "notes": [
            {
                "at": _when(note.created_at),
                "by": staff_names.get(note.staff_id, ""),
                "text": note.body,
            }
            for note in notes
        ],
        "attachments": [
            {
                "file": attachment.filename,
                "type": attachment.media_type,
                "bytes": attachment.size_bytes,
                "sha256": attachment.sha256,
                "added_at": _when(attachment.created_at),
            }
            for attachment in attachments
        ],
    }


class ExportNotWrittenError(ServiceError):
    """The export file could not be written; nothing was recorded as exported."""


def _write_whole(target: Path, content: bytes) -> None:
    """Write ``target`` whole or not at all, readable by its owner only (mkstemp's 0600)."""
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=".saving-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(name, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise
    sync_folder(target.parent)


def export_json(data: dict[str, Any]) -> bytes:
    """An export as the file holds it: indented UTF-8 JSON a person can read."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_customer(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    customer: str,
    to: Path | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Everything the store holds about one customer, as JSON-ready data; a manager only.

    ``customer`` is their id, email address or phone number (as the clerk would
    type it). With ``to``, the JSON is written there (whole or not at all, readable
    by its owner only) before the unit of work commits. The export is recorded as
    ``customer.exported`` (the customer's id and the number of cases, nothing more)
    in the same unit of work that read it, so a file not written is not recorded.

    Raises:
        PermissionDeniedError: the person is not a manager.
        InputError: the text is not an id, email or phone, or fits several customers.
        NotFoundError: no customer has it.
        ExportNotWrittenError: the file could not be written.
    """
    require_manager(staff, EXPORT_CUSTOMER_DATA)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    customer_id = _customer_by_ref(database, customer)
    with database.write() as session:
        require_active_manager(session, staff, EXPORT_CUSTOMER_DATA)
        store = load_store(session)
        found = session.get(Customer, customer_id)
        if found is None or found.store_id != store.id:
            raise NotFoundError(say("No customer {id} at this store.").format(id=customer_id))
        digits = minor_unit_digits(store.currency)
        staff_names = {person.id: person.name for person in session.exec(select(Staff))}
        cases = session.exec(
            select(Case).where(col(Case.customer_id) == found.id).order_by(col(Case.created_at))
        ).all()
        credits = session.exec(
            select(StoreCredit)
            .where(col(StoreCredit.customer_id) == found.id)
            .order_by(col(StoreCredit.issued_at))
        ).all()
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": moment.isoformat(),
            "store": {"code": store.code, "name": store.name, "currency": store.currency},
            "customer": {
                "id": str(found.id),
                "name": found.name,
                "phone": found.phone,
                "email": found.email,
                "consent_given_at": _when(found.consent_at),
                "first_seen_at": _when(found.created_at),
                "erased": found.name == ERASED_NAME and not found.phone and not found.email,
            },
            "cases": [_case_data(session, case, digits, staff_names) for case in cases],
            "vouchers": [
                {
                    "code": credit.code,
                    "issued": _amount(credit.initial_cents, digits),
                    "balance": _amount(credit.balance_cents, digits),
                    "issued_at": _when(credit.issued_at),
                    "expires_on": credit.expires_on.isoformat() if credit.expires_on else None,
                }
                for credit in credits
            ],
        }
        if to is not None:
            try:
                _write_whole(to, export_json(data))
            except OSError as error:
                raise ExportNotWrittenError(
                    say("{path} was not written: {reason}").format(
                        path=to, reason=disk_problem(error)
                    )
                ) from error
        record_change(
            session,
            store_id=store.id,
            staff_id=staff.staff_id,
            action="customer.exported",
            entity="customer",
            entity_id=str(found.id),
            details={"customer_id": str(found.id), "cases": len(cases)},
            now=moment,
        )
    return data
