"""How each pulled feed lands in the store database (one function per feed).

The order matters: the catalog comes before sales, so a receipt's SKUs are
known when it is applied. Item shapes: :mod:`counter_app.sync.feeds.shapes`.
"""

from collections.abc import Mapping

from counter_app.domain.sync_protocol import Feed
from counter_app.sync.feeds.catalog import apply_catalog
from counter_app.sync.feeds.policy import apply_policy
from counter_app.sync.feeds.sales import apply_sales
from counter_app.sync.feeds.staff import apply_staff
from counter_app.sync.pull import FeedApplier

FEED_APPLIERS: Mapping[Feed, FeedApplier] = {
    Feed.CATALOG: apply_catalog,
    Feed.STAFF: apply_staff,
    Feed.SALES: apply_sales,
    Feed.POLICY: apply_policy,
}
