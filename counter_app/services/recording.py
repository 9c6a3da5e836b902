"""Write the audit event and the outbox row that go with every change.

Called inside a service's unit of work, so the change, its audit event and
its outbox row commit together or not at all. The write transaction holds
SQLite's write lock from its first statement, so reading the chain's last
hash and appending the next link cannot interleave with another writer.
"""

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from counter_app.domain.audit_chain import GENESIS_HASH, canonical_json, details_digest, link_hash
from db.store.models import AuditEvent, Outbox


def audit_content(event: AuditEvent) -> dict[str, Any]:
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
) -> AuditEvent:
    """Append one audit event (hash-chained) and one outbox row for head office.

    Args:
        session: the open unit of work of the calling service.
        details: what the audit trail shows about the change (never a PIN).
        outbox_payload: the data head office needs; defaults to ``details``.
    """
    last = session.exec(
        select(AuditEvent.seq, AuditEvent.hash).order_by(col(AuditEvent.seq).desc()).limit(1)
    ).first()
    prev_seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
    stored_details = canonical_json(details)
    event = AuditEvent(
        seq=(prev_seq or 0) + 1,
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
    event.hash = link_hash(prev_hash, audit_content(event))
    session.add(event)
    payload = {
        "audit": {"id": str(event.id), "seq": event.seq, "hash": event.hash},
        "data": dict(outbox_payload if outbox_payload is not None else details),
    }
    session.add(
        Outbox(
            store_id=store_id,
            kind=action,
            entity_id=entity_id,
            payload=canonical_json(payload),
            created_at=now,
        )
    )
    session.flush()
    return event
