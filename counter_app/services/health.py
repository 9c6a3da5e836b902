"""How the store database is doing: schema, integrity, what waits to sync."""

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, func, select

from db.store.database import StoreDatabase
from db.store.migrate import current_revision
from db.store.models import AuditEvent, Case, Outbox, Store


@dataclass(frozen=True)
class DatabaseHealth:
    """A snapshot for ``counter-app db check`` and the support screen."""

    path: Path
    schema_revision: str | None
    store: str | None
    cases: int
    outbox_pending: int
    audit_events: int
    problems: tuple[str, ...]


def database_health(*, database: StoreDatabase) -> DatabaseHealth:
    """Run the integrity check and count what matters; reads only."""
    problems = tuple(database.integrity_problems())
    with database.read() as session:
        store = session.exec(select(Store)).first()
        cases = session.exec(select(func.count()).select_from(Case)).one()
        pending = session.exec(
            select(func.count()).select_from(Outbox).where(col(Outbox.sent_at).is_(None))
        ).one()
        audit_events = session.exec(select(func.count()).select_from(AuditEvent)).one()
    return DatabaseHealth(
        path=database.path,
        schema_revision=current_revision(database.engine),
        store=f"{store.code} {store.name}" if store else None,
        cases=cases,
        outbox_pending=pending,
        audit_events=audit_events,
        problems=problems,
    )
