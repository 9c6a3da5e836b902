"""Checking the audit trail: is every event still exactly as it was written?

Rows are read raw, not through the table model, so a value someone edited
by hand into something the model cannot load is reported as a broken link
instead of stopping the check.
"""

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from counter_app.domain.audit_chain import (
    BrokenLink,
    ChainLink,
    details_digest,
    first_broken_link,
)
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
    "details_sha256",
    "erased_at",
    "prev_hash",
    "hash",
)
ERASURE_ACTION = "customers.purged"
# The key of an erasure's details that lists the ``seq`` of every event it erased.
ERASED_EVENTS_KEY = "audit_events"
_RAW_QUERY = f"SELECT {', '.join(_COLUMNS)} FROM {AuditEvent.__tablename__} ORDER BY seq"  # noqa: S608 (constant names)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many events were read and the first broken link."""

    events_checked: int
    broken: BrokenLink | None
    events_erased: int = 0

    @property
    def intact(self) -> bool:
        """True when every event verified."""
        return self.broken is None


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(str(value))


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=moment.tzinfo or UTC)


def _stored_event(row: Sequence[Any]) -> AuditEvent:
    """Rebuild the event from its stored text; ValueError if a value cannot be read."""
    values = dict(zip(_COLUMNS, row, strict=True))
    store_id = _uuid(values["store_id"])
    event_id = _uuid(values["id"])
    if store_id is None or event_id is None or not isinstance(values["details"], str):
        raise ValueError("a required value is missing")
    digest = values["details_sha256"]
    return AuditEvent(
        seq=int(values["seq"]),
        id=event_id,
        store_id=store_id,
        occurred_at=_moment(values["occurred_at"]),
        staff_id=_uuid(values["staff_id"]),
        action=str(values["action"]),
        entity=str(values["entity"]),
        entity_id=str(values["entity_id"]),
        case_id=_uuid(values["case_id"]),
        details=values["details"],
        details_sha256=None if digest is None else str(digest),
        erased_at=None if values["erased_at"] is None else _moment(values["erased_at"]),
        prev_hash=str(values["prev_hash"]),
        hash=str(values["hash"]),
    )


def _erased_by(event: AuditEvent) -> set[int]:
    """The events an erasure says it erased (none for any other event)."""
    if event.action != ERASURE_ACTION:
        return set()
    try:
        listed = json.loads(event.details).get(ERASED_EVENTS_KEY, [])
    except (ValueError, AttributeError):
        return set()
    return (
        {value for value in listed if isinstance(value, int)} if isinstance(listed, list) else set()
    )


def _link(event: AuditEvent) -> ChainLink:
    """The event as the chain checks it: its details against their digest, unless erased."""
    content: dict[str, Any] | None = audit_content(event)
    details_match = True
    if event.erased_at is None:
        if event.details_sha256 is not None:
            details_match = details_digest(event.details) == event.details_sha256
    elif event.details_sha256 is None:
        # Hashed with the details it no longer holds: only its place can be checked.
        content = None
    return ChainLink(
        seq=event.seq or 0,
        content=content,
        prev_hash=event.prev_hash,
        hash=event.hash,
        details_match=details_match,
    )


def verify_audit_chain(*, database: StoreDatabase) -> ChainReport:
    """Recompute every link of the audit chain, in order, and report the first that fails.

    An event erased under the retention must be named by a later erasure event
    (``customers.purged``), which the chain covers: an erasure no one recorded
    counts as a broken link.
    """
    count = 0
    unreadable: BrokenLink | None = None
    erased: list[int] = []
    accounted: set[int] = set()

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
                if event.erased_at is not None:
                    erased.append(event.seq or 0)
                accounted.update(_erased_by(event))
                yield _link(event)

    broken = first_broken_link(links()) or unreadable
    if broken is None:
        unaccounted = [seq for seq in erased if seq not in accounted]
        if unaccounted:
            broken = BrokenLink(
                unaccounted[0],
                say("event {seq} was erased without an erasure event that names it").format(
                    seq=unaccounted[0]
                ),
            )
    return ChainReport(count, broken, events_erased=len(erased))
