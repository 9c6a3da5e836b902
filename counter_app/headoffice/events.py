"""Apply a store's pushed batch: each event exactly once, with an ack for each.

The claim is the insert itself: ``ho_event``'s primary key is (store id,
event id), and ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` tells which
events this request stored and which someone already had. A batch is
claimed with one such statement (one more for each erasure it holds), not
one per event, and its effect on the reports is worked out in memory, in
event order, and written at once. The claim and
that effect commit in one transaction, so a batch replayed, or two
overlapping batches racing, change nothing twice.
"""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.sql import Executable
from sqlmodel import Session

from counter_app.domain.sync_protocol import AckStatus, EventAck, PushBatch, PushResult
from counter_app.headoffice.projections import (
    PayloadError,
    Projection,
    ReportProjector,
    check_payload,
    erase_personal_data,
    insert_rows,
    rows_insert,
)
from counter_app.headoffice.stores import AuthenticatedStore
from db.headoffice.models import ReceivedEvent


@dataclass(frozen=True)
class _Checked:
    """An event whose payload passed its kind's checks: its ``ho_event`` row and its effect."""

    position: int
    event_id: uuid.UUID
    row: dict[str, Any]
    projection: Projection


_EVENTS: Table = ReceivedEvent.metadata.tables["ho_event"]


@cache
def _claim_statement(dialect: str) -> Executable:
    """The claim of many events at once; made once per dialect, then compiled once."""
    return (
        rows_insert(dialect, _EVENTS)
        .on_conflict_do_nothing(index_elements=["store_id", "event_id"])
        .returning(_EVENTS.c.event_id)
    )


def _claim(connection: Connection, rows: list[dict[str, Any]]) -> set[uuid.UUID]:
    """Insert the events the store had not sent before; the ids this call stored.

    One statement for the lot: an event already held is skipped by the key,
    not by a read before the write, so two requests racing cannot both store it.
    """
    if not rows:
        return set()
    return set(insert_rows(connection, _claim_statement, rows).scalars())


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


def _up_to_each_erasure(checked: list[_Checked]) -> Iterator[list[_Checked]]:
    """The checked events in runs, each ending at an erasure (or at the batch's end).

    An erasure names events by id: it must find those sent before it in the
    same batch already stored, and not those after it, as when events were
    claimed one by one. So each run is claimed before its erasure is applied.
    """
    run: list[_Checked] = []
    for item in checked:
        run.append(item)
        if item.projection.erasure is not None:
            yield run
            run = []
    if run:
        yield run


def apply_batch(session: Session, store: AuthenticatedStore, batch: PushBatch) -> PushResult:
    """Store each new event of the batch once and answer for every event, in order."""
    received_at = datetime.now(UTC)
    acks: list[EventAck | None] = []
    checked: list[_Checked] = []
    seen_in_batch: set[uuid.UUID] = set()
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
        row: dict[str, Any] = {
            "store_id": store.store_id,
            "event_id": event.event_id,
            "device_id": batch.device_id,
            "device_seq": event.device_seq,
            "kind": event.kind,
            "entity_id": event.entity_id,
            "occurred_at": event.occurred_at.astimezone(UTC),
            "received_at": received_at,
            "payload": payload_text,
        }
        checked.append(_Checked(len(acks), event.event_id, row, projection))
        acks.append(None)

    connection = session.connection()
    reports = ReportProjector(store.store_id, store.timezone)
    for run in _up_to_each_erasure(checked):
        stored = _claim(connection, [item.row for item in run])
        for item in run:
            applied = item.event_id in stored
            acks[item.position] = EventAck(
                event_id=item.event_id,
                status=AckStatus.APPLIED if applied else AckStatus.DUPLICATE,
            )
            if not applied:
                continue
            if item.projection.erasure is not None:
                erase_personal_data(
                    session, store_id=store.store_id, erasure=item.projection.erasure
                )
                session.flush()
            else:
                reports.add(item.event_id, item.projection)
    reports.write(session)
    return PushResult(acks=[ack for ack in acks if ack is not None])
