"""A case's story from its audit trail: who did what to it, and when.

The audit trail is the record; this reads the events that name the case, so a
clerk answering "what happened with my kettle?" sees the whole case without a
manager's audit screen.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from counter_app.domain.case_state import CaseStatus
from counter_app.services.case_records import find_case
from db.store.database import StoreDatabase
from db.store.models import AuditEvent, Staff


@dataclass(frozen=True)
class HistoryEntry:
    """One step of a case's story; ``action`` is the event's kind (``case.reopened``).

    Words for the action are the screen's to choose, in the clerk's language;
    ``text`` is what a person typed with it (a note, a reason), if anything.
    ``erased`` says the words typed with it were erased with the customer's
    personal data, so a screen can say so rather than show nothing.
    """

    occurred_at: datetime
    who: str | None
    action: str
    from_status: CaseStatus | None
    to_status: CaseStatus | None
    text: str
    erased: bool = False


def _status(value: object) -> CaseStatus | None:
    try:
        return CaseStatus(str(value))
    except ValueError:
        return None


def _typed_text(details: dict[str, object]) -> str:
    """The words a person typed with the event, if any."""
    for key in ("note", "reason", "summary", "filename"):
        value = details.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def case_history(*, database: StoreDatabase, case_ref: uuid.UUID | str) -> list[HistoryEntry]:
    """Every audited step of a case, oldest first."""
    with database.read() as session:
        case = find_case(session, case_ref)
        rows = session.exec(
            select(AuditEvent, Staff.name)
            .join(Staff, col(Staff.id) == col(AuditEvent.staff_id), isouter=True)
            .where(AuditEvent.case_id == case.id)
            .order_by(col(AuditEvent.seq))
        ).all()
    entries = []
    for event, name in rows:
        try:
            details = json.loads(event.details)
        except ValueError:
            details = {}
        known = details if isinstance(details, dict) else {}
        entries.append(
            HistoryEntry(
                occurred_at=event.occurred_at,
                who=name,
                action=event.action,
                from_status=_status(known.get("from")),
                to_status=_status(known.get("to")),
                text=_typed_text(known),
                erased=event.erased_at is not None,
            )
        )
    return entries
