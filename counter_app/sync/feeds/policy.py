"""The policy feed at the store: head office's rules become the store's next policy version."""

from collections.abc import Sequence
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlmodel import Session, col, select

from counter_app.domain.audit_chain import canonical_json
from counter_app.domain.return_policy import ReturnPolicy
from counter_app.domain.sync_protocol import Feed, FeedEntry
from counter_app.i18n import say
from counter_app.services.policy import rules_as_data
from counter_app.services.recording import record_change
from counter_app.sync.feeds import FeedItemError, read_items
from counter_app.sync.feeds.shapes import PolicyItem
from db.store.models import Policy, Store


def apply_policy(session: Session, store: Store, entries: Sequence[FeedEntry]) -> None:
    """Save the rules as the next version, unless the newest version already has them.

    Versions are never changed (an old case keeps the rules that decided it), so
    applying the same item again finds the same rules and saves nothing.
    """
    now = datetime.now(UTC)
    for item in read_items(PolicyItem, Feed.POLICY, entries):
        try:
            rules = ReturnPolicy.model_validate(item.rules)
        except ValidationError as error:
            raise FeedItemError(
                say(
                    "Head office sent a return policy Counter cannot use ({problem}); "
                    "the store keeps its current policy."
                ).format(problem=error.errors()[0]["msg"])
            ) from error
        text = canonical_json(rules_as_data(rules))
        newest = session.exec(
            select(Policy).where(Policy.store_id == store.id).order_by(col(Policy.version).desc())
        ).first()
        if newest is not None and newest.rules == text:
            continue
        row = Policy(
            store_id=store.id,
            version=(newest.version if newest else 0) + 1,
            rules=text,
            effective_from=now,
            created_by=None,
            created_at=now,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            store_id=store.id,
            staff_id=None,
            action="policy.received",
            entity="policy",
            entity_id=str(row.id),
            details={
                "version": row.version,
                "previous_version": newest.version if newest else 0,
                "published_at": item.published_at.isoformat(),
            },
            outbox_payload={"id": str(row.id), "version": row.version},
            now=now,
        )
