"""The audit trail for a manager to read: who did what, filtered and paged in SQL.

The table grows by every change the store makes, so nothing here reads it
whole: each page is one ``ORDER BY seq`` query with a ``LIMIT``, walking the
primary key (or the ``action`` or ``case_id`` index) from a known ``seq``,
never an ``OFFSET``. Rows are read as stored text and loaded leniently, so an
event someone edited by hand (the one the chain check names) still shows.

Only a manager reads it; the role is checked here, not only by the screen.
"""

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final, Literal

from sqlalchemy import String, exists, select, type_coerce
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session, col

from counter_app.domain.case_number import CaseNumber, CaseNumberError
from counter_app.domain.local_time import local_moment
from counter_app.domain.money import Money
from counter_app.domain.validation import InputError, check_day_range
from counter_app.i18n import say, say_later
from counter_app.services.staff import SignedIn, require_active_manager, require_manager
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import AuditEvent, Case, Staff, Store

PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 500
SUMMARY_MAX_LENGTH: Final = 160
VALUE_MAX_LENGTH: Final = 60
SEE_THE_AUDIT_TRAIL = say_later("see the audit trail")
# The "who" filter for events no person made (set-up, head office's changes).
SYSTEM: Final = "system"
Who = uuid.UUID | Literal["system"] | None

# What each kind of event means, in words (said in the language in force).
ACTION_WORDS: Final[Mapping[str, str]] = {
    "store.created": say_later("Store set up"),
    "store.updated": say_later("Store details changed"),
    "staff.added": say_later("Staff member added"),
    "staff.signed_in": say_later("Signed in"),
    "staff.locked_out": say_later("Locked out after wrong PINs"),
    "staff.unlocked": say_later("Staff member unlocked"),
    "staff.locked": say_later("Counter locked"),
    "staff.added_by_head_office": say_later("Staff member added by head office"),
    "staff.changed_by_head_office": say_later("Staff member changed by head office"),
    "customer.added": say_later("Customer details saved"),
    "customer.exported": say_later("Customer's data exported"),
    "customers.purged": say_later("Old customers' details erased"),
    "case.opened": say_later("Case opened"),
    "case.status_changed": say_later("Case status changed"),
    "case.reopened": say_later("Case reopened"),
    "case.note_added": say_later("Note added to a case"),
    "case.override_approved": say_later("Manager override approved"),
    "complaint.assigned": say_later("Complaint assigned"),
    "complaint.resolved": say_later("Complaint resolved"),
    "complaint.kept_open": say_later("Complaint kept open"),
    "return.completed": say_later("Return completed"),
    "exchange.completed": say_later("Exchange completed"),
    "stock.returned": say_later("Returned items taken into stock"),
    "voucher.issued": say_later("Voucher issued"),
    "voucher.spent": say_later("Voucher redeemed"),
    "attachment.added": say_later("Photo attached"),
    "product.fault_flagged": say_later("Product flagged as possibly faulty"),
    "product.fault_cleared": say_later("Product fault flag cleared"),
    "policy.saved": say_later("Return policy changed"),
    "policy.received": say_later("Return policy received from head office"),
    "settings.changed": say_later("Counter settings changed"),
    "day.closed": say_later("Day closed"),
    "walk_in.arrived": say_later("Customer joined the queue"),
    "walk_in.called": say_later("Customer called from the queue"),
    "walk_in.served": say_later("Customer served from the queue"),
    "walk_in.left": say_later("Customer left the queue"),
}

# Names of the details' fields in words; a field not named here shows its own name.
DETAIL_LABELS: Final[Mapping[str, str]] = {
    "number": say_later("Case"),
    "case_type": say_later("Type"),
    "lines": say_later("Lines"),
    "items": say_later("Items"),
    "refund_cents": say_later("Refund"),
    "charged_cents": say_later("Charged"),
    "amount_cents": say_later("Amount"),
    "policy_version": say_later("Policy version"),
    "reason": say_later("Reason"),
    "note": say_later("Note"),
    "kind": say_later("Kind"),
    "from": say_later("From"),
    "to": say_later("To"),
    "name": say_later("Name"),
    "role": say_later("Role"),
    "code": say_later("Code"),
    "sku": say_later("SKU"),
    "ticket": say_later("Ticket"),
    "status": say_later("Status"),
    "summary": say_later("Summary"),
    "filename": say_later("File"),
    "label": say_later("Label"),
    "business_date": say_later("Day"),
    "arrived_at": say_later("Arrived"),
    "called_at": say_later("Called"),
    "finished_at": say_later("Finished"),
    "address": say_later("Address"),
    "phone": say_later("Phone"),
    "currency": say_later("Currency"),
    "timezone": say_later("Time zone"),
    "waived_fees": say_later("Fees waived"),
    "customers": say_later("Customers"),
    "cases": say_later("Cases"),
    "notes": say_later("Notes"),
    "attachments": say_later("Attachments"),
    "retention_months": say_later("Kept for (months)"),
    "closed_before": say_later("Closed before"),
}


@dataclass(frozen=True)
class AuditRow:
    """One audit event as the manager reads it.

    ``when`` is UTC (the screen shows store time); None if the stored time was
    edited into something that is no time. ``details`` is the stored JSON text,
    exactly as hashed, for a detail view; ``summary`` is the same in words.
    """

    seq: int
    when: datetime | None
    staff_id: uuid.UUID | None
    who: str
    action: str
    what: str
    entity: str
    entity_id: str
    case_number: str | None
    summary: str
    details: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class AuditPage:
    """A page of events, newest first, and whether there are more on either side."""

    rows: tuple[AuditRow, ...]
    has_older: bool
    has_newer: bool


@dataclass(frozen=True)
class Person:
    """Someone the "who" filter offers."""

    id: uuid.UUID
    name: str
    active: bool


@dataclass(frozen=True)
class AuditFilterChoices:
    """What the filters offer: the staff, and the kinds of event the trail holds (with words)."""

    people: tuple[Person, ...]
    actions: tuple[tuple[str, str], ...]


def action_words(action: str) -> str:
    """What an event's ``action`` means in words; a kind not known here shows its code."""
    words = ACTION_WORDS.get(action)
    return say(words) if words is not None else action


# ---------------------------------------------------------------------- checking the request


def _checked_day(value: object, field: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InputError.single(field, say("Choose the day as a calendar date."))
    return check_day_range(value, field=field)


def _checked_days(first: object, last: object) -> tuple[date | None, date | None]:
    first_day, last_day = _checked_day(first, "first_day"), _checked_day(last, "last_day")
    if first_day is not None and last_day is not None and last_day < first_day:
        raise InputError.single(
            "last_day",
            say("The last day ({last}) is before the first day ({first}); swap them.").format(
                last=last_day.isoformat(), first=first_day.isoformat()
            ),
        )
    return first_day, last_day


def _checked_limit(limit: object) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE_SIZE:
        raise InputError.single(
            "limit",
            say("Ask for 1 to {most} events at a time.").format(most=MAX_PAGE_SIZE),
        )
    return limit


def _case_id(session: Session, case_number: str) -> uuid.UUID:
    """The case a typed or scanned number names; a clear refusal if there is none."""
    try:
        number = str(CaseNumber.parse(case_number))
    except CaseNumberError as error:
        raise InputError.single("case_number", str(error)) from None
    found = (
        session.connection().execute(select(col(Case.id)).where(col(Case.number) == number)).first()
    )
    if found is None:
        raise InputError.single(
            "case_number", say("No case {number} at this store.").format(number=number)
        )
    return uuid.UUID(str(found[0])) if not isinstance(found[0], uuid.UUID) else found[0]


def _day_start(day: date, zone: Any) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


# ---------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Filters:
    conditions: tuple[ColumnElement[bool], ...]


def _filters(
    session: Session,
    store: Store,
    *,
    who: Who,
    action: str | None,
    case_number: str | None,
    first_day: date | None,
    last_day: date | None,
) -> _Filters:
    conditions: list[ColumnElement[bool]] = []
    if who == SYSTEM:
        conditions.append(col(AuditEvent.staff_id).is_(None))
    elif isinstance(who, uuid.UUID):
        conditions.append(col(AuditEvent.staff_id) == who)
    elif who is not None:
        raise InputError.single("staff_id", say("Choose a person from the list."))
    if action is not None and not isinstance(action, str):
        raise InputError.single("action", say("Choose a kind of event from the list."))
    kind = (action or "").strip()
    if kind.endswith("."):
        # A kind of event ("return."): a range on the action index, not a LIKE it cannot use.
        upper = kind[:-1] + chr(ord(".") + 1)
        conditions += [col(AuditEvent.action) >= kind, col(AuditEvent.action) < upper]
    elif kind:
        conditions.append(col(AuditEvent.action) == kind)
    if case_number is not None and (not isinstance(case_number, str) or case_number.strip()):
        conditions.append(col(AuditEvent.case_id) == _case_id(session, case_number))
    zone = store_zone(store.timezone)
    if first_day is not None:
        conditions.append(col(AuditEvent.occurred_at) >= _day_start(first_day, zone))
    if last_day is not None:
        conditions.append(
            col(AuditEvent.occurred_at) < _day_start(last_day + timedelta(days=1), zone)
        )
    return _Filters(tuple(conditions))


def _page(
    session: Session,
    filters: _Filters,
    bound: ColumnElement[bool] | None,
    *,
    newest_first: bool,
    limit: int,
) -> list[Any]:
    """The events matching ``filters`` beyond ``bound``, as stored text, with names joined."""
    seq = col(AuditEvent.seq)
    conditions = [*filters.conditions, *([bound] if bound is not None else [])]
    query = (
        select(
            seq,
            type_coerce(AuditEvent.occurred_at, String),
            type_coerce(AuditEvent.staff_id, String),
            col(AuditEvent.action),
            col(AuditEvent.entity),
            col(AuditEvent.entity_id),
            col(AuditEvent.details),
            col(AuditEvent.prev_hash),
            col(AuditEvent.hash),
            col(Staff.name),
            col(Case.number),
        )
        .select_from(AuditEvent)
        .join(Staff, col(Staff.id) == col(AuditEvent.staff_id), isouter=True)
        .join(Case, col(Case.id) == col(AuditEvent.case_id), isouter=True)
        .order_by(seq.desc() if newest_first else seq.asc())
        .where(*conditions)
        .limit(limit)
    )
    return list(session.connection().execute(query).all())


def _any_beyond(session: Session, filters: _Filters, bound: ColumnElement[bool]) -> bool:
    """Whether one more event matches on the far side of ``bound`` (for Newer and Older)."""
    query = select(col(AuditEvent.seq)).where(bound, *filters.conditions).limit(1)
    return session.connection().execute(query).first() is not None


def _stored_time(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


def _stored_uuid(value: object) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


def _said_value(key: str, value: object, store: Store) -> str | None:
    """One field of the details in words, or None for what a person need not read (ids)."""
    if value is None or value == "" or key == "id" or key.endswith("_id"):
        return None
    if isinstance(value, bool):
        return say("yes") if value else say("no")
    if key.endswith("_cents") and isinstance(value, int):
        return Money.from_minor(value, store.currency).format(store.locale)
    if isinstance(value, list):
        return str(len(value))
    if isinstance(value, dict):
        return None
    shown = " ".join(str(value).split())  # one line: an address keeps its parts, not its breaks
    if _stored_uuid(shown) is not None:
        return None
    if key.endswith("_at"):
        moment = _stored_time(shown)
        if moment is not None:
            return local_moment(moment, store_zone(store.timezone), store.locale)
    if len(shown) > VALUE_MAX_LENGTH:
        shown = shown[: VALUE_MAX_LENGTH - 1] + "…"
    return shown


def details_summary(details: str, store: Store, case_number: str | None = None) -> str:
    """The stored details in words ("Refund: €51.98 · Lines: 1"), short, never raw JSON."""
    try:
        data = json.loads(details)
    except ValueError:
        return say("The details are not readable (edited by hand?).")
    if not isinstance(data, dict):
        return say("The details are not readable (edited by hand?).")
    parts = []
    for key, value in data.items():
        if key == "number" and value == case_number:
            continue  # shown in the case column already
        said = _said_value(str(key), value, store)
        if said is None:
            continue
        label = DETAIL_LABELS.get(str(key))
        name = say(label) if label is not None else str(key).replace("_", " ")
        parts.append(say("{name}: {value}").format(name=name, value=said))
    summary = " · ".join(parts)
    if len(summary) > SUMMARY_MAX_LENGTH:
        summary = summary[: SUMMARY_MAX_LENGTH - 1] + "…"
    return summary


def _row(values: Sequence[Any], store: Store) -> AuditRow:
    (seq, occurred, staff_id, action, entity, entity_id, details, prev, hash_, name, number) = (
        values
    )
    staff = _stored_uuid(staff_id)
    if staff is None:
        who = say("System")
    else:
        who = str(name) if name is not None else say("Unknown person")
    details_text = str(details)
    return AuditRow(
        seq=int(seq),
        when=_stored_time(occurred),
        staff_id=staff,
        who=who,
        action=str(action),
        what=action_words(str(action)),
        entity=str(entity),
        entity_id=str(entity_id),
        case_number=None if number is None else str(number),
        summary=details_summary(details_text, store, None if number is None else str(number)),
        details=details_text,
        prev_hash=str(prev),
        hash=str(hash_),
    )


def audit_events(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    who: Who = None,
    action: str | None = None,
    case_number: str | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
    before_seq: int | None = None,
    after_seq: int | None = None,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """A page of the audit trail, newest first, for a manager.

    Args:
        who: a staff id, :data:`SYSTEM` for events no person made, or None for anyone.
        action: one kind of event (``return.completed``), or a family ending in a
            dot (``case.``); None for every kind.
        case_number: the case number as a clerk reads or scans it.
        first_day, last_day: store-local days, either may be left open.
        before_seq: the page of events older than this one (paging to older events).
        after_seq: the page of events newer than this one (paging back to newer events).
        limit: events on a page.

    Raises:
        PermissionDeniedError: the person is not a manager.
        InputError: an unknown case number, days the wrong way round, a bad page size.
    """
    require_manager(staff, SEE_THE_AUDIT_TRAIL)
    first, last = _checked_days(first_day, last_day)
    size = _checked_limit(limit)
    for name, seq_bound in (("before_seq", before_seq), ("after_seq", after_seq)):
        if seq_bound is not None and (
            not isinstance(seq_bound, int) or isinstance(seq_bound, bool)
        ):
            raise InputError.single(name, say("Page to older or newer events with the buttons."))
    if before_seq is not None and after_seq is not None:
        raise InputError.single("before_seq", say("Page either to older or to newer events."))
    with database.read() as session:
        require_active_manager(session, staff, SEE_THE_AUDIT_TRAIL)
        store = load_store(session)
        filters = _filters(
            session,
            store,
            who=who,
            action=action,
            case_number=case_number,
            first_day=first,
            last_day=last,
        )
        seq = col(AuditEvent.seq)
        if after_seq is not None:
            found = _page(session, filters, seq > after_seq, newest_first=False, limit=size + 1)
            has_newer = len(found) > size
            found = found[:size]
            found.reverse()
            has_older = _any_beyond(session, filters, seq <= after_seq)
        else:
            bound = seq < before_seq if before_seq is not None else None
            found = _page(session, filters, bound, newest_first=True, limit=size + 1)
            has_older = len(found) > size
            found = found[:size]
            has_newer = before_seq is not None and _any_beyond(session, filters, seq >= before_seq)
        rows = tuple(_row(values, store) for values in found)
    return AuditPage(rows=rows, has_older=has_older, has_newer=has_newer)


def audit_filter_choices(*, database: StoreDatabase, staff: SignedIn) -> AuditFilterChoices:
    """The staff who appear in the trail and the kinds of event it holds, for the filters.

    Both are read through indexes, however many events there are: the kinds by a
    skip-scan of the ``action`` index (one lookup per distinct kind), the people
    by one lookup per staff member in the ``(staff_id, seq)`` index. Former staff
    who appear are offered too.
    """
    require_manager(staff, SEE_THE_AUDIT_TRAIL)
    with database.read() as session:
        require_active_manager(session, staff, SEE_THE_AUDIT_TRAIL)
        appears = exists().where(col(AuditEvent.staff_id) == col(Staff.id))
        people = (
            session.connection()
            .execute(
                select(col(Staff.id), col(Staff.name), col(Staff.active))
                .where(appears)
                .order_by(col(Staff.name))
            )
            .all()
        )
        kinds = session.connection().exec_driver_sql(_DISTINCT_ACTIONS).all()
        return AuditFilterChoices(
            people=tuple(Person(id_, str(name), bool(active)) for id_, name, active in people),
            actions=tuple(
                sorted(
                    ((str(kind), action_words(str(kind))) for (kind,) in kinds),
                    key=lambda pair: pair[1].casefold(),
                )
            ),
        )


_TABLE = AuditEvent.__tablename__
# Each step finds the next action after the last one through the index: a loose index scan.
_DISTINCT_ACTIONS = (
    f"WITH RECURSIVE kinds(action) AS ("  # noqa: S608 (constant names)
    f" SELECT min(action) FROM {_TABLE}"
    f" UNION ALL SELECT (SELECT min(action) FROM {_TABLE} WHERE action > kinds.action)"
    " FROM kinds WHERE kinds.action IS NOT NULL)"
    " SELECT action FROM kinds WHERE action IS NOT NULL"
)
