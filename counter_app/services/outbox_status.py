"""How many changes wait in the outbox for head office, for the status bar.

Until sync arrives the counter still records every change for head office;
the clerk and the manager should see that nothing is lost, only waiting.
"""

from sqlmodel import col, func, select

from db.store.database import StoreDatabase
from db.store.models import Outbox


def changes_to_send(*, database: StoreDatabase) -> int:
    """The outbox rows waiting for head office (not acked yet, and not set aside)."""
    with database.read() as session:
        count: int = session.exec(
            select(func.count())
            .select_from(Outbox)
            .where(col(Outbox.sent_at).is_(None), col(Outbox.set_aside_at).is_(None))
        ).one()
    return count
