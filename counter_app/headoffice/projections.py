"""What head office keeps, beside the events themselves, to report across stores.

A case event's payload carries the case's header (and, for a completed
return or exchange, its payments); these turn that into rows of ``ho_case``
and ``ho_payment``. A payload that does not have the shape its kind needs is
refused here, before anything is stored, so the store can set it aside.

A store's ``customers.purged`` erases, in head office's copy, what the store
erased in its own: the personal fields of the events it names (the same
fields, by :mod:`counter_app.domain.personal_data`) and the attachments no
case of the store needs any more. ``ho_case`` and ``ho_payment`` hold no
personal data, so the reports are the same after as before.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from counter_app.domain.personal_data import erase_event_payload
from counter_app.domain.sync_protocol import CounterMoment
from db.headoffice.models import ReceivedEvent, ReportedCase, ReportedPayment, StoredAttachment

CASE_TYPES = ("complaint", "return", "exchange")
CASE_STATUSES = ("open", "in_progress", "resolved", "closed")
# Kinds whose payload describes the whole case header.
CASE_SNAPSHOT_KINDS = frozenset({"case.opened", "return.completed", "exchange.completed"})
STATUS_KINDS = frozenset({"case.status_changed", "case.reopened"})
# A complaint accommodated: its status and the refund paid, if any (the case came earlier).
RESOLUTION_KINDS = frozenset({"complaint.resolved", "complaint.kept_open"})
ERASURE_KIND = "customers.purged"
# A store purges at most 100 customers at a time, each with a few events (200 at most).
MAX_ERASED_EVENTS = 20_000


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Complaint(_Loose):
    category: str = Field(min_length=1, max_length=60)


class _PaymentData(_Loose):
    kind: str = Field(pattern=r"^(refund|charge)$")
    tender: str = Field(pattern=r"^(cash|card|store_credit|original)$")
    # Strict: money is whole cents as a JSON integer, never true, "100" or 12.0.
    amount_cents: int = Field(ge=0, le=10**11, strict=True)


class _CaseData(_Loose):
    id: uuid.UUID
    number: str = Field(min_length=1, max_length=40)
    case_type: str = Field(pattern=r"^(complaint|return|exchange)$")
    status: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")
    arrived_at: CounterMoment
    resolved_at: CounterMoment | None = None
    complaint: _Complaint | None = None
    payments: list[_PaymentData] = Field(default_factory=list, max_length=100)


class _ResolutionData(_Loose):
    id: uuid.UUID
    status: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")
    arrived_at: CounterMoment
    resolved_at: CounterMoment | None = None
    payments: list[_PaymentData] = Field(default_factory=list, max_length=100)


class _StatusData(_Loose):
    to: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")


class _ErasureData(_Loose):
    event_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_ERASED_EVENTS)
    attachments: list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]] = Field(
        default_factory=list, max_length=MAX_ERASED_EVENTS
    )


class PayloadError(ValueError):
    """An event whose payload lacks what its kind needs; says which field."""


@dataclass(frozen=True)
class Projection:
    """The checked facts of one event, ready to write once the event is claimed."""

    case: _CaseData | None = None
    resolution: _ResolutionData | None = None
    status: _StatusData | None = None
    erasure: _ErasureData | None = None
    entity_id: str = ""


def _data(payload: dict[str, Any]) -> Any:
    return payload.get("data", payload)


def _first_problem(error: ValidationError, kind: str) -> PayloadError:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "data"
    return PayloadError(f"{kind}: payload field data.{where}: {problem['msg']}")


def check_payload(kind: str, entity_id: str, payload: dict[str, Any]) -> Projection:
    """Check an event's payload for what its kind needs.

    Raises:
        PayloadError: a field is missing or out of range (named in the message).
    """
    try:
        if kind in CASE_SNAPSHOT_KINDS:
            return Projection(case=_CaseData.model_validate(_data(payload)), entity_id=entity_id)
        if kind in RESOLUTION_KINDS:
            return Projection(
                resolution=_ResolutionData.model_validate(_data(payload)), entity_id=entity_id
            )
        if kind in STATUS_KINDS:
            return Projection(
                status=_StatusData.model_validate(_data(payload)), entity_id=entity_id
            )
        if kind == ERASURE_KIND:
            return Projection(
                erasure=_ErasureData.model_validate(_data(payload)), entity_id=entity_id
            )
    except ValidationError as error:
        raise _first_problem(error, kind) from error
    return Projection(entity_id=entity_id)


def business_day(moment: datetime, timezone: str) -> date:
    """The store's calendar day of a moment (its own time zone, not UTC)."""
    try:
        zone = ZoneInfo(timezone)
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def write_projection(
    session: Session,
    *,
    store_id: uuid.UUID,
    timezone: str,
    event_id: uuid.UUID,
    projection: Projection,
) -> None:
    """Record a claimed event's effect on the reported cases and payments."""
    if projection.case is not None:
        _write_case(session, store_id, timezone, event_id, projection.case)
    elif projection.resolution is not None:
        _write_resolution(session, store_id, timezone, event_id, projection.resolution)
    elif projection.erasure is not None:
        erase_personal_data(session, store_id=store_id, erasure=projection.erasure)
    elif projection.status is not None and _is_uuid(projection.entity_id):
        session.exec(
            update(ReportedCase)
            .where(
                ReportedCase.store_id == store_id,  # type: ignore[arg-type]
                ReportedCase.case_id == uuid.UUID(projection.entity_id),  # type: ignore[arg-type]
            )
            .values(status=projection.status.to)
        )


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _write_case(
    session: Session, store_id: uuid.UUID, timezone: str, event_id: uuid.UUID, data: _CaseData
) -> None:
    day = business_day(data.arrived_at, timezone)
    case = session.get(ReportedCase, (store_id, data.id))
    if case is None:
        case = ReportedCase(
            store_id=store_id,
            case_id=data.id,
            number=data.number,
            case_type=data.case_type,
            status=data.status,
            business_day=day,
            opened_at=data.arrived_at,
        )
    case.status = data.status
    case.resolved_at = data.resolved_at or case.resolved_at
    if data.complaint is not None:
        case.complaint_category = data.complaint.category
    session.add(case)
    paid_on = business_day(data.resolved_at or data.arrived_at, timezone)
    _write_payments(session, store_id, event_id, data.id, data.payments, paid_on)


def _write_resolution(
    session: Session,
    store_id: uuid.UUID,
    timezone: str,
    event_id: uuid.UUID,
    data: _ResolutionData,
) -> None:
    """A complaint accommodated: the reported case's status, and the refund it paid."""
    case = session.get(ReportedCase, (store_id, data.id))
    if case is not None:
        case.status = data.status
        case.resolved_at = data.resolved_at or case.resolved_at
        session.add(case)
    paid_on = business_day(data.resolved_at or data.arrived_at, timezone)
    _write_payments(session, store_id, event_id, data.id, data.payments, paid_on)


def _write_payments(
    session: Session,
    store_id: uuid.UUID,
    event_id: uuid.UUID,
    case_id: uuid.UUID,
    payments: list[_PaymentData],
    paid_on: date,
) -> None:
    for line_no, payment in enumerate(payments, start=1):
        session.add(
            ReportedPayment(
                store_id=store_id,
                event_id=event_id,
                line_no=line_no,
                case_id=case_id,
                kind=payment.kind,
                tender=payment.tender,
                amount_cents=payment.amount_cents,
                business_day=paid_on,
            )
        )


def erase_personal_data(session: Session, *, store_id: uuid.UUID, erasure: _ErasureData) -> int:
    """Erase the personal fields of the store's events named, and its unneeded attachments.

    Only this store's rows are read or changed: the ids come from its own event,
    and every statement is keyed by its store id. Returns how many events changed.
    """
    changed = 0
    wanted = sorted(set(erasure.event_ids))
    for start in range(0, len(wanted), 500):
        rows = session.exec(
            select(ReceivedEvent).where(
                col(ReceivedEvent.store_id) == store_id,
                col(ReceivedEvent.event_id).in_(wanted[start : start + 500]),
            )
        ).all()
        for row in rows:
            erased, was_changed = erase_event_payload(row.kind, json.loads(row.payload))
            if was_changed:
                row.payload = json.dumps(erased, ensure_ascii=False, sort_keys=True)
                session.add(row)
                changed += 1
    if erasure.attachments:
        session.exec(
            delete(StoredAttachment).where(
                col(StoredAttachment.store_id) == store_id,
                col(StoredAttachment.sha256).in_(erasure.attachments),
            )
        )
    return changed
