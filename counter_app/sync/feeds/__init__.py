"""The store's side of head office's feeds: one module per feed, each applying a page.

Every applier runs inside the page's write transaction (see
:func:`counter_app.sync.pull.pull_feeds`) and is idempotent: applying the same
item twice leaves the store as applying it once did, so a page pulled again
after a crash changes nothing more. Item shapes are in :mod:`.shapes`.
"""

from collections.abc import Sequence
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from counter_app.domain.sync_protocol import Feed, FeedEntry
from counter_app.i18n import say
from counter_app.sync.errors import SyncError

ItemT = TypeVar("ItemT", bound=BaseModel)


class FeedItemError(SyncError):
    """Head office sent an item the store cannot use: the feed stops there, nothing is skipped.

    The page is rolled back, so the cursor stays before it and the next pass tries
    again once head office has corrected the item.
    """


def read_items(model: type[ItemT], feed: Feed, entries: Sequence[FeedEntry]) -> list[ItemT]:
    """The page's entries as ``model``; refuses the page at the first one that does not fit."""
    items = []
    for entry in entries:
        try:
            items.append(model.model_validate(entry.data))
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "item"
            raise FeedItemError(
                say(
                    "Head office sent a {feed} item ({key}) that Counter cannot use "
                    "({where}: {problem}); that feed waits until head office corrects it."
                ).format(feed=feed.value, key=entry.key, where=where, problem=problem["msg"])
            ) from error
    return items
