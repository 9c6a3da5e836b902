"""Drain the outbox to head office: oldest first, in batches, each event until it is acked.

Nothing leaves the outbox unacknowledged: a row is marked sent only after
head office acked it (applied, or already held), in the same transaction
for the whole batch. A crash anywhere in between only means the batch is
sent again, and head office answers "duplicate" for what it already has.
An event head office refuses as malformed is set aside with its error, so
the events behind it still go.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import select as select_columns
from sqlalchemy import update
from sqlmodel import col

from counter_app.domain.sync_protocol import (
    MAX_EVENTS_PER_BATCH,
    AckStatus,
    PushBatch,
    PushedEvent,
    PushResult,
)
from counter_app.sync.errors import BatchRejectedError, BatchTooLargeError, SyncError
from db.store.database import StoreDatabase
from db.store.models import Outbox

if TYPE_CHECKING:  # the client (and httpx) loads when a pass first talks to head office
    from counter_app.sync.client import HeadOfficeClient

log = logging.getLogger("counter.sync")

DEFAULT_BATCH_SIZE = 200
ATTACHMENTS_FOLDER = "attachments"
ProgressCallback = Callable[[int], None]


@dataclass
class PushReport:
    """What one drain did: events acked (newly applied or already held) and set aside."""

    applied: int = 0
    duplicates: int = 0
    set_aside: int = 0
    batches: int = 0
    attachments_uploaded: int = 0

    @property
    def sent(self) -> int:
        """Events head office now holds that were waiting before."""
        return self.applied + self.duplicates


@dataclass(frozen=True)
class _Waiting:
    seq: int
    event_id: uuid.UUID
    kind: str
    entity_id: str
    payload: str
    created_at: datetime


def _oldest_waiting(database: StoreDatabase, limit: int) -> list[_Waiting]:
    """The next events to send, oldest first: just the columns the wire needs, no ORM objects."""
    query = (
        select_columns(
            col(Outbox.seq),
            col(Outbox.event_id),
            col(Outbox.kind),
            col(Outbox.entity_id),
            col(Outbox.payload),
            col(Outbox.created_at),
        )
        .where(col(Outbox.sent_at).is_(None), col(Outbox.set_aside_at).is_(None))
        .order_by(col(Outbox.seq))
        .limit(limit)
    )
    with database.read() as session:
        rows = session.connection().execute(query).all()
    return [
        _Waiting(seq or 0, event_id, kind, entity_id, payload, created_at)
        for seq, event_id, kind, entity_id, payload, created_at in rows
    ]


def _set_aside(database: StoreDatabase, problems: dict[int, str]) -> None:
    """Mark events (by seq) as refused by head office, each with its error."""
    now = datetime.now(UTC)
    with database.write() as session:
        for seq, error in problems.items():
            session.exec(
                update(Outbox)
                .where(col(Outbox.seq) == seq)
                .values(set_aside_at=now, last_error=error[:500], attempts=Outbox.attempts + 1)
            )
    for seq, error in problems.items():
        log.warning("outbox event %s set aside: %s", seq, error)


def note_failure(database: StoreDatabase, seqs: Sequence[int], error: str) -> None:
    """Count a failed attempt on the events of a batch that did not get through."""
    if not seqs:
        return
    with database.write() as session:
        session.exec(
            update(Outbox)
            .where(col(Outbox.seq).in_(seqs))
            .values(attempts=Outbox.attempts + 1, last_error=error[:500])
        )


def _wire_events(waiting: list[_Waiting]) -> tuple[list[PushedEvent], dict[int, str]]:
    """The rows as the protocol sends them; rows that cannot be sent come back as problems."""
    events: list[PushedEvent] = []
    problems: dict[int, str] = {}
    for row in waiting:
        try:
            payload = json.loads(row.payload)
            events.append(
                PushedEvent(
                    event_id=row.event_id,
                    device_seq=row.seq,
                    kind=row.kind,
                    entity_id=row.entity_id,
                    occurred_at=row.created_at,
                    payload=payload,
                )
            )
        except (ValueError, ValidationError) as error:
            problems[row.seq] = f"not sendable: {error}"[:500]
    return events, problems


def _upload_attachments(
    client: HeadOfficeClient, data_dir: Path | None, events: list[PushedEvent]
) -> int:
    """Upload the files that attachment events refer to, before the events themselves."""
    if data_dir is None:
        return 0
    uploaded = 0
    for event in events:
        if event.kind != "attachment.added":
            continue
        data = event.payload.get("data", {})
        sha256 = data.get("sha256") if isinstance(data, dict) else None
        if not isinstance(sha256, str) or len(sha256) != 64:
            continue
        blob = data_dir / ATTACHMENTS_FOLDER / sha256[:2] / sha256
        try:
            content = blob.read_bytes()
        except OSError as error:
            log.warning("attachment %s not uploaded, its file is missing: %s", sha256, error)
            continue
        client.upload(sha256, content)
        uploaded += 1
    return uploaded


def _record_acks(
    database: StoreDatabase, events: list[PushedEvent], result: PushResult, report: PushReport
) -> None:
    now = datetime.now(UTC)
    acked: list[int] = []
    refused: dict[int, str] = {}
    for event, ack in zip(events, result.acks, strict=True):
        if ack.status == AckStatus.REJECTED:
            refused[event.device_seq] = ack.error or "refused by head office"
        else:
            acked.append(event.device_seq)
            if ack.status == AckStatus.APPLIED:
                report.applied += 1
            else:
                report.duplicates += 1
    with database.write() as session:
        if acked:
            session.exec(
                update(Outbox)
                .where(col(Outbox.seq).in_(acked))
                .values(sent_at=now, attempts=Outbox.attempts + 1, last_error=None)
            )
        for seq, error in refused.items():
            session.exec(
                update(Outbox)
                .where(col(Outbox.seq) == seq)
                .values(set_aside_at=now, last_error=error[:500], attempts=Outbox.attempts + 1)
            )
    report.set_aside += len(refused)


def push_waiting(
    database: StoreDatabase,
    client: HeadOfficeClient,
    *,
    device: uuid.UUID,
    data_dir: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_events: int | None = None,
    progress: ProgressCallback | None = None,
) -> PushReport:
    """Send every waiting event, oldest first, until none is left (or ``max_events`` went).

    Raises:
        HeadOfficeUnavailableError: offline or busy; what was acked so far stays acked.
        HeadOfficeRefusedError: the token was refused.
    """
    report = PushReport()
    size = max(1, min(batch_size, MAX_EVENTS_PER_BATCH))
    while max_events is None or report.sent + report.set_aside < max_events:
        waiting = _oldest_waiting(database, size)
        if not waiting:
            break
        events, unsendable = _wire_events(waiting)
        if unsendable:
            _set_aside(database, unsendable)
            report.set_aside += len(unsendable)
            continue
        batch = PushBatch(device_id=device, store_code=client.store_code, events=events)
        try:
            report.attachments_uploaded += _upload_attachments(client, data_dir, events)
            result = client.push(batch)
        except BatchTooLargeError:
            if size == 1:
                _set_aside(database, {events[0].device_seq: "too large for head office"})
                report.set_aside += 1
            size = max(1, size // 2)
            continue
        except BatchRejectedError as rejected:
            problems = {
                events[index].device_seq: message
                for index, message in rejected.problems.items()
                if 0 <= index < len(events)
            }
            if not problems and len(events) == 1:
                problems = {events[0].device_seq: str(rejected)}
            if problems:
                _set_aside(database, problems)
                report.set_aside += len(problems)
            else:
                size = max(1, size // 2)
            continue
        except SyncError as error:
            note_failure(database, [event.device_seq for event in events], str(error))
            raise
        _record_acks(database, events, result, report)
        report.batches += 1
        size = max(1, min(batch_size, MAX_EVENTS_PER_BATCH))
        if progress is not None:
            progress(report.sent)
    return report
