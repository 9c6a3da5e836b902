"""The queue at the counter: who is waiting, who is being served, since when.

A clerk adds a walk-in as the customer arrives (a ticket number of the day, a
few words to recognise them by, what they came for), calls them when free,
and finishes them with the case they became, or marks that they left. The
case keeps the walk-in's arrival time, so waiting times in the day's figures
are true ones. Each move is one transaction with its audit event and outbox row.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, col, select

from counter_app.domain.validation import InputError, as_id
from counter_app.i18n import say, say_later
from counter_app.services.case_records import find_case
from counter_app.services.errors import NotFoundError
from counter_app.services.inputs import clean_free_text
from counter_app.services.recording import record_change
from counter_app.services.staff import SignedIn, require_active
from counter_app.services.store_setup import load_store, store_zone
from db.store.database import StoreDatabase
from db.store.models import Case, Staff, WalkIn

LABEL_MAX_LENGTH = 80


class WalkInReason(StrEnum):
    """What the customer says they came for, as they queue."""

    COMPLAINT = "complaint"
    RETURN = "return"
    EXCHANGE = "exchange"
    OTHER = "other"


class WalkInStatus(StrEnum):
    """Where a walk-in is: in the queue, at the counter, or gone."""

    WAITING = "waiting"
    SERVING = "serving"
    DONE = "done"
    LEFT = "left"


STILL_HERE = (WalkInStatus.WAITING, WalkInStatus.SERVING)


@dataclass(frozen=True)
class WalkInView:
    """One walk-in as the queue shows it."""

    id: uuid.UUID
    ticket: int
    label: str
    reason: WalkInReason
    status: WalkInStatus
    arrived_at: datetime
    called_at: datetime | None
    finished_at: datetime | None
    served_by: str | None
    case_number: str | None

    def waited(self, now: datetime) -> float:
        """Seconds waited before being called (until now while still waiting)."""
        until = self.called_at or self.finished_at or now
        return max(0.0, (until - self.arrived_at).total_seconds())


def _reason(value: object) -> WalkInReason:
    try:
        return WalkInReason(str(value))
    except ValueError:
        choices = ", ".join(reason.value for reason in WalkInReason)
        raise InputError.single(
            "reason", say("Choose what the customer came for: {choices}.").format(choices=choices)
        ) from None


def _view(session: Session, walk_in: WalkIn) -> WalkInView:
    served_by = session.get(Staff, walk_in.served_by) if walk_in.served_by else None
    case = session.get(Case, walk_in.case_id) if walk_in.case_id else None
    return WalkInView(
        id=walk_in.id,
        ticket=walk_in.ticket,
        label=walk_in.label,
        reason=WalkInReason(walk_in.reason),
        status=WalkInStatus(walk_in.status),
        arrived_at=walk_in.arrived_at,
        called_at=walk_in.called_at,
        finished_at=walk_in.finished_at,
        served_by=served_by.name if served_by else None,
        case_number=case.number if case else None,
    )


def _record(
    session: Session, walk_in: WalkIn, staff_id: uuid.UUID, action: str, moment: datetime
) -> None:
    record_change(
        session,
        store_id=walk_in.store_id,
        staff_id=staff_id,
        action=action,
        entity="walk_in",
        entity_id=str(walk_in.id),
        case_id=walk_in.case_id,
        details={
            "ticket": walk_in.ticket,
            "business_date": walk_in.business_date.isoformat(),
            "label": walk_in.label,
            "reason": walk_in.reason,
            "status": walk_in.status,
            "arrived_at": walk_in.arrived_at.isoformat(),
            "called_at": walk_in.called_at.isoformat() if walk_in.called_at else None,
            "finished_at": walk_in.finished_at.isoformat() if walk_in.finished_at else None,
            "served_by": str(walk_in.served_by) if walk_in.served_by else None,
        },
        now=moment,
    )


def add_walk_in(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    label: object = "",
    reason: object = WalkInReason.OTHER,
    now: datetime | None = None,
) -> WalkInView:
    """Put a customer in the queue with the next ticket of the store's day.

    ``label`` is a few words to recognise them by ("Blue coat, kettle"); it is
    optional because many customers would rather not give a name to queue.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    wanted = _reason(reason)
    with database.write() as session:
        clerk = require_active(session, staff)
        text, _ = clean_free_text(
            label,
            field="label",
            label=say_later("Who"),
            max_length=LABEL_MAX_LENGTH,
            required=False,
        )
        store = load_store(session)
        day = moment.astimezone(store_zone(store.timezone)).date()
        last = session.exec(
            select(func.max(WalkIn.ticket)).where(
                WalkIn.store_id == store.id, WalkIn.business_date == day
            )
        ).one()
        walk_in = WalkIn(
            store_id=store.id,
            business_date=day,
            ticket=(last or 0) + 1,
            label=text,
            reason=wanted.value,
            status=WalkInStatus.WAITING.value,
            arrived_at=moment,
            added_by=clerk.id,
        )
        session.add(walk_in)
        session.flush()
        _record(session, walk_in, clerk.id, "walk_in.arrived", moment)
        return _view(session, walk_in)


def _load(session: Session, walk_in_id: uuid.UUID, store_id: uuid.UUID) -> WalkIn:
    wanted = as_id(walk_in_id)
    walk_in = session.get(WalkIn, wanted) if wanted is not None else None
    if walk_in is None or walk_in.store_id != store_id:
        raise NotFoundError(say("That customer is no longer in the queue; refresh the list."))
    return walk_in


def call_walk_in(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    walk_in_id: uuid.UUID,
    now: datetime | None = None,
) -> WalkInView:
    """The clerk calls a waiting customer to the counter; their wait ends now."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        clerk = require_active(session, staff)
        walk_in = _load(session, walk_in_id, clerk.store_id)
        if walk_in.status != WalkInStatus.WAITING.value:
            taken = session.get(Staff, walk_in.served_by) if walk_in.served_by else None
            raise InputError.single(
                "walk_in",
                say("Number {ticket} is already being served by {name} or has gone.").format(
                    ticket=walk_in.ticket, name=taken.name
                )
                if taken
                else say("Number {ticket} is already being served or has gone.").format(
                    ticket=walk_in.ticket
                ),
            )
        walk_in.status = WalkInStatus.SERVING.value
        walk_in.called_at = moment
        walk_in.served_by = clerk.id
        _record(session, walk_in, clerk.id, "walk_in.called", moment)
        return _view(session, walk_in)


def finish_walk_in(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    walk_in_id: uuid.UUID,
    case_ref: uuid.UUID | str | None = None,
    left: bool = False,
    now: datetime | None = None,
) -> WalkInView:
    """Take a customer off the queue: served (with the case they became, if any) or left.

    A customer served without a case (a question answered) is finished with no
    case; one who walked away before being served is finished with ``left=True``.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        clerk = require_active(session, staff)
        walk_in = _load(session, walk_in_id, clerk.store_id)
        if walk_in.status not in STILL_HERE:
            raise InputError.single(
                "walk_in",
                say("Number {ticket} is already off the queue.").format(ticket=walk_in.ticket),
            )
        if case_ref is not None:
            case = find_case(session, case_ref)
            walk_in.case_id = case.id
            case.from_walk_in = True
        if walk_in.called_at is None and not left:
            walk_in.called_at = moment
        if walk_in.served_by is None and not left:
            walk_in.served_by = clerk.id
        walk_in.status = (WalkInStatus.LEFT if left else WalkInStatus.DONE).value
        walk_in.finished_at = moment
        _record(session, walk_in, clerk.id, "walk_in.left" if left else "walk_in.served", moment)
        return _view(session, walk_in)


def walk_in_queue(*, database: StoreDatabase) -> list[WalkInView]:
    """Everyone still at the counter, first come first: being served, then waiting.

    Walk-ins left over from an earlier day stay until someone clears them, so
    nobody is silently dropped from the queue at midnight.
    """
    with database.read() as session:
        rows = session.exec(
            select(WalkIn)
            .where(col(WalkIn.status).in_([status.value for status in STILL_HERE]))
            .order_by(col(WalkIn.arrived_at), col(WalkIn.ticket))
        ).all()
        views = [_view(session, row) for row in rows]
    serving = [view for view in views if view.status is WalkInStatus.SERVING]
    waiting = [view for view in views if view.status is WalkInStatus.WAITING]
    return serving + waiting
