"""The feeds stores pull (catalog, sales, policy, staff), versioned per store.

Every change to a store's feed takes the next version from the store's
``ho_feed_counter`` row; the row lock held until commit means versions
become visible in order, so a store reading "everything after version N"
never skips a change committed late.
"""

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from counter_app.domain.sync_protocol import MAX_FEED_PAGE, Feed, FeedEntry, FeedPage
from db.headoffice.models import FeedCounter, FeedItem


def _insert_for(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql_insert if dialect == "postgresql" else sqlite_insert


def _take_versions(session: Session, store_id: uuid.UUID, feed: Feed, count: int) -> int:
    """Reserve ``count`` versions of the store's feed; answers the first of them."""
    insert = _insert_for(session)
    statement = (
        insert(FeedCounter)
        .values(store_id=store_id, feed=feed.value, last_version=count)
        .on_conflict_do_update(
            index_elements=["store_id", "feed"],
            set_={"last_version": col(FeedCounter.last_version) + count},
        )
        .returning(col(FeedCounter.last_version))
    )
    last = int(session.execute(statement).scalar_one())
    return last - count + 1


# Keys looked up per statement: well under SQLite's and PostgreSQL's limits on parameters.
KEYS_PER_LOOKUP = 1000


def _held_texts(
    session: Session, store_id: uuid.UUID, feed: Feed, keys: list[str]
) -> dict[str, str]:
    """The data the store's feed holds now for those of ``keys`` it has."""
    held: dict[str, str] = {}
    for start in range(0, len(keys), KEYS_PER_LOOKUP):
        rows = session.execute(
            select(FeedItem.key, FeedItem.data).where(
                FeedItem.store_id == store_id,
                FeedItem.feed == feed.value,
                col(FeedItem.key).in_(keys[start : start + KEYS_PER_LOOKUP]),
            )
        )
        held.update((key, data) for key, data in rows)
    return held


def _feed_text(data: Mapping[str, Any]) -> str:
    """An item's data as the feed keeps it: one text for the same data, whatever its key order."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def publish(
    session: Session,
    store_id: uuid.UUID,
    feed: Feed,
    items: Iterable[tuple[str, Mapping[str, Any]]],
) -> int:
    """Put items (key, data) into a store's feed, replacing same-key items.

    Answers how many items were new or changed. An item the store already has,
    with the same data, is left as it is: it keeps its version, so importing the
    same list again gives the stores nothing to pull.
    """
    texts = {key: _feed_text(data) for key, data in items}
    if not texts:
        return 0
    held = _held_texts(session, store_id, feed, list(texts))
    changed = [(key, text) for key, text in texts.items() if held.get(key) != text]
    if not changed:
        return 0
    first = _take_versions(session, store_id, feed, len(changed))
    now = datetime.now(UTC)
    insert = _insert_for(session)
    for offset, (key, text) in enumerate(changed):
        statement = insert(FeedItem).values(
            store_id=store_id,
            feed=feed.value,
            key=key,
            version=first + offset,
            data=text,
            updated_at=now,
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["store_id", "feed", "key"],
                set_={
                    "version": statement.excluded.version,
                    "data": statement.excluded.data,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )
    return len(changed)


def read_page(
    session: Session, store_id: uuid.UUID, feed: Feed, *, after: int, limit: int = MAX_FEED_PAGE
) -> FeedPage:
    """The store's feed items changed after version ``after``, oldest first."""
    size = max(1, min(limit, MAX_FEED_PAGE))
    rows = session.exec(
        select(FeedItem)
        .where(
            FeedItem.store_id == store_id,
            FeedItem.feed == feed.value,
            col(FeedItem.version) > after,
        )
        .order_by(col(FeedItem.version))
        .limit(size + 1)
    ).all()
    page = rows[:size]
    entries = [
        FeedEntry(key=row.key, version=row.version, data=json.loads(row.data)) for row in page
    ]
    return FeedPage(
        feed=feed,
        entries=entries,
        cursor=entries[-1].version if entries else after,
        more=len(rows) > size,
    )
