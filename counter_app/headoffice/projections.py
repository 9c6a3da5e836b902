"""What head office keeps, beside the events themselves, to report across stores.

A case event's payload carries the case's header (and, for a completed
return or exchange, its payments); these turn that into rows of ``ho_case``
and ``ho_payment``. A payload that does not have the shape its kind needs is
refused here, before anything is stored, so the store can set it aside.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import update
from sqlmodel import Session

from db.headoffice.models import ReportedCase, ReportedPayment

CASE_TYPES = ("complaint", "return", "exchange")
CASE_STATUSES = ("open", "in_progress", "resolved", "closed")
# Kinds whose payload describes the whole case header.
CASE_SNAPSHOT_KINDS = frozenset({"case.opened", "return.completed", "exchange.completed"})
STATUS_KINDS = frozenset({"case.status_changed", "case.reopened"})


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Complaint(_Loose):
    category: str = Field(min_length=1, max_length=60)


class _PaymentData(_Loose):
    kind: str = Field(pattern=r"^(refund|charge)$")
    tender: str = Field(pattern=r"^(cash|card|store_credit|original)$")
    amount_cents: int = Field(ge=0, le=10**11)


class _CaseData(_Loose):
    id: uuid.UUID
    number: str = Field(min_length=1, max_length=40)
    case_type: str = Field(pattern=r"^(complaint|return|exchange)$")
    status: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")
    arrived_at: AwareDatetime
    resolved_at: AwareDatetime | None = None
    complaint: _Complaint | None = None
    payments: list[_PaymentData] = Field(default_factory=list, max_length=100)


class _StatusData(_Loose):
    to: str = Field(pattern=r"^(open|in_progress|resolved|closed)$")


class PayloadError(ValueError):
    """An event whose payload lacks what its kind needs; says which field."""


@dataclass(frozen=True)
class Projection:
    """The checked facts of one event, ready to write once the event is claimed."""

    case: _CaseData | None = None
    status: _StatusData | None = None
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
        if kind in STATUS_KINDS:
            return Projection(
                status=_StatusData.model_validate(_data(payload)), entity_id=entity_id
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
    for line_no, payment in enumerate(data.payments, start=1):
        session.add(
            ReportedPayment(
                store_id=store_id,
                event_id=event_id,
                line_no=line_no,
                case_id=data.id,
                kind=payment.kind,
                tender=payment.tender,
                amount_cents=payment.amount_cents,
                business_day=business_day(data.resolved_at or data.arrived_at, timezone),
            )
        )
