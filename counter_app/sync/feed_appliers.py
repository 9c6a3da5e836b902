"""How each pulled feed lands in the store database (one function per feed)."""

from collections.abc import Mapping

from counter_app.domain.sync_protocol import Feed
from counter_app.sync.pull import FeedApplier

FEED_APPLIERS: Mapping[Feed, FeedApplier] = {}
