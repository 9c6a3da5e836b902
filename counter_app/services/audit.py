"""Checking the audit trail: is every event still exactly as it was written?"""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import col, select

from counter_app.domain.audit_chain import BrokenLink, ChainLink, first_broken_link
from counter_app.services.recording import audit_content
from db.store.database import StoreDatabase
from db.store.models import AuditEvent

_BATCH = 5_000


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: how many events were read and the first broken link."""

    events_checked: int
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        """True when every event verified."""
        return self.broken is None


def verify_audit_chain(*, database: StoreDatabase) -> ChainReport:
    """Recompute every link of the audit chain, in order, and report the first that fails."""
    count = 0

    def links() -> Iterator[ChainLink]:
        nonlocal count
        with database.read() as session:
            statement = select(AuditEvent).order_by(col(AuditEvent.seq))
            for event in session.exec(statement.execution_options(yield_per=_BATCH)):
                count += 1
                yield ChainLink(
                    seq=event.seq or 0,
                    content=audit_content(event),
                    prev_hash=event.prev_hash,
                    hash=event.hash,
                )

    broken = first_broken_link(links())
    return ChainReport(count, broken)
