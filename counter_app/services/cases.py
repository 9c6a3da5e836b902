"""Reading a case back and moving it through its life (resolve, close, reopen)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import col, select

from counter_app.domain.card_numbers import masking_notice
from counter_app.domain.case_state import CaseStatus, CaseType, is_reopen, next_status
from counter_app.domain.validation import InputError
from counter_app.i18n import say, say_later
from counter_app.services.case_records import find_case
from counter_app.services.inputs import clean_free_text
from counter_app.services.recording import record_change
from counter_app.services.staff import SignedIn, require_active
from db.store.database import StoreDatabase
from db.store.models import CaseLine, ComplaintDetail


@dataclass(frozen=True)
class CaseLineView:
    """One line of a case as screens and documents show it."""

    line_no: int
    direction: str
    description: str
    quantity: int
    unit_price_cents: int
    condition: str | None
    reason: str


@dataclass(frozen=True)
class CaseView:
    """A case with its lines and complaint details."""

    id: uuid.UUID
    number: str
    case_type: CaseType
    status: CaseStatus
    summary: str
    customer_id: uuid.UUID | None
    staff_id: uuid.UUID
    arrived_at: datetime
    served_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    lines: tuple[CaseLineView, ...]
    complaint_category: str | None
    complaint_description: str | None


def get_case(*, database: StoreDatabase, case_ref: uuid.UUID | str) -> CaseView:
    """A case by its id or by its number as typed or scanned."""
    with database.read() as session:
        case = find_case(session, case_ref)
        lines = session.exec(
            select(CaseLine).where(CaseLine.case_id == case.id).order_by(col(CaseLine.line_no))
        ).all()
        complaint = session.get(ComplaintDetail, case.id)
        return CaseView(
            id=case.id,
            number=case.number,
            case_type=CaseType(case.case_type),
            status=CaseStatus(case.status),
            summary=case.summary,
            customer_id=case.customer_id,
            staff_id=case.staff_id,
            arrived_at=case.arrived_at,
            served_at=case.served_at,
            resolved_at=case.resolved_at,
            closed_at=case.closed_at,
            lines=tuple(
                CaseLineView(
                    line.line_no,
                    line.direction,
                    line.description,
                    line.quantity,
                    line.unit_price_cents,
                    line.item_condition,
                    line.reason,
                )
                for line in lines
            ),
            complaint_category=complaint.category if complaint else None,
            complaint_description=complaint.description if complaint else None,
        )


@dataclass(frozen=True)
class StatusChange:
    """Where the case went, and why something typed was changed before saving."""

    status: CaseStatus
    notices: tuple[str, ...] = ()


def change_status(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    case_ref: uuid.UUID | str,
    target: CaseStatus | str,
    note: str = "",
    now: datetime | None = None,
) -> CaseStatus:
    """Move a case to ``target`` if its life allows (see :func:`change_status_noting`)."""
    return change_status_noting(
        database=database, staff=staff, case_ref=case_ref, target=target, note=note, now=now
    ).status


def change_status_noting(
    *,
    database: StoreDatabase,
    staff: SignedIn,
    case_ref: uuid.UUID | str,
    target: CaseStatus | str,
    note: str = "",
    now: datetime | None = None,
) -> StatusChange:
    """Move a case to ``target`` if its life allows; a reopen needs a note saying why.

    A card number typed into the note is kept as its last four digits only
    (``[•••• 1111]``), and the audit event records ``"card_number_masked": true``.

    Raises:
        IllegalTransitionError: the move is not allowed from the current status.
        InputError: a reopen without a note, or a note that is not clean text.
    """
    try:
        wanted = CaseStatus(target)
    except ValueError:
        choices = ", ".join(status.in_sentence for status in CaseStatus)
        raise InputError.single(
            "status",
            say("There is no case status {status}; it can be {choices}.").format(
                status=repr(str(target)[:40]), choices=choices
            ),
        ) from None
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with database.write() as session:
        require_active(session, staff)
        case = find_case(session, case_ref)
        current = CaseStatus(case.status)
        new_status = next_status(current, wanted)
        reopening = is_reopen(current, new_status)
        label = say_later("Reason for reopening") if reopening else say_later("Note")
        cleaned, masked_last_fours = clean_free_text(
            note,
            field="note",
            label=label,
            max_length=500,
            required=reopening,
            multiline=True,
        )
        case.status = new_status.value
        case.updated_at = moment
        if new_status is CaseStatus.RESOLVED:
            case.resolved_at = moment
        elif new_status is CaseStatus.CLOSED:
            case.closed_at = moment
        elif reopening:
            case.resolved_at = None
            case.closed_at = None
            # Coming back means it was not resolved at first contact after all.
            case.resolved_first_contact = False
        details: dict[str, object] = {
            "number": case.number,
            "from": current.value,
            "to": new_status.value,
            "note": cleaned,
        }
        if masked_last_fours:
            details["card_number_masked"] = True
        record_change(
            session,
            store_id=case.store_id,
            staff_id=staff.staff_id,
            action="case.reopened" if reopening else "case.status_changed",
            entity="case",
            entity_id=str(case.id),
            case_id=case.id,
            details=details,
            now=moment,
        )
        notices = (masking_notice(say(label), masked_last_fours),) if masked_last_fours else ()
        return StatusChange(new_status, notices)
