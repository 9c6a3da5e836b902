"""Checking the audit trail: is every event still exactly as it was written?

Rows are read raw, not through the table model, so a value someone edited
by hand into something the model cannot load is reported as a broken link
instead of stopping the check.
"""

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from counter_app.domain.audit_chain import BrokenLink, ChainLink, first_broken_link
from counter_app.i18n import say
from counter_app.services.recording import audit_content
from db.store.database import StoreDatabase
from db.store.models import AuditEvent

_COLUMNS = (
    "seq",
    "id",
    "store_id",
    "occurred_at",
    "staff_id",
    "action",
    "entity",
    "entity_id",
    "case_id",
    "details",
    "prev_hash",
    "hash",
)
_RAW_QUERY = f"SELECT {', '.join(_COLUMNS)} FROM {AuditEvent.__tablename__} ORDER BY seq"  # noqa: S608 (constant names)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many events were read and the first broken link."""

    events_checked: int
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        """True when every event verified."""
        return self.broken is None


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(str(value))


def _stored_event(row: Sequence[Any]) -> AuditEvent:
    """Rebuild the event from its stored text; ValueError if a value cannot be read."""
    values = dict(zip(_COLUMNS, row, strict=True))
    occurred = datetime.fromisoformat(str(values["occurred_at"]))
    store_id = _uuid(values["store_id"])
    event_id = _uuid(values["id"])
    if store_id is None or event_id is None or not isinstance(values["details"], str):
        raise ValueError("a required value is missing")
    return AuditEvent(
        seq=int(values["seq"]),
        id=event_id,
        store_id=store_id,
        occurred_at=occurred.replace(tzinfo=occurred.tzinfo or UTC),
        staff_id=_uuid(values["staff_id"]),
        action=str(values["action"]),
        entity=str(values["entity"]),
        entity_id=str(values["entity_id"]),
        case_id=_uuid(values["case_id"]),
        details=values["details"],
        prev_hash=str(values["prev_hash"]),
        hash=str(values["hash"]),
    )


def verify_audit_chain(*, database: StoreDatabase) -> ChainReport:
    """Recompute every link of the audit chain, in order, and report the first that fails."""
    count = 0
    unreadable: BrokenLink | None = None

    def links() -> Iterator[ChainLink]:
        nonlocal count, unreadable
        with database.read() as session:
            for row in session.connection().exec_driver_sql(_RAW_QUERY):
                count += 1
                try:
                    event = _stored_event(row)
                except (ValueError, TypeError):
                    unreadable = BrokenLink(
                        int(row[0]),
                        say("event {seq} holds a value that was edited by hand").format(seq=row[0]),
                    )
                    return
                yield ChainLink(
                    seq=event.seq or 0,
                    content=audit_content(event),
                    prev_hash=event.prev_hash,
                    hash=event.hash,
                )

    broken = first_broken_link(links())
    return ChainReport(count, broken or unreadable)
