"""Where sync stands, for the status bar and the manager: online, last success, waiting."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import col, func, select

from counter_app.sync.pull import PUSH_STATE
from db.store.database import StoreDatabase
from db.store.models import Outbox, SyncState


@dataclass(frozen=True)
class SyncStatus:
    """The last pass's outcome and what waits; ``online`` is None before any pass."""

    online: bool | None
    last_success_at: datetime | None
    last_attempt_error: str | None
    waiting: int
    set_aside: int


@dataclass(frozen=True)
class SetAsideEvent:
    """An event head office refused, kept for the manager to see (and IT to fix)."""

    seq: int
    event_id: uuid.UUID
    kind: str
    entity_id: str
    created_at: datetime
    error: str


def record_pass(database: StoreDatabase, *, error: str | None) -> None:
    """Remember how the last pass went (success clears the error)."""
    now = datetime.now(UTC)
    with database.write() as session:
        state = session.get(SyncState, PUSH_STATE) or SyncState(feed=PUSH_STATE)
        if error is None:
            state.last_success_at = now
        state.last_error = error[:500] if error else None
        state.cursor = now.isoformat()  # when the last pass ran, successful or not
        session.add(state)


def sync_status(database: StoreDatabase) -> SyncStatus:
    """The status bar's figures, in one read."""
    with database.read() as session:
        state = session.get(SyncState, PUSH_STATE)
        waiting: int = session.exec(
            select(func.count())
            .select_from(Outbox)
            .where(col(Outbox.sent_at).is_(None), col(Outbox.set_aside_at).is_(None))
        ).one()
        set_aside: int = session.exec(
            select(func.count()).select_from(Outbox).where(col(Outbox.set_aside_at).is_not(None))
        ).one()
    if state is None or state.cursor is None:
        return SyncStatus(None, None, None, waiting, set_aside)
    return SyncStatus(
        online=state.last_error is None,
        last_success_at=state.last_success_at,
        last_attempt_error=state.last_error,
        waiting=waiting,
        set_aside=set_aside,
    )


def set_aside_events(database: StoreDatabase, *, limit: int = 200) -> list[SetAsideEvent]:
    """The events head office refused, oldest first."""
    with database.read() as session:
        rows = session.exec(
            select(Outbox)
            .where(col(Outbox.set_aside_at).is_not(None))
            .order_by(col(Outbox.seq))
            .limit(limit)
        ).all()
        return [
            SetAsideEvent(
                row.seq or 0,
                row.event_id,
                row.kind,
                row.entity_id,
                row.created_at,
                row.last_error or "",
            )
            for row in rows
        ]
