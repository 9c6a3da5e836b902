"""Pull head office's feeds: each page applied in one transaction with its cursor.

A page's changes and the cursor that says they are applied commit together,
so a crash between pages loses nothing and applies nothing twice: the next
pass asks again from the last cursor that was committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from counter_app.domain.sync_protocol import Feed, FeedEntry
from db.store.database import StoreDatabase
from db.store.models import Store, SyncState

if TYPE_CHECKING:  # the client (and httpx) loads when a pass first talks to head office
    from counter_app.sync.client import HeadOfficeClient

log = logging.getLogger("counter.sync")

FeedApplier = Callable[[Session, Store, Sequence[FeedEntry]], None]
PUSH_STATE = "push"


@dataclass
class PullReport:
    """How many changes of each feed were applied in one pass."""

    applied: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Changes applied across all feeds."""
        return sum(self.applied.values())


def feed_cursor(session: Session, feed: Feed) -> int:
    """The version of the feed this store has applied (0 before the first pull)."""
    state = session.get(SyncState, feed.value)
    if state is None or not state.cursor:
        return 0
    try:
        return int(state.cursor)
    except ValueError:
        log.warning(
            "feed %s had a cursor Counter cannot read (%r); pulling it anew", feed, state.cursor
        )
        return 0


def _advance(session: Session, feed: Feed, cursor: int, now: datetime) -> None:
    state = session.get(SyncState, feed.value) or SyncState(feed=feed.value)
    state.cursor = str(cursor)
    state.last_success_at = now
    state.last_error = None
    session.add(state)


def pull_feeds(
    database: StoreDatabase,
    client: HeadOfficeClient,
    appliers: Mapping[Feed, FeedApplier],
    *,
    page_size: int | None = None,
) -> PullReport:
    """Apply every feed's changes since its cursor, page by page.

    Raises:
        HeadOfficeUnavailableError: offline or busy; pages applied so far stay applied.
    """
    report = PullReport()
    for feed, apply in appliers.items():
        with database.read() as session:
            cursor = feed_cursor(session, feed)
        while True:
            page = client.pull(feed, cursor, page_size)
            with database.write() as session:
                store = _the_store(session)
                if page.entries:
                    apply(session, store, page.entries)
                _advance(session, feed, page.cursor, datetime.now(UTC))
            report.applied[feed.value] = report.applied.get(feed.value, 0) + len(page.entries)
            cursor = page.cursor
            if not page.more:
                break
    return report


def _the_store(session: Session) -> Store:
    store = session.exec(select(Store)).first()
    if store is None:
        raise LookupError("no store is set up in this database")
    return store
