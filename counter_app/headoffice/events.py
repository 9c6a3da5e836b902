"""Apply a store's pushed batch: each event exactly once, with an ack for each.

The claim is the insert itself: ``ho_event``'s primary key is (store id,
event id), and ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` tells in one
statement whether this request stored the event or someone already had.
The claim and the event's effect on the reports commit in one transaction,
so a batch replayed, or two overlapping batches racing, change nothing twice.
"""

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from counter_app.domain.sync_protocol import AckStatus, EventAck, PushBatch, PushResult
from counter_app.headoffice.projections import PayloadError, check_payload, write_projection
from counter_app.headoffice.stores import AuthenticatedStore
from db.headoffice.models import ReceivedEvent


def _claim(session: Session, values: dict[str, object]) -> bool:
    """Insert the event unless the store already sent it; True when this call stored it."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(ReceivedEvent)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["store_id", "event_id"])
        .returning(col(ReceivedEvent.event_id))
    )
    return session.execute(statement).first() is not None


def _stored_text(payload: dict[str, Any]) -> str:
    """The payload as the JSON text head office keeps.

    Raises:
        PayloadError: the payload holds what JSON text cannot (NaN, an unpaired
            surrogate) or is nested too deeply to write back out.
    """
    try:
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, allow_nan=False)
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise PayloadError(
            "payload: holds half of a UTF-16 surrogate pair, which is not text "
            f"(at character {error.start})"
        ) from error
    except ValueError as error:
        raise PayloadError("payload: holds NaN or Infinity, which JSON does not allow") from error
    except RecursionError as error:
        raise PayloadError("payload: nested too deeply to keep") from error
    return text


def apply_batch(session: Session, store: AuthenticatedStore, batch: PushBatch) -> PushResult:
    """Store each new event of the batch once and answer for every event, in order."""
    received_at = datetime.now(UTC)
    acks: list[EventAck] = []
    seen_in_batch: set[object] = set()
    for event in batch.events:
        if event.event_id in seen_in_batch:
            acks.append(EventAck(event_id=event.event_id, status=AckStatus.DUPLICATE))
            continue
        seen_in_batch.add(event.event_id)
        try:
            payload_text = _stored_text(event.payload)
            projection = check_payload(event.kind, event.entity_id, event.payload)
        except PayloadError as error:
            acks.append(
                EventAck(event_id=event.event_id, status=AckStatus.REJECTED, error=str(error))
            )
            continue
        stored = _claim(
            session,
            {
                "store_id": store.store_id,
                "event_id": event.event_id,
                "device_id": batch.device_id,
                "device_seq": event.device_seq,
                "kind": event.kind,
                "entity_id": event.entity_id,
                "occurred_at": event.occurred_at.astimezone(UTC),
                "received_at": received_at,
                "payload": payload_text,
            },
        )
        if stored:
            write_projection(
                session,
                store_id=store.store_id,
                timezone=store.timezone,
                event_id=event.event_id,
                projection=projection,
            )
            session.flush()
        acks.append(
            EventAck(
                event_id=event.event_id,
                status=AckStatus.APPLIED if stored else AckStatus.DUPLICATE,
            )
        )
    return PushResult(acks=acks)
