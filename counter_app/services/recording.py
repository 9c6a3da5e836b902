"""Write the audit event and the outbox row that go with every change.

Called inside a service's unit of work, so the change, its audit event and
its outbox row commit together or not at all. The write transaction holds
SQLite's write lock from its first statement, so reading the chain's last
hash and appending the next link cannot interleave with another writer.

Every change of a save passes through here, so this is kept cheap: the two
rows are plain inserts on the unit of work's connection (what was waiting in
the session is flushed first, since the event may point at it), and the
chain's end is read once per transaction and then kept on the session, since
every audit event is written here: a service recording several changes links
them without reading back what it has just written.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from counter_app.domain.audit_chain import GENESIS_HASH, canonical_json, details_digest, link_hash
from db.store.models import AuditEvent, Outbox

_EVENTS: Table = AuditEvent.__table__  # type: ignore[attr-defined]
_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]
# Built once: these run for every change the counter records.
_INSERT_EVENT = insert(_EVENTS)
_INSERT_OUTBOX = insert(_OUTBOX)
_LAST_LINK = select(_EVENTS.c.seq, _EVENTS.c.hash).order_by(_EVENTS.c.seq.desc()).limit(1)
# Where the chain ends as this session last wrote it: (transaction, seq, hash).
_CHAIN_END = "counter_audit_chain_end"


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """An audit event as :func:`record_change` wrote it: every column of its row."""

    seq: int
    id: uuid.UUID
    store_id: uuid.UUID
    occurred_at: datetime
    staff_id: uuid.UUID | None
    action: str
    entity: str
    entity_id: str
    case_id: uuid.UUID | None
    details: str
    details_sha256: str
    prev_hash: str
    hash: str
    erased_at: datetime | None = None

    def row(self) -> dict[str, Any]:
        """The values of its ``auditevent`` row, by column."""
        return {name: getattr(self, name) for name in _EVENT_COLUMNS}


_EVENT_COLUMNS = tuple(field.name for field in fields(RecordedEvent))


def audit_content(event: AuditEvent | RecordedEvent) -> dict[str, Any]:
    """The fields of an audit event that its hash covers (everything but the hashes).

    The details count by their digest (``details_sha256``), so a customer's typed
    words can be erased from them and the chain still hold; events written before
    the digest count by their stored text. Neither is parsed to be checked.
    """
    content: dict[str, Any] = {
        "seq": event.seq,
        "id": str(event.id),
        "store_id": str(event.store_id),
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "staff_id": str(event.staff_id) if event.staff_id else None,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "case_id": str(event.case_id) if event.case_id else None,
    }
    if event.details_sha256 is not None:
        content["details_sha256"] = event.details_sha256
    else:
        content["details"] = event.details
    return content


def _transaction(session: Session) -> SessionTransaction | None:
    return session.get_nested_transaction() or session.get_transaction()


def _chain_end(session: Session) -> tuple[int, str]:
    """The ``seq`` and hash of the newest audit event, as this transaction sees it.

    Read from the database once per transaction (and again after a savepoint
    begins or ends, since rolling one back takes its events with it); later
    calls use what :func:`record_change` last wrote.
    """
    current = _transaction(session)
    kept = session.info.get(_CHAIN_END)
    if kept is not None and current is not None and kept[0] is current:
        return kept[1], kept[2]
    last = session.connection().execute(_LAST_LINK).first()
    return (int(last.seq), str(last.hash)) if last else (0, GENESIS_HASH)


def record_change(
    session: Session,
    *,
    store_id: uuid.UUID,
    staff_id: uuid.UUID | None,
    action: str,
    entity: str,
    entity_id: str,
    details: Mapping[str, Any],
    now: datetime,
    case_id: uuid.UUID | None = None,
    outbox_payload: Mapping[str, Any] | None = None,
) -> RecordedEvent:
    """Append one audit event (hash-chained) and one outbox row for head office.

    Args:
        session: the open unit of work of the calling service.
        details: what the audit trail shows about the change (never a PIN).
        outbox_payload: the data head office needs; defaults to ``details``.
    """
    # The event may point at a row added since the last write (its case): written first.
    session.flush()
    prev_seq, prev_hash = _chain_end(session)
    stored_details = canonical_json(details)
    unlinked = RecordedEvent(
        seq=prev_seq + 1,
        id=uuid.uuid4(),
        store_id=store_id,
        occurred_at=now.astimezone(UTC),
        staff_id=staff_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        case_id=case_id,
        details=stored_details,
        details_sha256=details_digest(stored_details),
        prev_hash=prev_hash,
        hash="",
    )
    event = replace(unlinked, hash=link_hash(prev_hash, audit_content(unlinked)))
    payload = {
        "audit": {"id": str(event.id), "seq": event.seq, "hash": event.hash},
        "data": dict(outbox_payload if outbox_payload is not None else details),
    }
    connection = session.connection()
    connection.execute(_INSERT_EVENT, event.row())
    connection.execute(
        _INSERT_OUTBOX,
        {
            "event_id": uuid.uuid4(),
            "store_id": store_id,
            "kind": action,
            "entity_id": entity_id,
            "payload": canonical_json(payload),
            "created_at": now,
            "attempts": 0,
            "last_error": None,
            "sent_at": None,
            "set_aside_at": None,
        },
    )
    session.info[_CHAIN_END] = (_transaction(session), event.seq, event.hash)
    return event
